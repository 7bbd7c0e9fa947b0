//! Stored text inside raw-text elements (`<textarea>`, `<title>`). The HTML renderer writes
//! their contents as they are, unescaped, so a note holding `</textarea>` would end the box
//! and inject what follows. `raw_text` escapes such text where HTML is written (on the
//! server); in the browser the text goes into the element as text and needs nothing.

use leptos::prelude::*;

/// Text for the inside of a raw-text element, safe in server-rendered HTML.
pub fn raw_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        // The HTML parser drops one newline right after `<textarea>`: a text that starts
        // with one keeps it when another is written first.
        let newline = if text.starts_with('\n') { "\n" } else { "" };
        format!("{newline}{}", html_escape::encode_text(&text))
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// A multi-line text box holding `text`.
#[component]
pub fn TextBox(
    id: String,
    #[prop(into)] name: String,
    text: String,
    #[prop(default = 2)] rows: u32,
    #[prop(default = 2000)] maxlength: u32,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <textarea id=id name=name rows=rows maxlength=maxlength required=required>{raw_text(text)}</textarea>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn text_that_would_close_the_box_is_escaped() {
        assert_eq!(
            raw_text("</textarea><meta http-equiv=refresh>&amp;".into()),
            "&lt;/textarea&gt;&lt;meta http-equiv=refresh&gt;&amp;amp;"
        );
        assert_eq!(raw_text("\nx".into()), "\n\nx");
        assert_eq!(raw_text("Nghệ An".into()), "Nghệ An");
    }
}
