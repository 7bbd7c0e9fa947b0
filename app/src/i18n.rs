//! Languages: Vietnamese first, English second. Strings come from `locales/*.toml`, checked
//! at compile time by `build.rs`; the choice is kept in a cookie so the server renders the
//! same language the browser will hydrate.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

include!(concat!(env!("OUT_DIR"), "/strings.rs"));

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Vi,
    En,
}

impl Locale {
    pub const COOKIE: &'static str = "lang";

    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Locale::Vi => Locale::En,
            Locale::En => Locale::Vi,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::Vi => &VI,
            Locale::En => &EN,
        }
    }

    /// The locale named by the `lang` cookie in a `Cookie` header value; Vietnamese otherwise.
    pub fn from_cookie_header(header: &str) -> Self {
        crate::cookies::value(header, Self::COOKIE)
            .and_then(Self::parse)
            .unwrap_or_default()
    }

    /// The `Set-Cookie` value that remembers this locale for a year.
    pub fn cookie(self) -> String {
        format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            Self::COOKIE,
            self.code()
        )
    }
}

/// Replaces each `{name}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The current language, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct I18n(RwSignal<Locale>);

impl I18n {
    pub fn locale(&self) -> Locale {
        self.0.get()
    }

    pub fn locale_untracked(&self) -> Locale {
        self.0.get_untracked()
    }

    pub fn t(&self) -> &'static Strings {
        self.0.get().strings()
    }

    /// The strings without subscribing to changes. For `<Title>`: its text is read while the
    /// head is written, after a page's async parts, and a reactive read there has been seen
    /// to hit an already disposed signal under concurrent load.
    pub fn untracked(&self) -> &'static Strings {
        self.0.get_untracked().strings()
    }

    /// `lang` for Vietnamese data (names, titles, notes) shown in another language's page.
    pub fn data_lang(&self) -> Option<&'static str> {
        (self.locale_untracked() != Locale::Vi).then_some("vi")
    }

    pub fn set(&self, locale: Locale) {
        self.0.set(locale);
    }
}

pub fn provide_i18n() -> I18n {
    let i18n = I18n(RwSignal::new(request_locale()));
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context()
}

#[cfg(feature = "ssr")]
fn request_locale() -> Locale {
    crate::cookies::of_request(Locale::COOKIE)
        .and_then(|code| Locale::parse(&code))
        .unwrap_or_default()
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
fn request_locale() -> Locale {
    use leptos::wasm_bindgen::JsCast;
    document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()
        .and_then(|doc| doc.cookie().ok())
        .map(|cookies| Locale::from_cookie_header(&cookies))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn request_locale() -> Locale {
    Locale::default()
}

/// Remembers the visitor's language. Works as a plain form post before the page hydrates.
#[server(endpoint = "locale")]
pub async fn set_locale(locale: Locale) -> Result<Locale, crate::error::AppError> {
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = http::HeaderValue::from_str(&locale.cookie())
        .map_err(|_| crate::error::AppError::Internal)?;
    response.append_header(http::header::SET_COOKIE, cookie);
    Ok(locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_picks_the_lang_cookie() {
        assert_eq!(Locale::from_cookie_header("a=1; lang=en; b=2"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=vi"), Locale::Vi);
        assert_eq!(Locale::from_cookie_header("xlang=en"), Locale::Vi);
        assert_eq!(Locale::from_cookie_header("lang=fr"), Locale::Vi);
        assert_eq!(Locale::from_cookie_header(""), Locale::Vi);
    }

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(
                "{shown}/{total} ({shown})",
                &[("shown", "3"), ("total", "130")]
            ),
            "3/130 (3)"
        );
    }

    #[test]
    fn both_languages_have_their_own_text() {
        assert_eq!(Locale::Vi.strings().nav_national, "Toàn quốc");
        assert_eq!(Locale::En.strings().nav_national, "National");
    }
}
