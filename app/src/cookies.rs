//! Reading cookies: the language, the session and a draft's token are each one cookie of the
//! request.

/// The value of cookie `name` in a `Cookie` header value, if it is there and not empty.
pub fn value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The value of cookie `name` in the request being answered (HTTP/2 may split cookies over
/// several headers).
#[cfg(feature = "ssr")]
pub fn of_request(name: &str) -> Option<String> {
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    let headers = parts.headers.get_all(http::header::COOKIE);
    headers
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| value(header, name))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::value;

    #[test]
    fn a_cookie_is_found_by_its_whole_name() {
        assert_eq!(value("a=1; lang=en; b=2", "lang"), Some("en"));
        assert_eq!(value("xlang=en", "lang"), None);
        assert_eq!(value("lang=", "lang"), None);
        assert_eq!(value("", "lang"), None);
    }
}
