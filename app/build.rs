//! Turns `locales/*.toml` into one `Strings` struct and a constant per language, so a key
//! missing from any language, or used in code but absent from the files, fails the build.

use std::{collections::BTreeMap, env, fs, path::Path};

const LOCALES: [(&str, &str); 2] = [("VI", "locales/vi.toml"), ("EN", "locales/en.toml")];

fn read(path: &str) -> BTreeMap<String, String> {
    println!("cargo::rerun-if-changed={path}");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
    table
        .into_iter()
        .map(|(key, value)| {
            let valid = key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            assert!(valid, "{path}: key `{key}` must be snake_case ASCII");
            match value {
                toml::Value::String(s) => (key, s),
                other => panic!("{path}: `{key}` must be a string, found {other}"),
            }
        })
        .collect()
}

fn main() {
    let locales: Vec<_> = LOCALES
        .iter()
        .map(|(name, path)| (*name, *path, read(path)))
        .collect();
    let (_, first_path, first) = &locales[0];
    for (_, path, strings) in &locales[1..] {
        if let Some(key) = first.keys().find(|k| !strings.contains_key(*k)) {
            panic!("{path}: missing `{key}` (present in {first_path})");
        }
        if let Some(key) = strings.keys().find(|k| !first.contains_key(*k)) {
            panic!("{path}: `{key}` is not in {first_path}");
        }
    }

    let mut out =
        String::from("/// Every user-facing string, one field per key of the locale files.\n");
    out.push_str("#[derive(Debug)]\npub struct Strings {\n");
    for key in first.keys() {
        out.push_str(&format!("    pub {key}: &'static str,\n"));
    }
    out.push_str("}\n");
    for (name, _, strings) in &locales {
        out.push_str(&format!("pub static {name}: Strings = Strings {{\n"));
        for (key, value) in strings {
            out.push_str(&format!("    {key}: {value:?},\n"));
        }
        out.push_str("};\n");
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("strings.rs");
    fs::write(dest, out).expect("write strings.rs");
}
