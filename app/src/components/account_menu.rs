//! The signed-in user's name and sign-out in the header, or a sign-in link.

use crate::{
    access::{Action, may_in_own_area},
    accounts::{Actor, Logout, management::ACCOUNTS_PATH},
    audit::AUDIT_PATH,
    i18n::{fill, use_i18n},
    integrations::INTEGRATIONS_PATH,
    notifications::{INBOX_PATH, get_unread_count},
    tasks::{
        plans::PLANS_PATH,
        settings::SETTINGS_PATH,
        work::{MY_WORK_PATH, get_my_work_count},
    },
};
use leptos::{prelude::*, server::SharedValue};

/// Who is signed in on this page. Known on the server from the request; handed to the
/// browser inside the page (no extra request, no suspense), then kept up to date by the
/// sign-in and sign-out forms.
#[derive(Clone, Copy)]
pub struct Session(RwSignal<Option<Actor>>);

impl Session {
    pub fn actor(&self) -> Option<Actor> {
        self.0.get()
    }

    pub fn actor_untracked(&self) -> Option<Actor> {
        self.0.get_untracked()
    }

    pub fn set(&self, actor: Option<Actor>) {
        self.0.set(actor);
    }
}

pub fn provide_session() {
    let initial = SharedValue::new(signed_in_actor).into_inner();
    provide_context(Session(RwSignal::new(initial)));
    provide_context(WorkChanged(RwSignal::new(0)));
}

/// Told of each save in place that may change what waits for the official (a task updated,
/// a report verified or returned): the header's count of their work is asked again.
#[derive(Clone, Copy)]
pub struct WorkChanged(RwSignal<u32>);

impl WorkChanged {
    pub fn bump() {
        if let Some(changed) = use_context::<WorkChanged>() {
            changed.0.update(|n| *n += 1);
        }
    }
}

#[cfg(feature = "ssr")]
fn signed_in_actor() -> Option<Actor> {
    crate::accounts::current_actor_ctx()
}

/// Never called in the browser: the value comes from the page.
#[cfg(not(feature = "ssr"))]
fn signed_in_actor() -> Option<Actor> {
    None
}

pub fn use_session() -> Session {
    expect_context()
}

#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            session.set(None);
        }
    });
    view! {
        <div class="account-menu">
            {move || match session.actor() {
                Some(actor) => {
                    let manages = may_in_own_area(&actor, Action::ManageAccount);
                    let reads_audit = may_in_own_area(&actor, Action::ReadAudit);
                    let sets_rules = may_in_own_area(&actor, Action::ManageSettings);
                    let plans = may_in_own_area(&actor, Action::ManagePlans);
                    let integrations = may_in_own_area(&actor, Action::ManageIntegrations);
                    let checklist = may_in_own_area(&actor, Action::ManageChecklist);
                    let catalogue = crate::access::authorize(
                        Some(&actor),
                        Action::ManageProcedures,
                        &crate::access::Target::Nation,
                    )
                    .is_ok();
                    view! {
                        // A disclosure that opens without JavaScript.
                        <details class="account-details">
                            <summary class="header-button">
                                <span class="account-name">
                                    {actor.display_name.clone()}
                                    <small>{move || actor.role.label(i18n.t())}</small>
                                </span>
                            </summary>
                            <div class="account-panel">
                                {manages
                                    .then(|| {
                                        view! {
                                            <a href=ACCOUNTS_PATH>{move || i18n.t().accounts_title}</a>
                                        }
                                    })}
                                {reads_audit
                                    .then(|| {
                                        view! { <a href=AUDIT_PATH>{move || i18n.t().audit_title}</a> }
                                    })}
                                {plans
                                    .then(|| {
                                        view! { <a href=PLANS_PATH>{move || i18n.t().plans_title}</a> }
                                    })}
                                {integrations
                                    .then(|| {
                                        view! {
                                            <a href=INTEGRATIONS_PATH>{move || i18n.t().integrations_title}</a>
                                        }
                                    })}
                                {catalogue
                                    .then(|| {
                                        view! {
                                            <a href=crate::procedures::import::PAGE_PATH>{move || i18n.t().catalogue_import_title}</a>
                                        }
                                    })}
                                {checklist
                                    .then(|| {
                                        view! {
                                            <a href=crate::visits::checklist::TEMPLATE_PATH>{move || i18n.t().template_title}</a>
                                        }
                                    })}
                                {sets_rules
                                    .then(|| {
                                        view! {
                                            <a href=SETTINGS_PATH>{move || i18n.t().settings_title}</a>
                                        }
                                    })}
                                <a href="/doi-mat-khau">{move || i18n.t().password_title}</a>
                                <ActionForm action=logout>
                                    <button type="submit" class="link-button">
                                        {move || i18n.t().account_sign_out}
                                    </button>
                                </ActionForm>
                            </div>
                        </details>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <a class="header-button" href="/dang-nhap">
                            {move || i18n.t().account_sign_in}
                        </a>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// "Việc của tôi" in the header for an official, with how many things wait.
#[component]
pub fn WorkLink() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let official = move || {
        session.actor().is_some_and(|a| {
            matches!(
                a.role,
                crate::accounts::Role::CommuneOfficial | crate::accounts::Role::ProvinceOfficial
            )
        })
    };
    let changed = use_context::<WorkChanged>();
    let source = move || (official(), changed.map(|c| c.0.get()));
    let count = Resource::new(source, |(official, _)| async move {
        if official {
            get_my_work_count().await.ok()
        } else {
            None
        }
    });
    view! {
        <Show when=official>
            <a href=MY_WORK_PATH class="work-link">
                {move || i18n.t().work_link}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        count.await.map(|n| {
                            let n = n as u64;
                            view! { <CountBadge n label=|t| t.work_count_label /> }
                        })
                    })}
                </Suspense>
            </a>
        </Show>
    }
}

/// "Thông báo" in the header for every signed-in account, with how many are unread.
#[component]
pub fn InboxLink() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = move || session.actor().is_some();
    let count = Resource::new(signed_in, |signed_in| async move {
        if signed_in {
            get_unread_count().await.ok()
        } else {
            None
        }
    });
    view! {
        <Show when=signed_in>
            <a href=INBOX_PATH class="inbox-link">
                {move || i18n.t().inbox_link}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        count.await.map(|n| view! { <CountBadge n label=|t| t.inbox_count_label /> })
                    })}
                </Suspense>
            </a>
        </Show>
    }
}

/// A header link's figure, read out with its meaning; nothing when there is none.
#[component]
fn CountBadge(n: u64, label: fn(&'static crate::i18n::Strings) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    (n > 0).then(|| {
        let text = move || fill(label(i18n.t()), &[("n", &n.to_string())]);
        view! {
            " "
            <span class="count" aria-hidden="true">{n}</span>
            <span class="visually-hidden">{text}</span>
        }
    })
}
