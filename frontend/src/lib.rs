//! The browser entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::app::App);
    // The page is interactive from here: `<html data-live>` says so (to styles, tests and
    // the budget's timing).
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-live", "");
    }
}
