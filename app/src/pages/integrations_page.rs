//! `/quan-tri/tich-hop`: the API tokens of the provinces' dossier systems, for ministry
//! admins: issue one for a province (its secret is shown this once), see when each was last
//! used, revoke one.

use crate::{
    components::error_notice::{ErrorNotice, FormError},
    format,
    i18n::{fill, use_i18n},
    integrations::{
        IssueApiToken, IssuedToken, RevokeApiToken, TokenView, dossiers_api_path, list_api_tokens,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let issue = ServerAction::<IssueApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let list = Resource::new(
        move || issue.version().get() + revoke.version().get(),
        |_| list_api_tokens(),
    );
    view! {
        <Title text=i18n.untracked().integrations_title />
        <h1>{move || i18n.t().integrations_title}</h1>
        <p class="lead">
            {move || i18n.t().integrations_intro} " "
            <a href="/api/tai-lieu">{move || i18n.t().integrations_docs}</a>
        </p>
        <Transition fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok((tokens, provinces)) => view! {
                        <IssueForm issue provinces />
                        <FormError action=revoke />
                        <TokenTable tokens revoke />
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn IssueForm(
    issue: ServerAction<IssueApiToken>,
    provinces: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let issued = move || issue.value().get().and_then(Result::ok);
    // The secret is shown on the page that issued it, which needs the page's script: before
    // it runs (or without JavaScript) the button waits, rather than issue a token whose secret
    // nobody would see.
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    view! {
        <h2>{move || i18n.t().integrations_issue}</h2>
        <FormError action=issue />
        {move || issued().map(|issued| view! { <IssuedSecret issued /> })}
        <ActionForm action=issue attr:class="narrow">
            <div class="field">
                <label for="token-province">{move || i18n.t().integrations_province}</label>
                <select id="token-province" name="province" required>
                    {provinces
                        .into_iter()
                        .map(|(code, name)| view! { <option value=code>{name}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="token-name">{move || i18n.t().integrations_name}</label>
                <input id="token-name" name="name" type="text" maxlength="200" required />
            </div>
            <button class="button" type="submit" disabled=move || !ready.get() || issue.pending().get()>
                {move || i18n.t().integrations_issue}
            </button>
            <p class="muted" hidden=move || ready.get()>{move || i18n.t().integrations_needs_script}</p>
        </ActionForm>
    }
}

/// The secret of a token just issued, with where it sends to.
#[component]
fn IssuedSecret(issued: IssuedToken) -> impl IntoView {
    let i18n = use_i18n();
    let IssuedToken { token, secret } = issued;
    let path = dossiers_api_path(&token.province_code);
    view! {
        <div class="notice issued-token" role="status">
            <p>
                {move || fill(i18n.t().integrations_issued, &[("name", &token.name), ("province", &token.province_name)])}
            </p>
            <p><code class="token-secret">{secret}</code></p>
            <p class="muted">"POST " <code>{path}</code> " · Authorization: Bearer …"</p>
        </div>
    }
}

#[component]
fn TokenTable(tokens: Vec<TokenView>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let i18n = use_i18n();
    if tokens.is_empty() {
        return view! { <p>{move || i18n.t().integrations_none}</p> }.into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|t| {
            let when = move |at: Option<chrono::DateTime<chrono::Utc>>| {
                at.map(|at| format::date_time(at, i18n.locale()))
                    .unwrap_or_else(|| "—".to_owned())
            };
            let (created, used, revoked) = (t.created_at, t.last_used_at, t.revoked_at);
            let id = t.id;
            view! {
                <tr class="api-token" class:revoked=revoked.is_some()>
                    <th scope="row">{t.name} <br /> <code class="muted">{t.prefix} "…"</code></th>
                    <td>{t.province_name}</td>
                    <td class="hide-sm">{move || when(Some(created))} <br /> <small>{t.created_by}</small></td>
                    <td>{move || when(used)}</td>
                    <td>
                        {match revoked {
                            Some(at) => view! {
                                <span class="status-off">{move || fill(i18n.t().integrations_revoked, &[("at", &when(Some(at)))])}</span>
                            }
                                .into_any(),
                            None => view! {
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="id" value=id />
                                    <button class="link-button" type="submit">{move || i18n.t().integrations_revoke}</button>
                                </ActionForm>
                            }
                                .into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{move || i18n.t().integrations_tokens}</h2>
        <div class="table-wrap">
            <table class="units api-tokens">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().integrations_name}</th>
                        <th scope="col">{move || i18n.t().integrations_province}</th>
                        <th scope="col" class="hide-sm">{move || i18n.t().integrations_created}</th>
                        <th scope="col">{move || i18n.t().integrations_last_used}</th>
                        <th scope="col">{move || i18n.t().integrations_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
