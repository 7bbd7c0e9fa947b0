//! The one authorization point: every server function and route that touches protected data
//! asks `authorize` with the actor, the action and the unit the data belongs to (looked up
//! on the server). Anything not allowed below is denied.

use crate::{
    accounts::{Actor, Role},
    error::AppError,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Create, edit, disable or reset an account.
    ManageAccount,
    /// Read the audit log.
    ReadAudit,
    /// Change a unit's assignment (status, progress, note, evidence).
    UpdateAssignment,
    /// Verify a commune's reported "done", or return it.
    VerifyAssignment,
    /// Change the rules' settings (thresholds).
    ManageSettings,
    /// Create plans and tasks, assign them, move deadlines.
    ManagePlans,
    /// Read a unit's own records: officials' notes, difficulties, recommendations and
    /// reasons, who changed what, and evidence files and links.
    ReadUnitRecords,
    /// Record and change a province's decisions on its procedures, and its procedure data.
    ManageProcedures,
    /// Issue and revoke the API tokens of the provinces' systems.
    ManageIntegrations,
    /// Plan and record a ministry visit to a province: its delegation, the locality's
    /// recommendations and the delegation's conclusions.
    ManageVisits,
    /// Answer a visit's recommendation or conclusion, moving it on until it is closed.
    RespondFollowUp,
    /// Keep the on-site checklist's questions of each kind of visit.
    ManageChecklist,
    /// Keep a province's contact points (`đầu mối`) by topic.
    ManageContactPoints,
}

/// What the action touches, described by the units it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Data of the whole country.
    Nation,
    /// Data of one province (for accounts: the commune accounts in it).
    Province(String),
    /// An account as it is or as it would become: its role and the units of its scope.
    Account {
        role: Role,
        province: Option<String>,
    },
    /// A unit's own data: a province (no commune) or a commune of that province.
    Unit {
        province: String,
        commune: Option<String>,
    },
}

pub fn authorize(actor: Option<&Actor>, action: Action, target: &Target) -> Result<(), AppError> {
    let Some(actor) = actor else {
        return Err(AppError::Unauthorized);
    };
    let own_province = |code: &Option<String>| code.is_some() && *code == actor.province_code;
    let allowed = match (actor.role, action, target) {
        (Role::MinistryAdmin, _, _) => true,
        // Inspectors read every unit's records, run visits anywhere and follow them up.
        (Role::Inspector, Action::ReadUnitRecords, Target::Unit { .. }) => true,
        (
            Role::Inspector,
            Action::ManageVisits | Action::RespondFollowUp | Action::ManageContactPoints,
            Target::Nation | Target::Province(_),
        ) => true,
        // A province official answers what the visits to their province left to follow up.
        (
            Role::ProvinceOfficial,
            Action::RespondFollowUp | Action::ManageContactPoints,
            Target::Province(code),
        ) => own_province(&Some(code.clone())),
        // Officials read the records of the units they may update: a province official their
        // province's and its communes', a commune official their commune's.
        (Role::ProvinceOfficial, Action::ReadUnitRecords, Target::Unit { province, .. }) => {
            own_province(&Some(province.clone()))
        }
        (
            Role::CommuneOfficial,
            Action::ReadUnitRecords,
            Target::Unit {
                commune: Some(commune),
                ..
            },
        ) => actor.commune_code.as_ref() == Some(commune),
        // A province official manages the commune accounts of their own province only.
        (
            Role::ProvinceOfficial,
            Action::ManageAccount,
            Target::Account {
                role: Role::CommuneOfficial,
                province,
            },
        ) => own_province(province),
        // Within their province: its communes' accounts, its audit log, and (bulk) its
        // communes' assignments.
        (
            Role::ProvinceOfficial,
            Action::ReadAudit | Action::ManageAccount | Action::UpdateAssignment,
            Target::Province(code),
        ) => own_province(&Some(code.clone())),
        // A province official records their own province's decisions on procedures.
        (Role::ProvinceOfficial, Action::ManageProcedures, Target::Province(code)) => {
            own_province(&Some(code.clone()))
        }
        // A province official updates the province's own tasks and, for communes that report
        // through the province (bulk upload), its communes'; and verifies its communes'.
        (Role::ProvinceOfficial, Action::UpdateAssignment, Target::Unit { province, .. }) => {
            own_province(&Some(province.clone()))
        }
        // The verification queue: the reports of a province's communes.
        (Role::ProvinceOfficial, Action::VerifyAssignment, Target::Province(code)) => {
            own_province(&Some(code.clone()))
        }
        (
            Role::ProvinceOfficial,
            Action::VerifyAssignment,
            Target::Unit {
                province,
                commune: Some(_),
            },
        ) => own_province(&Some(province.clone())),
        // A commune official updates their own commune's.
        (
            Role::CommuneOfficial,
            Action::UpdateAssignment,
            Target::Unit {
                commune: Some(commune),
                ..
            },
        ) => actor.commune_code.as_ref() == Some(commune),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Everything an actor's scope reaches: the country for ministry staff, else their province.
pub fn own_area(actor: &Actor) -> Target {
    match actor.role {
        Role::MinistryAdmin | Role::Inspector => Target::Nation,
        Role::ProvinceOfficial | Role::CommuneOfficial => {
            Target::Province(actor.province_code.clone().unwrap_or_default())
        }
    }
}

/// Whether the actor may do `action` somewhere in their own area (to offer it in menus).
pub fn may_in_own_area(actor: &Actor, action: Action) -> bool {
    authorize(Some(actor), action, &own_area(actor)).is_ok()
}

/// The roles an actor may give to an account in their own scope (none: no account pages).
pub fn grantable_roles(actor: &Actor) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|&role| {
            let target = Target::Account {
                role,
                province: actor.province_code.clone(),
            };
            authorize(Some(actor), Action::ManageAccount, &target).is_ok()
        })
        .collect()
}

/// `authorize` for the current server function call; a refusal is written to the audit log.
#[cfg(feature = "ssr")]
pub async fn require(action: Action, target: Target) -> Result<Actor, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    check(&state, request.actor.as_ref(), &request.ip, action, target).await
}

/// `authorize` for a request made by `actor` from `ip`; a refusal is written to the audit log.
#[cfg(feature = "ssr")]
pub async fn check(
    state: &crate::state::AppState,
    actor: Option<&Actor>,
    ip: &str,
    action: Action,
    target: Target,
) -> Result<Actor, AppError> {
    match authorize(actor, action, &target) {
        Ok(()) => actor.cloned().ok_or(AppError::Unauthorized),
        Err(error) => {
            let entity_id = match &target {
                Target::Nation => None,
                Target::Province(code) => Some(code.clone()),
                Target::Account { role, .. } => Some(role.code().to_owned()),
                Target::Unit { province, commune } => {
                    Some(commune.clone().unwrap_or_else(|| province.clone()))
                }
            };
            // Filed under the asker's own province (the target is the entry's id): a
            // province's log never shows another province's officials, their addresses or
            // what they tried. A refusal of nobody signed in is the ministry's to read.
            let province_code = actor.and_then(|a| a.province_code.clone());
            let entry = crate::audit::Entry {
                action: "access_denied",
                entity: Some(match action {
                    Action::ManageAccount => "user_account",
                    Action::ReadAudit => "audit_event",
                    Action::UpdateAssignment
                    | Action::VerifyAssignment
                    | Action::ReadUnitRecords => "assignment",
                    Action::ManageSettings => "setting",
                    Action::ManagePlans => "plan",
                    Action::ManageProcedures => "decision",
                    Action::ManageIntegrations => "api_token",
                    Action::ManageVisits => "visit",
                    Action::RespondFollowUp => "follow_up",
                    Action::ManageChecklist => "checklist_question",
                    Action::ManageContactPoints => "contact_point",
                }),
                entity_id,
                province_code,
                ..Default::default()
            };
            let now = state.clock.now();
            match actor {
                Some(_) => crate::audit::record(&state.db, now, actor, Some(ip), entry).await?,
                None => crate::audit::record_refusal(&state.db, now, ip, entry).await?,
            }
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, province: Option<&str>, commune: Option<&str>) -> Actor {
        Actor {
            user_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            role,
            province_code: province.map(Into::into),
            commune_code: commune.map(Into::into),
        }
    }

    fn commune_account(province: &str) -> Target {
        Target::Account {
            role: Role::CommuneOfficial,
            province: Some(province.into()),
        }
    }

    #[test]
    fn anonymous_is_asked_to_sign_in() {
        assert_eq!(
            authorize(None, Action::ReadAudit, &Target::Nation),
            Err(AppError::Unauthorized)
        );
    }

    #[test]
    fn province_officials_manage_only_their_own_communes_accounts() {
        let nghe_an = actor(Role::ProvinceOfficial, Some("40"), None);
        assert_eq!(
            authorize(
                Some(&nghe_an),
                Action::ManageAccount,
                &commune_account("40")
            ),
            Ok(())
        );
        assert_eq!(
            authorize(
                Some(&nghe_an),
                Action::ManageAccount,
                &commune_account("42")
            ),
            Err(AppError::Forbidden)
        );
        let province_account = Target::Account {
            role: Role::ProvinceOfficial,
            province: Some("40".into()),
        };
        assert_eq!(
            authorize(Some(&nghe_an), Action::ManageAccount, &province_account),
            Err(AppError::Forbidden)
        );
        let admin_account = Target::Account {
            role: Role::MinistryAdmin,
            province: None,
        };
        assert_eq!(
            authorize(Some(&nghe_an), Action::ManageAccount, &admin_account),
            Err(AppError::Forbidden)
        );
        let nowhere = Target::Account {
            role: Role::CommuneOfficial,
            province: None,
        };
        assert_eq!(
            authorize(Some(&nghe_an), Action::ManageAccount, &nowhere),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn audit_is_read_by_admins_and_own_province() {
        let admin = actor(Role::MinistryAdmin, None, None);
        let nghe_an = actor(Role::ProvinceOfficial, Some("40"), None);
        let commune = actor(Role::CommuneOfficial, Some("40"), Some("17827"));
        let inspector = actor(Role::Inspector, None, None);
        assert_eq!(
            authorize(Some(&admin), Action::ReadAudit, &Target::Nation),
            Ok(())
        );
        assert_eq!(
            authorize(
                Some(&nghe_an),
                Action::ReadAudit,
                &Target::Province("40".into())
            ),
            Ok(())
        );
        assert_eq!(
            authorize(
                Some(&nghe_an),
                Action::ReadAudit,
                &Target::Province("42".into())
            ),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            authorize(Some(&nghe_an), Action::ReadAudit, &Target::Nation),
            Err(AppError::Forbidden)
        );
        for other in [&commune, &inspector] {
            assert_eq!(
                authorize(
                    Some(other),
                    Action::ReadAudit,
                    &Target::Province("40".into())
                ),
                Err(AppError::Forbidden)
            );
        }
    }

    #[test]
    fn officials_update_and_verify_only_within_their_scope() {
        let unit = |province: &str, commune: Option<&str>| Target::Unit {
            province: province.into(),
            commune: commune.map(Into::into),
        };
        let nghe_an = actor(Role::ProvinceOfficial, Some("40"), None);
        let nghi_loc = actor(Role::CommuneOfficial, Some("40"), Some("17827"));
        let inspector = actor(Role::Inspector, None, None);
        let admin = actor(Role::MinistryAdmin, None, None);
        let may = |a: &Actor, t: &Target| authorize(Some(a), Action::UpdateAssignment, t).is_ok();
        assert!(may(&nghe_an, &unit("40", None)));
        assert!(!may(&nghe_an, &unit("42", None)));
        assert!(
            may(&nghe_an, &unit("40", Some("17827"))),
            "on behalf of its communes"
        );
        assert!(!may(&nghe_an, &unit("42", Some("18073"))));
        let verifies =
            |a: &Actor, t: &Target| authorize(Some(a), Action::VerifyAssignment, t).is_ok();
        assert!(verifies(&nghe_an, &unit("40", Some("17827"))));
        assert!(!verifies(&nghe_an, &unit("40", None)), "not its own tasks");
        assert!(verifies(&nghe_an, &Target::Province("40".into())));
        assert!(!verifies(&nghe_an, &Target::Province("42".into())));
        assert!(!verifies(&nghi_loc, &Target::Province("40".into())));
        assert!(!verifies(&nghe_an, &unit("42", Some("18073"))));
        assert!(
            !verifies(&nghi_loc, &unit("40", Some("17827"))),
            "not its own report"
        );
        assert!(may(&nghi_loc, &unit("40", Some("17827"))));
        assert!(!may(&nghi_loc, &unit("40", Some("16681"))));
        assert!(!may(&nghi_loc, &unit("40", None)));
        assert!(!may(&inspector, &unit("40", Some("17827"))));
        assert!(may(&admin, &unit("42", Some("18073"))));
    }

    #[test]
    fn ministry_staff_run_visits_and_the_province_answers_its_own() {
        let province = |code: &str| Target::Province(code.into());
        let nghe_an = actor(Role::ProvinceOfficial, Some("40"), None);
        let nghi_loc = actor(Role::CommuneOfficial, Some("40"), Some("17827"));
        let inspector = actor(Role::Inspector, None, None);
        let admin = actor(Role::MinistryAdmin, None, None);
        let manages = |a: &Actor| authorize(Some(a), Action::ManageVisits, &province("40")).is_ok();
        let answers = |a: &Actor, code: &str| {
            authorize(Some(a), Action::RespondFollowUp, &province(code)).is_ok()
        };
        assert!(manages(&inspector) && manages(&admin));
        assert!(!manages(&nghe_an) && !manages(&nghi_loc));
        assert!(answers(&nghe_an, "40"));
        assert!(!answers(&nghe_an, "42"));
        assert!(!answers(&nghi_loc, "40"));
        assert!(answers(&inspector, "42") && answers(&admin, "42"));
        assert_eq!(
            authorize(None, Action::RespondFollowUp, &province("40")),
            Err(AppError::Unauthorized)
        );
    }

    #[test]
    fn roles_an_actor_may_grant() {
        let admin = actor(Role::MinistryAdmin, None, None);
        let nghe_an = actor(Role::ProvinceOfficial, Some("40"), None);
        let commune = actor(Role::CommuneOfficial, Some("40"), Some("17827"));
        let inspector = actor(Role::Inspector, None, None);
        assert_eq!(grantable_roles(&admin), Role::ALL.to_vec());
        assert_eq!(grantable_roles(&nghe_an), vec![Role::CommuneOfficial]);
        assert!(grantable_roles(&commune).is_empty());
        assert!(grantable_roles(&inspector).is_empty());
    }

    #[test]
    fn an_official_without_a_province_reaches_nothing() {
        let broken = actor(Role::ProvinceOfficial, None, None);
        let target = Target::Account {
            role: Role::CommuneOfficial,
            province: None,
        };
        assert_eq!(
            authorize(Some(&broken), Action::ManageAccount, &target),
            Err(AppError::Forbidden)
        );
    }
}
