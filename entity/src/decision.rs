use sea_orm::entity::prelude::*;

/// A decision on how a province's procedures are handled: boundary-free announcement,
/// delegation or decentralisation. Its status on a date follows from its dates.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub province_code: String,
    /// `boundary_free`, `delegation` or `decentralisation`.
    pub kind: String,
    /// The decision's number (`1234/QĐ-UBND`), or the proposal's.
    pub number: String,
    pub title: String,
    pub issuer: String,
    /// The agency giving the power away (code in the province); none: the provincial
    /// People's Committee.
    pub from_agency: Option<String>,
    /// The agency receiving it (code in the province).
    pub to_agency: Option<String>,
    pub proposed_on: Date,
    pub issued_on: Option<Date>,
    pub in_force_on: Option<Date>,
    pub replaced_on: Option<Date>,
    /// The signed document, in the evidence store.
    pub document_sha256: Option<String>,
    /// Generated demonstration data, labelled as such wherever it is shown.
    pub demo: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
