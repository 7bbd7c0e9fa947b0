//! The HTML document around the app, rendered on the server only.

use crate::app::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;
use std::sync::OnceLock;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = format!("/{}/{}", options.site_pkg_dir, stylesheet_file(&options));
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
