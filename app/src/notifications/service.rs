//! Notifications in the database: told to the accounts an event concerns, in the event's
//! transaction; swept for the dates that come without one; read by their account only; and
//! taken once each for e-mail.

use super::{Inbox, Notice, NoticeKind};
use crate::{
    accounts::{Actor, Role},
    error::AppError,
    state::AppState,
    tasks::service::today,
    visits::{ActedBy, FollowUpStatus, VisitStatus, follow_up_link},
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use entity::{follow_up, notification, user_account, visit};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, sea_query::OnConflict,
};

/// Who an event concerns.
pub enum Recipients<'a> {
    /// The officials of a province.
    Province(&'a str),
    /// The officials of a commune.
    Commune(&'a str),
    /// Inspectors and ministry admins.
    Ministry,
}

/// What is told: the event's key (one notification per account and key), its kind, what it
/// is about and where to act, and who caused it (not told of their own act).
pub struct Event<'a> {
    pub key: String,
    pub kind: NoticeKind,
    pub title: &'a str,
    pub link: String,
    pub by: Option<i64>,
}

/// The kept length of a notification's title.
const TITLE_CHARS: usize = 400;
/// How many days before its due date a follow-up is told of.
const DUE_SOON_DAYS: u64 = 7;
/// How many notifications the inbox shows.
const INBOX_SIZE: u64 = 100;

async fn accounts(db: &impl ConnectionTrait, to: &Recipients<'_>) -> Result<Vec<i64>, DbErr> {
    use user_account::Column as U;
    let query = user_account::Entity::find().filter(U::Active.eq(true));
    let query = match to {
        Recipients::Province(code) => query
            .filter(U::Role.eq(Role::ProvinceOfficial.code()))
            .filter(U::ScopeCode.eq(*code)),
        Recipients::Commune(code) => query
            .filter(U::Role.eq(Role::CommuneOfficial.code()))
            .filter(U::ScopeCode.eq(*code)),
        Recipients::Ministry => {
            query.filter(U::Role.is_in([Role::Inspector.code(), Role::MinistryAdmin.code()]))
        }
    };
    query.select_only().column(U::Id).into_tuple().all(db).await
}

/// Tells `users` of `event`, once each.
async fn tell(
    db: &impl ConnectionTrait,
    users: &[i64],
    event: &Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let title: String = event.title.chars().take(TITLE_CHARS).collect();
    let rows: Vec<notification::ActiveModel> = users
        .iter()
        .map(|&user_id| notification::ActiveModel {
            user_id: Set(user_id),
            key: Set(event.key.clone()),
            kind: Set(event.kind.code().to_owned()),
            title: Set(title.clone()),
            link: Set(event.link.clone()),
            created_at: Set(now),
            read_at: Set(None),
            emailed_at: Set(None),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        notification::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([notification::Column::UserId, notification::Column::Key])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Tells the accounts `to` names of `event`, in the caller's transaction.
pub async fn notify(
    db: &impl ConnectionTrait,
    to: Recipients<'_>,
    event: Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut users = accounts(db, &to).await?;
    users.retain(|&user| Some(user) != event.by);
    if users.is_empty() {
        return Ok(());
    }
    tell(db, &users, &event, now).await
}

/// Tells of every recommendation and conclusion due within 7 days of `day`, or overdue, that
/// is still open in a visit still followed up, to those who act on it: its province's
/// officials, or ministry staff (a recommendation, or a conclusion the delegation took on
/// itself). With `only`, to that account
/// alone (its inbox being opened).
pub async fn sweep(
    db: &impl ConnectionTrait,
    day: NaiveDate,
    now: DateTime<Utc>,
    only: Option<&Actor>,
) -> Result<(), DbErr> {
    let soon = day + Days::new(DUE_SOON_DAYS);
    let closed: Vec<i64> = visit::Entity::find()
        .filter(visit::Column::Status.eq(VisitStatus::Closed.code()))
        .select_only()
        .column(visit::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut items = follow_up::Entity::find()
        .filter(follow_up::Column::Status.ne(FollowUpStatus::Closed.code()))
        .filter(follow_up::Column::DueOn.lte(soon))
        .filter(follow_up::Column::VisitId.is_not_in(closed));
    if let Some(actor) = only {
        items = match actor.role {
            Role::ProvinceOfficial => items
                .filter(follow_up::Column::ActedBy.eq(ActedBy::Province.code()))
                .filter(follow_up::Column::ProvinceCode.eq(actor.province_code.clone())),
            Role::Inspector | Role::MinistryAdmin => {
                items.filter(follow_up::Column::ActedBy.eq(ActedBy::Ministry.code()))
            }
            Role::CommuneOfficial => return Ok(()),
        };
    }
    for item in items.all(db).await? {
        let overdue = item.due_on.is_some_and(|due| due < day);
        let (kind, key) = if overdue {
            (NoticeKind::FollowUpOverdue, format!("overdue:{}", item.id))
        } else {
            (NoticeKind::FollowUpDue, format!("due:{}", item.id))
        };
        let to = if item.acted_by == ActedBy::Province.code() {
            Recipients::Province(&item.province_code)
        } else {
            Recipients::Ministry
        };
        let users = match only {
            Some(actor) => vec![actor.user_id],
            None => accounts(db, &to).await?,
        };
        let event = Event {
            key,
            kind,
            title: &item.body,
            link: follow_up_link(item.visit_id, item.id),
            by: None,
        };
        tell(db, &users, &event, now).await?;
    }
    Ok(())
}

fn notice(row: notification::Model) -> Option<Notice> {
    Some(Notice {
        id: row.id,
        kind: NoticeKind::parse(&row.kind)?,
        title: row.title,
        link: row.link,
        created_at: row.created_at,
        read: row.read_at.is_some(),
    })
}

/// `actor`'s latest notifications (its due dates swept first) and how many are unread.
pub async fn inbox(state: &AppState, actor: &Actor) -> Result<Inbox, AppError> {
    let db = &state.db;
    sweep(db, today(state), state.clock.now(), Some(actor)).await?;
    let notices = notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(INBOX_SIZE)
        .all(db)
        .await?
        .into_iter()
        .filter_map(notice)
        .collect();
    Ok(Inbox {
        notices,
        unread: unread(state, actor).await?,
    })
}

pub async fn unread(state: &AppState, actor: &Actor) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(&state.db)
        .await?)
}

/// Marks `actor`'s notification `id` read, or all of them; returns how many were unread.
pub async fn mark_read(state: &AppState, actor: &Actor, id: Option<i64>) -> Result<u64, AppError> {
    let mut update = notification::Entity::update_many()
        .col_expr(
            notification::Column::ReadAt,
            sea_orm::sea_query::Expr::value(Some(state.clock.now())),
        )
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        update = update.filter(notification::Column::Id.eq(id));
    }
    Ok(update.exec(&state.db).await?.rows_affected)
}

/// A notification to e-mail: its row and its account's address.
pub struct Mail {
    pub id: i64,
    pub to: String,
    pub title: String,
    pub kind: NoticeKind,
    pub link: String,
}

/// Takes up to `limit` notifications of the last day not yet e-mailed, each by one caller
/// only (of several instances, the one whose update changed the row); returns those whose
/// account has an address. Older ones are not sent (e-mail switched on later does not send
/// a backlog).
pub async fn take_mail(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Mail>, DbErr> {
    let since = now - chrono::Duration::days(1);
    let waiting = notification::Entity::find()
        .filter(notification::Column::EmailedAt.is_null())
        .filter(notification::Column::CreatedAt.gte(since))
        .order_by_asc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut taken = Vec::new();
    for row in waiting {
        let claimed = notification::Entity::update_many()
            .col_expr(
                notification::Column::EmailedAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .filter(notification::Column::Id.eq(row.id))
            .filter(notification::Column::EmailedAt.is_null())
            .exec(db)
            .await?
            .rows_affected;
        if claimed == 0 {
            continue;
        }
        let address = user_account::Entity::find_by_id(row.user_id)
            .one(db)
            .await?
            .filter(|u| u.active)
            .and_then(|u| u.email)
            .filter(|e| !e.is_empty());
        if let (Some(to), Some(kind)) = (address, NoticeKind::parse(&row.kind)) {
            taken.push(Mail {
                id: row.id,
                to,
                title: row.title,
                kind,
                link: row.link,
            });
        }
    }
    Ok(taken)
}

/// Gives a notification back for e-mail (its sending failed).
pub async fn give_back(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(
            notification::Column::EmailedAt,
            sea_orm::sea_query::Expr::value(None::<DateTime<Utc>>),
        )
        .filter(notification::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
