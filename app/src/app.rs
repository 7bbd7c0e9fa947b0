//! The root component and its routes.

use crate::{
    components::{account_menu::provide_session, layout::Layout},
    i18n::provide_i18n,
    pages::{
        AccountEditPage, AccountsPage, AllVisitsPage, AuditPage, BulkPage, CatalogueImportPage,
        CataloguePage, ChecklistTemplatePage, CommunePage, ContactsPage, DecisionPage,
        DecisionsPage, DossierUploadPage, FollowUpsPage, InboxPage, IntegrationsPage, LoginPage,
        NationalPage, NotFoundPage, PasswordPage, PlanPage, PlansPage, ProcedurePage, ProvincePage,
        ProvinceProceduresPage, QueuePage, SettingsPage, VisitChecklistPage, VisitPackPage,
        VisitPage, VisitReportPage, VisitsPage, WorkPage,
    },
};
use leptos::prelude::*;
use leptos_meta::{Html, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = provide_i18n();
    provide_session();

    view! {
        <Html {..} lang=move || i18n.locale().code() />
        <Router>
            <Layout>
                // Async: pages arrive whole, so they read right without JavaScript and a
                // missing unit can still answer 404.
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=NationalPage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code") view=ProvincePage ssr=SsrMode::Async />
                    <Route
                        path=path!("tinh/:code/cap-nhat-hang-loat")
                        view=BulkPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("tinh/:code/xac-minh") view=QueuePage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code/quyet-dinh") view=DecisionsPage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code/ho-so/tai-len") view=DossierUploadPage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code/thu-tuc") view=ProvinceProceduresPage ssr=SsrMode::Async />
                    <Route path=path!("quyet-dinh/:id") view=DecisionPage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code/doan-cong-tac") view=VisitsPage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code/dau-moi") view=ContactsPage ssr=SsrMode::Async />
                    <Route path=path!("tinh/:code/doan-cong-tac/:id/chuan-bi") view=VisitPackPage ssr=SsrMode::Async />
                    <Route path=path!("doan-cong-tac") view=AllVisitsPage ssr=SsrMode::Async />
                    <Route path=path!("doan-cong-tac/:id") view=VisitPage ssr=SsrMode::Async />
                    <Route path=path!("doan-cong-tac/:id/bien-ban") view=VisitReportPage ssr=SsrMode::Async />
                    <Route path=path!("doan-cong-tac/:id/kiem-tra") view=VisitChecklistPage ssr=SsrMode::Async />
                    <Route path=path!("kien-nghi-ket-luan") view=FollowUpsPage ssr=SsrMode::Async />
                    <Route path=path!("thu-tuc") view=CataloguePage ssr=SsrMode::Async />
                    <Route path=path!("thu-tuc/:code") view=ProcedurePage ssr=SsrMode::Async />
                    <Route path=path!("xa/:code") view=CommunePage ssr=SsrMode::Async />
                    <Route path=path!("viec-cua-toi") view=WorkPage ssr=SsrMode::Async />
                    <Route path=path!("thong-bao") view=InboxPage ssr=SsrMode::Async />
                    <Route path=path!("dang-nhap") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("doi-mat-khau") view=PasswordPage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/tai-khoan") view=AccountsPage ssr=SsrMode::Async />
                    <Route
                        path=path!("quan-tri/tai-khoan/:id")
                        view=AccountEditPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("quan-tri/nhat-ky") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/cai-dat") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/tich-hop") view=IntegrationsPage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/thu-tuc") view=CatalogueImportPage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/mau-kiem-tra") view=ChecklistTemplatePage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/ke-hoach") view=PlansPage ssr=SsrMode::Async />
                    <Route path=path!("quan-tri/ke-hoach/:id") view=PlanPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
