//! The HTML document around the app, rendered on the server only.

use crate::app::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;
use std::sync::OnceLock;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = format!("/{}/{}", options.site_pkg_dir, stylesheet_file(&options));
    content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5cad" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=stylesheet />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Scripts run only with this response's nonce (Leptos puts it on the hydration script and
/// its inline data); `strict-dynamic` lets that script load the WASM glue, and
/// `wasm-unsafe-eval` lets it compile the WASM.
fn content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// `tiendo.css`, or `tiendo.<hash>.css` when the build wrote a hash file next to the binary
/// (the same file leptos reads for the script and WASM names).
fn stylesheet_file(options: &LeptosOptions) -> &'static str {
    static FILE: OnceLock<String> = OnceLock::new();
    FILE.get_or_init(|| {
        let name = &options.output_name;
        let hash = options
            .hash_files
            .then(|| {
                let path = std::env::current_exe()
                    .ok()?
                    .parent()?
                    .join(options.hash_file.as_ref());
                let text = std::fs::read_to_string(path).ok()?;
                text.lines()
                    .filter_map(|line| line.split_once(':'))
                    .find(|(kind, _)| kind.trim() == "css")
                    .map(|(_, hash)| hash.trim().to_owned())
            })
            .flatten();
        match hash {
            Some(hash) => format!("{name}.{hash}.css"),
            None => format!("{name}.css"),
        }
    })
}
