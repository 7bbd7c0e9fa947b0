//! `/quan-tri/tai-khoan`: the accounts the signed-in user manages, and the form to create or
//! change one (`/quan-tri/tai-khoan/moi`, `/quan-tri/tai-khoan/:id`). Plain forms before
//! hydration.

use crate::{
    accounts::{
        Role,
        management::{
            ACCOUNTS_PATH, AccountList, AccountView, SaveAccount, SetAccountActive, get_account,
            list_accounts,
        },
    },
    components::{
        error_notice::{ErrorNotice, FormError},
        search_box::{SearchBox, SearchStatus, use_search_query},
    },
    error::AppError,
    i18n::use_i18n,
    search,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Shown at most at once; the search narrows the rest.
const SHOWN: usize = 200;

#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = ServerAction::<SetAccountActive>::new();
    let list = Resource::new(move || toggle.version().get(), |_| list_accounts());
    view! {
        <Title text=i18n.untracked().accounts_title />
        <h1>{move || i18n.t().accounts_title}</h1>
        <FormError action=toggle />
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <AccountTable list toggle /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountTable(list: AccountList, toggle: ServerAction<SetAccountActive>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_search_query();
    let accounts = list.accounts;
    let total = accounts.len();
    let matching = Memo::new(move |_| {
        search::filter(&accounts, &query.get(), |a: &AccountView| {
            a.display_name.as_str()
        })
    });
    let shown = Signal::derive(move || matching.with(|m| m.len().min(SHOWN)));
    view! {
        <p>
            <a class="button" href=format!("{ACCOUNTS_PATH}/moi")>
                {move || i18n.t().accounts_new}
            </a>
        </p>
        <SearchBox query label=Signal::derive(move || i18n.t().accounts_search) />
        <SearchStatus query shown total />
        <div class="table-wrap">
            <table class="units">
                <caption class="visually-hidden">{move || i18n.t().accounts_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t().account_display_name}</th>
                        <th scope="col">{move || i18n.t().login_username}</th>
                        <th scope="col">{move || i18n.t().account_role}</th>
                        <th scope="col" class="hide-sm">{move || i18n.t().account_unit}</th>
                        <th scope="col">{move || i18n.t().account_status}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || matching.get().into_iter().take(SHOWN)
                        key=|a| (a.id, a.active)
                        let:account
                    >
                        <AccountRow account toggle />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn AccountRow(account: AccountView, toggle: ServerAction<SetAccountActive>) -> impl IntoView {
    let i18n = use_i18n();
    let AccountView {
        id,
        username,
        display_name,
        role,
        scope_name,
        active,
        ..
    } = account;
    view! {
        <tr>
            <th scope="row">
                <a href=format!("{ACCOUNTS_PATH}/{id}")>{display_name}</a>
            </th>
            <td>{username}</td>
            <td>{move || role.label(i18n.t())}</td>
            <td class="hide-sm">{scope_name}</td>
            <td>
                <ActionForm action=toggle attr:class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="active" value=(!active).to_string() />
                    <span class=if active { "status-on" } else { "status-off" }>
                        {move || {
                            if active { i18n.t().account_active } else { i18n.t().account_disabled }
                        }}
                    </span>
                    " "
                    <button type="submit" class="link-button">
                        {move || {
                            if active { i18n.t().account_disable } else { i18n.t().account_enable }
                        }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// What the account form starts from: the lists to choose from, and the account if editing.
type FormData = (AccountList, Option<AccountView>);

async fn form_data(id: String) -> Result<FormData, AppError> {
    let list = list_accounts().await?;
    let account = match id.as_str() {
        "moi" => None,
        id => Some(get_account(id.parse().map_err(|_| AppError::NotFound)?).await?),
    };
    Ok((list, account))
}

#[component]
pub fn AccountEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        form_data,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{i18n.t().loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((list, account)) => view! { <AccountForm list account /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountForm(list: AccountList, account: Option<AccountView>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveAccount>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            navigate(ACCOUNTS_PATH, Default::default());
        }
    });
    let editing = account.is_some();
    let title = if editing {
        i18n.untracked().account_edit_title
    } else {
        i18n.untracked().accounts_new
    };
    let current = account.clone();
    let value = move |f: fn(&AccountView) -> Option<String>| {
        current.as_ref().and_then(f).unwrap_or_default()
    };
    let id = account.as_ref().map(|a| a.id);
    let username = value(|a| Some(a.username.clone()));
    let display_name = value(|a| Some(a.display_name.clone()));
    let email = value(|a| a.email.clone());
    let scope = value(|a| a.scope_code.clone());
    let role = account
        .as_ref()
        .map(|a| a.role)
        .or_else(|| list.roles.last().copied());
    let only_communes = list.roles == [Role::CommuneOfficial];
    let units = list.units;
    view! {
        <Title text=title />
        <div class="narrow">
            <p class="breadcrumb">
                <a href=ACCOUNTS_PATH>{move || i18n.t().accounts_title}</a>
            </p>
            <h1>{title}</h1>
            <FormError action=save />
            <ActionForm action=save>
                {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                <div class="field">
                    <label for="username">{move || i18n.t().login_username}</label>
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        maxlength="64"
                        readonly=editing
                        value=username
                    />
                </div>
                <div class="field">
                    <label for="display_name">{move || i18n.t().account_display_name}</label>
                    <input id="display_name" name="display_name" type="text" required maxlength="120" value=display_name />
                </div>
                <div class="field">
                    <label for="email">{move || i18n.t().account_email}</label>
                    <input id="email" name="email" type="email" maxlength="254" value=email />
                </div>
                <div class="field">
                    <label for="role">{move || i18n.t().account_role}</label>
                    <select id="role" name="role">
                        {list
                            .roles
                            .iter()
                            .map(|&r| {
                                view! {
                                    <option value=r.code() selected=role == Some(r)>
                                        {move || r.label(i18n.t())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="scope_code">{move || i18n.t().account_unit}</label>
                    {if only_communes {
                        view! {
                            <select id="scope_code" name="scope_code">
                                {units
                                    .into_iter()
                                    .map(|u| {
                                        let selected = u.code == scope;
                                        view! { <option value=u.code selected=selected>{u.name}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        }
                            .into_any()
                    } else {
                        view! {
                            <input id="scope_code" name="scope_code" type="text" inputmode="numeric" maxlength="5" list="units" aria-describedby="scope-hint" value=scope />
                            <datalist id="units">
                                {units
                                    .into_iter()
                                    .map(|u| view! { <option value=u.code>{u.name}</option> })
                                    .collect_view()}
                            </datalist>
                            <p id="scope-hint" class="hint">{move || i18n.t().account_unit_hint}</p>
                        }
                            .into_any()
                    }}
                </div>
                <div class="field">
                    <label for="password">{move || i18n.t().login_password}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        minlength="10"
                        maxlength="256"
                        required=!editing
                        aria-describedby="password-hint"
                    />
                    <p id="password-hint" class="hint">
                        {move || {
                            if editing { i18n.t().account_password_keep } else { i18n.t().account_password_rule }
                        }}
                    </p>
                </div>
                <button class="button" type="submit" disabled=move || save.pending().get()>
                    {move || i18n.t().save}
                </button>
            </ActionForm>
        </div>
    }
}
