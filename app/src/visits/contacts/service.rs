//! Reading and keeping a province's contact points.

use super::{
    ContactInput, ContactPoint, MAX_CONTACTS, MAX_NAME, ProvinceContacts, email_ok, phone_ok,
};
use crate::state::begin_write;
use crate::{
    access::{self, Action, Target},
    accounts::{Actor, session::RequestInfo},
    audit,
    error::{AppError, Problem},
    forms::{optional_text, required_text},
    state::AppState,
    visits::{MAX_LINE, service::province_name},
};
use entity::contact_point;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, TryIntoModel,
};
use serde_json::json;

fn reads(province: &str) -> Target {
    Target::Unit {
        province: province.to_owned(),
        commune: None,
    }
}

pub async fn province(
    state: &AppState,
    actor: Option<&Actor>,
    code: &str,
) -> Result<ProvinceContacts, AppError> {
    access::authorize(actor, Action::ReadUnitRecords, &reads(code))?;
    let db = &state.db;
    let province_name = province_name(db, code).await?;
    let contacts = contact_point::Entity::find()
        .filter(contact_point::Column::ProvinceCode.eq(code))
        .order_by_asc(contact_point::Column::Topic)
        .order_by_asc(contact_point::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|c| ContactPoint {
            id: c.id,
            topic: c.topic,
            name: c.name,
            title: c.title,
            unit: c.unit,
            phone: c.phone,
            email: c.email,
        })
        .collect();
    let may_manage = access::authorize(
        actor,
        Action::ManageContactPoints,
        &Target::Province(code.to_owned()),
    )
    .is_ok();
    Ok(ProvinceContacts {
        province_code: code.to_owned(),
        province_name,
        contacts,
        may_manage,
    })
}

fn audited(c: &contact_point::Model) -> serde_json::Value {
    json!({ "topic": c.topic, "name": c.name, "unit": c.unit })
}

pub async fn save(
    state: &AppState,
    request: &RequestInfo,
    input: ContactInput,
) -> Result<(), AppError> {
    let db = &state.db;
    // A contact point stays in its province; one that does not exist is refused as another
    // province's would be, then not found.
    let existing = match input.id.trim() {
        "" => None,
        id => Some(
            contact_point::Entity::find_by_id(id.parse::<i64>().unwrap_or(0))
                .one(db)
                .await?,
        ),
    };
    let province = match &existing {
        Some(Some(c)) => c.province_code.clone(),
        Some(None) => String::new(),
        None => input.province.trim().to_owned(),
    };
    let target = if province.is_empty() {
        Target::Nation
    } else {
        Target::Province(province.clone())
    };
    let actor = access::check(
        state,
        request.actor.as_ref(),
        &request.ip,
        Action::ManageContactPoints,
        target,
    )
    .await?;
    let existing = match existing {
        Some(found) => Some(found.ok_or(AppError::NotFound)?),
        None => None,
    };
    province_name(db, &province).await?;
    let now = state.clock.now();
    if let Some(c) = existing
        .as_ref()
        .filter(|_| !input.remove.trim().is_empty())
    {
        let txn = begin_write(db).await?;
        contact_point::Entity::delete_by_id(c.id).exec(&txn).await?;
        let entry = audit::Entry {
            action: "delete",
            entity: Some("contact_point"),
            entity_id: Some(c.id.to_string()),
            province_code: Some(province),
            before: Some(audited(c)),
            ..Default::default()
        };
        audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
        txn.commit().await?;
        return Ok(());
    }
    let topic = required_text("topic", &input.topic, MAX_LINE)?;
    let name = required_text("name", &input.name, MAX_NAME)?;
    let title = optional_text("title", &input.title, MAX_LINE)?;
    let unit = optional_text("unit", &input.unit, MAX_LINE)?;
    let phone = input.phone.trim().to_owned();
    if !phone.is_empty() && !phone_ok(&phone) {
        return Err(AppError::at("phone", Problem::PhoneInvalid));
    }
    let email = input.email.trim().to_owned();
    if !email.is_empty() && !email_ok(&email) {
        return Err(AppError::at("email", Problem::EmailInvalid));
    }
    let txn = begin_write(db).await?;
    let (before, mut model) = match existing {
        Some(c) => (Some(audited(&c)), c.into_active_model()),
        None => {
            let kept = contact_point::Entity::find()
                .filter(contact_point::Column::ProvinceCode.eq(province.as_str()))
                .count(&txn)
                .await?;
            if kept as usize >= MAX_CONTACTS {
                return Err(AppError::at("name", Problem::TooMany));
            }
            let new = contact_point::ActiveModel {
                province_code: Set(province.clone()),
                ..Default::default()
            };
            (None, new)
        }
    };
    model.topic = Set(topic);
    model.name = Set(name);
    model.title = Set(title);
    model.unit = Set(unit);
    model.phone = Set(phone);
    model.email = Set(email);
    model.updated_at = Set(now);
    let saved = model.save(&txn).await?.try_into_model()?;
    let entry = audit::Entry {
        action: if before.is_some() { "update" } else { "create" },
        entity: Some("contact_point"),
        entity_id: Some(saved.id.to_string()),
        province_code: Some(province),
        before,
        after: Some(audited(&saved)),
        ..Default::default()
    };
    audit::record(&txn, now, Some(&actor), Some(&request.ip), entry).await?;
    txn.commit().await?;
    Ok(())
}
