//! The HTTP surface of tiendo, built the same way for `main` and for the tests.

use crate::{
    api_docs, api_errors, assets, audit_export, bulk_routes, catalogue_files, connection,
    decision_documents, dossier_api, dossier_files, evidence_routes, form_posts, health, open_data,
    page_cache, paths, render_limit, security, visit_attachments, visit_reports,
};
use app::{
    app::App,
    audit::AUDIT_CSV_PATH,
    dossiers::upload_file::TEMPLATE as DOSSIER_TEMPLATE,
    procedures::import_file::TEMPLATE as CATALOGUE_TEMPLATE,
    shell::shell,
    state::AppState,
    tasks::{bulk::MAX_FILE_BYTES, evidence::MAX_EVIDENCE_BYTES},
};
use axum::handler::Handler;
use axum::{
    Router,
    extract::DefaultBodyLimit,
    extract::MatchedPath,
    http::Request,
    middleware,
    routing::{MethodRouter, get, post},
};
use leptos_axum::{AxumRouteListing, LeptosRoutes, file_and_error_handler, generate_route_list};
use std::sync::LazyLock;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    services::ServeDir,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

/// Every HTTP route besides the pages and the server functions (which Leptos registers). The
/// router is built from this table, and the access-matrix test reads it.
pub fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(health::healthz)),
        (AUDIT_CSV_PATH, get(audit_export::csv)),
        ("/api/tinh/{code}/nhiem-vu-xa.csv", get(bulk_routes::csv)),
        ("/api/tinh/{code}/nhiem-vu-xa.xlsx", get(bulk_routes::xlsx)),
        (
            "/api/tinh/{code}/tai-len",
            // The file limit is checked while reading; the body may carry the form around it.
            post(bulk_routes::upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)),
        ),
        (
            "/api/nhiem-vu/{id}/minh-chung",
            post(evidence_routes::upload)
                .layer(DefaultBodyLimit::max(MAX_EVIDENCE_BYTES + 64 * 1024)),
        ),
        ("/api/minh-chung/{sha256}", get(evidence_routes::download)),
        ("/api/v1/xep-hang", get(open_data::ranking_json)),
        ("/api/xep-hang.csv", get(open_data::ranking_csv)),
        ("/api/v1/tinh/{code}", get(open_data::province_json)),
        ("/api/tinh/{code}/xa.csv", get(open_data::communes_csv)),
        ("/api/v1/xa/{code}", get(open_data::checklist_json)),
        ("/api/xa/{code}/nhiem-vu.csv", get(open_data::checklist_csv)),
        (
            "/api/v1/tinh/{code}/ho-so",
            // The body limit is checked while reading, with a JSON answer.
            post(dossier_api::ingest_batch).layer(DefaultBodyLimit::disable()),
        ),
        (
            "/api/tinh/{code}/ho-so-mau.csv",
            get(dossier_files::template_csv),
        ),
        (
            "/api/tinh/{code}/ho-so-mau.xlsx",
            get(dossier_files::template_xlsx),
        ),
        (
            "/api/tinh/{code}/ho-so/tai-len",
            post(dossier_files::upload).layer(DefaultBodyLimit::max(
                DOSSIER_TEMPLATE.max_bytes + 64 * 1024,
            )),
        ),
        (
            "/api/quyet-dinh/{id}/van-ban",
            get(decision_documents::download)
                .post(decision_documents::upload)
                .layer(DefaultBodyLimit::max(MAX_EVIDENCE_BYTES + 64 * 1024)),
        ),
        ("/api/thu-tuc.csv", get(catalogue_files::catalogue_csv)),
        ("/api/thu-tuc.xlsx", get(catalogue_files::catalogue_xlsx)),
        (
            "/api/thu-tuc/tai-len",
            post(catalogue_files::upload).layer(DefaultBodyLimit::max(
                CATALOGUE_TEMPLATE.max_bytes + 64 * 1024,
            )),
        ),
        (
            "/api/doan-cong-tac/{id}/bien-ban.docx",
            get(visit_reports::report_docx),
        ),
        (
            "/api/doan-cong-tac/{id}/cau-hoi/{question}/anh",
            post(visit_attachments::upload_photo)
                .layer(DefaultBodyLimit::max(MAX_EVIDENCE_BYTES + 64 * 1024)),
        ),
        (
            "/api/doan-cong-tac/anh/{id}",
            get(visit_attachments::download_photo),
        ),
        (
            "/api/doan-cong-tac/{id}/kien-nghi/{item}/tai-lieu",
            post(visit_attachments::upload_follow_up_file)
                .layer(DefaultBodyLimit::max(MAX_EVIDENCE_BYTES + 64 * 1024)),
        ),
        (
            "/api/doan-cong-tac/tai-lieu/{id}",
            get(visit_attachments::download_follow_up_file),
        ),
        ("/api/openapi.json", get(dossier_api::openapi)),
        ("/api/tai-lieu", get(api_docs::docs)),
    ]
}

/// The pages' routes, listed once per process before any server answers: listing them
/// renders the app with resource loading suppressed process-wide, and a page rendered
/// meanwhile by another server in the process would wait for its data for ever.
static PAGES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

pub fn build_router(state: AppState) -> Router {
    let pages = PAGES.clone();
    let options = state.leptos_options.clone();
    // Built files are served as files; only an address that is neither a route nor a file
    // renders the app's "not found" page. (Leptos' own file handler gives a file the
    // response options of whatever page render is current on its thread, which could take
    // that page's Content-Security-Policy away.)
    let not_found = file_and_error_handler::<AppState, _>(shell).with_state(state.clone());
    let files = ServeDir::new(&*options.site_root)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(not_found);
    let router = routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        });
    router
        .leptos_routes(&state, pages, move || shell(options.clone()))
        .fallback_service(files)
        .layer(middleware::from_fn(api_errors::status_from_error))
        // Outside the status: a plain form post's outcome is read from the function's answer.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            form_posts::plain_forms,
        ))
        .layer(middleware::from_fn(assets::cache_control))
        .layer(middleware::from_fn(paths::trailing_slash))
        // Inside the page cache: kept pages are served without waiting for a turn.
        .layer(middleware::from_fn_with_state(
            render_limit::RenderLimit::new(),
            render_limit::limit,
        ))
        .layer(middleware::from_fn_with_state(
            page_cache::PageCache::new(state.clone()),
            page_cache::serve,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::refuse_cross_site,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::identify,
        ))
        // A panic answers its own request with a 500; the connection and the others go on.
        .layer(CatchPanicLayer::custom(api_errors::panicked))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(middleware::from_fn(connection::close_if_body_unread))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    let path = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("<unmatched>", MatchedPath::as_str);
                    tracing::info_span!("request", method = %request.method(), path)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}
