//! `/api/tai-lieu`: the API's OpenAPI description as a page people read, written from the
//! same description `/api/openapi.json` serves (so the two never disagree). Every text is
//! escaped.

use crate::dossier_api::ApiDoc;
use app::state::AppState;
use axum::{
    extract::State,
    response::{Html, IntoResponse, Response},
};
use html_escape::encode_text;
use http::{HeaderValue, header};
use serde_json::Value;
use std::fmt::Write;
use utoipa::OpenApi;

/// A description as HTML: escaped, with `code` in backticks set as code.
fn text(value: &Value) -> String {
    encode_text(value.as_str().unwrap_or_default())
        .split('`')
        .enumerate()
        .map(|(n, part)| {
            if n % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

/// A schema's type as a reader says it: `string (date-time)`, `[DossierRecord]`…
fn kind(schema: &Value) -> String {
    if let Some(name) = schema["$ref"].as_str() {
        return name.rsplit('/').next().unwrap_or(name).to_owned();
    }
    if let Some(items) = schema.get("items") {
        return format!("[{}]", kind(items));
    }
    let types = match &schema["type"] {
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        Value::String(t) => t.clone(),
        _ => String::new(),
    };
    let types = if let Some(one_of) = schema["oneOf"].as_array() {
        one_of.iter().map(kind).collect::<Vec<_>>().join(" | ")
    } else {
        types
    };
    match schema["format"].as_str() {
        Some(format) => format!("{types} ({format})"),
        None => types,
    }
}

fn schema_section(name: &str, schema: &Value, out: &mut String) {
    let _ = write!(
        out,
        "<section id=\"schema-{0}\"><h3><code>{0}</code></h3>",
        encode_text(name)
    );
    if let Some(about) = schema.get("description") {
        let _ = write!(out, "<p>{}</p>", text(about));
    }
    if let Some(values) = schema["enum"].as_array() {
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", text(v)))
            .collect();
        let _ = write!(out, "<p>{}</p>", list.join(", "));
    }
    if let Some(properties) = schema["properties"].as_object() {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push_str(
            "<div class=\"table-wrap\"><table class=\"units\"><thead><tr><th scope=\"col\">Trường (field)</th>\
             <th scope=\"col\">Kiểu (type)</th><th scope=\"col\">Mô tả (description)</th></tr></thead><tbody>",
        );
        for (field, property) in properties {
            let mark = if required.contains(&field.as_str()) {
                " *"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<tr><th scope=\"row\"><code>{}</code>{mark}</th><td><code>{}</code></td><td>{}</td></tr>",
                encode_text(field),
                encode_text(&kind(property)),
                text(&property["description"]),
            );
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str("</section>");
}

/// The page, from the OpenAPI description.
pub fn page(doc: &Value, stylesheet: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Tài liệu API · Tiến Độ</title><link rel=\"stylesheet\" href=\"{}\"></head>\
         <body><main id=\"main\" class=\"wrap api-docs\"><p class=\"breadcrumb\"><a href=\"/\">Tiến Độ</a></p>\
         <h1>{}</h1><p class=\"lead\">{}</p>\
         <p>OpenAPI: <a href=\"/api/openapi.json\"><code>/api/openapi.json</code></a></p>",
        encode_text(stylesheet),
        text(&doc["info"]["title"]),
        text(&doc["info"]["description"]),
    );
    if let Some(schemes) = doc["components"]["securitySchemes"].as_object() {
        out.push_str("<h2>Xác thực (authentication)</h2>");
        for scheme in schemes.values() {
            let _ = write!(
                out,
                "<p><code>Authorization: Bearer …</code> — {}</p>",
                text(&scheme["description"])
            );
        }
    }
    out.push_str("<h2>Điểm cuối (endpoints)</h2>");
    for (path, methods) in doc["paths"].as_object().into_iter().flatten() {
        for (method, operation) in methods.as_object().into_iter().flatten() {
            let _ = write!(
                out,
                "<section class=\"api-operation\"><h3><code>{} {}</code></h3><p><strong>{}</strong></p><p>{}</p>",
                encode_text(&method.to_uppercase()),
                encode_text(path),
                text(&operation["summary"]),
                text(&operation["description"]),
            );
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let _ = write!(
                    out,
                    "<p><code>{{{}}}</code>: {}</p>",
                    text(&parameter["name"]),
                    text(&parameter["description"]),
                );
            }
            let body = &operation["requestBody"]["content"]["application/json"]["schema"];
            if !body.is_null() {
                let name = kind(body);
                let _ = write!(
                    out,
                    "<p>Nội dung (body): <a href=\"#schema-{0}\"><code>{0}</code></a></p>",
                    encode_text(&name)
                );
            }
            out.push_str(
                "<div class=\"table-wrap\"><table class=\"units\"><thead><tr><th scope=\"col\">HTTP</th>\
                 <th scope=\"col\">Ý nghĩa (meaning)</th><th scope=\"col\">Nội dung (body)</th></tr></thead><tbody>",
            );
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let body = &response["content"]["application/json"]["schema"];
                let _ = write!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td>{}</td><td><code>{}</code></td></tr>",
                    encode_text(status),
                    text(&response["description"]),
                    encode_text(&kind(body)),
                );
            }
            out.push_str("</tbody></table></div></section>");
        }
    }
    out.push_str("<h2>Kiểu dữ liệu (schemas)</h2>");
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        schema_section(name, schema, &mut out);
    }
    out.push_str("</main></body></html>");
    out
}

/// `/api/tai-lieu`.
pub async fn docs(State(state): State<AppState>) -> Response {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let stylesheet = app::shell::stylesheet_path(&state.leptos_options);
    let mut response = Html(page(&doc, &stylesheet)).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_escaped_and_backticks_become_code() {
        let doc = serde_json::json!({
            "info": { "title": "<b>t</b>", "description": "`tdk_…` & <i>x</i>" },
            "paths": {},
        });
        let page = page(&doc, "/s.css");
        assert!(page.contains("<h1>&lt;b&gt;t&lt;/b&gt;</h1>"));
        assert!(page.contains("<code>tdk_…</code> &amp; &lt;i&gt;x&lt;/i&gt;"));
    }
}
