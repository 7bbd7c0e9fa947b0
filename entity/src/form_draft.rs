use sea_orm::entity::prelude::*;

/// A plain form post that could not be saved: what was typed and why it failed, for the
/// page the browser returns to. Found by the SHA-256 of a random token in that page's URL.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "form_draft")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    /// Who typed it (None: nobody was signed in any more; the next reader signed in may).
    pub account_id: Option<i64>,
    /// The form's id on its page.
    pub form: String,
    /// The fields as sent, a JSON object of strings.
    pub fields: String,
    /// The error, as the server functions encode it.
    pub error: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
