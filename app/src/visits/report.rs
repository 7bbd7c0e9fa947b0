//! A visit's report (`biên bản làm việc, thông báo kết luận`): what the delegation did, for
//! those who may read it what the on-site checklist recorded, the locality's recommendations
//! and the conclusions with where each stands on the date. One text, drawn as a printable
//! page and written as a Word file.

use super::{
    FollowUpLine, VisitDetail,
    checklist::{QuestionLine, VisitChecklist, tally},
};
use crate::{
    format,
    i18n::{Locale, fill},
};

/// A heading and its paragraphs.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// Numbered paragraphs (1., 2., …), as recommendations and conclusions are.
    pub numbered: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The state's name and motto, above every official document.
    pub nation: String,
    pub motto: String,
    /// The document's kind, then its title.
    pub kind: String,
    pub title: String,
    /// Who, where and when, one a line.
    pub facts: Vec<String>,
    pub sections: Vec<ReportSection>,
    /// As of when the statuses are given.
    pub as_of: String,
    /// What the document is not.
    pub note: String,
}

fn follow_up(item: &FollowUpLine, locale: Locale) -> String {
    let t = locale.strings();
    let mut text = format!(
        "{} ({}: {}",
        item.body, t.follow_up_addressed_to_short, item.addressed_to
    );
    if !item.responsible.is_empty() {
        text.push_str(&format!(
            "; {}: {}",
            t.follow_up_responsible, item.responsible
        ));
    }
    if let Some(due) = item.due_on {
        text.push_str(&format!(
            "; {}",
            fill(t.follow_up_due, &[("date", &format::date(due, locale))])
        ));
    }
    text.push_str(&format!(
        "). {}: {}",
        t.visit_col_status,
        item.status.label(t)
    ));
    if item.overdue {
        text.push_str(&format!(", {}", t.follow_up_overdue.to_lowercase()));
    }
    if let Some(last) = item.responses.last() {
        text.push_str(&format!(
            ". {} {}: {}",
            t.report_latest_response,
            format::date(
                last.at.with_timezone(&format::vietnam()).date_naive(),
                locale
            ),
            last.body
        ));
    }
    text
}

/// A question as assessed: "question: answer. note (2 photos or documents attached)".
fn assessed(q: &QuestionLine, locale: Locale) -> String {
    let t = locale.strings();
    let answer = q.answer.answer.map_or(t.answer_none, |a| a.label(t));
    let mut text = format!("{}: {answer}", q.body);
    if !q.answer.note.is_empty() {
        text.push_str(&format!(". {}", q.answer.note));
    }
    if !q.photos.is_empty() {
        let count = q.photos.len().to_string();
        text.push_str(&format!(
            " ({})",
            fill(t.report_evidence, &[("count", &count)])
        ));
    }
    text
}

/// The checklist's sections: the tally, then each topic's questions and the delegation's
/// findings. Nothing when nothing was assessed or written.
fn assessment(checklist: &VisitChecklist, locale: Locale) -> Vec<ReportSection> {
    let t = locale.strings();
    if !checklist.has_record() {
        return Vec::new();
    }
    let answers = checklist
        .topics
        .iter()
        .flat_map(|g| &g.questions)
        .map(|q| q.answer.answer);
    let mut sections = vec![ReportSection {
        heading: t.report_assessment.to_owned(),
        paragraphs: vec![tally(answers, t)],
        numbered: false,
    }];
    for group in &checklist.topics {
        let mut paragraphs: Vec<String> = group
            .questions
            .iter()
            .map(|q| assessed(q, locale))
            .collect();
        if !group.finding.body.is_empty() {
            paragraphs.push(format!("{}: {}", t.finding_title, group.finding.body));
        }
        sections.push(ReportSection {
            heading: fill(t.report_assessment_topic, &[("topic", &group.topic)]),
            paragraphs,
            numbered: false,
        });
    }
    sections
}

/// The report of `detail`, with what `checklist` recorded for a reader who may read it.
pub fn report(detail: &VisitDetail, checklist: Option<&VisitChecklist>, locale: Locale) -> Report {
    let t = locale.strings();
    let v = &detail.visit;
    let dates = if v.starts_on == v.ends_on {
        format::date(v.starts_on, locale)
    } else {
        format!(
            "{} – {}",
            format::date(v.starts_on, locale),
            format::date(v.ends_on, locale)
        )
    };
    let members = detail
        .members
        .iter()
        .map(|m| {
            let who = match &m.name {
                Some(name) => format!("{name}, {}", m.title),
                None => m.title.clone(),
            };
            if m.is_head {
                format!("{who} ({})", t.visit_head)
            } else {
                who
            }
        })
        .collect();
    let section = |heading: &str, paragraphs: Vec<String>, numbered: bool| ReportSection {
        heading: heading.to_owned(),
        paragraphs,
        numbered,
    };
    let items = |list: &[FollowUpLine]| list.iter().map(|i| follow_up(i, locale)).collect();
    Report {
        nation: t.report_nation.to_owned(),
        motto: t.report_motto.to_owned(),
        kind: match v.kind {
            super::VisitKind::Inspection => t.report_kind_inspection,
            super::VisitKind::Working => t.report_kind_working,
        }
        .to_owned(),
        title: v.title.clone(),
        facts: vec![
            format!("{}: {}", t.visit_organiser, v.organiser),
            format!("{}: {}", t.report_province, detail.province_name),
            format!("{}: {dates}", t.visit_col_date),
            format!("{}: {}", t.visit_col_status, v.status.label(t)),
        ],
        sections: [
            section(t.visit_delegation, members, false),
            section(t.visit_participants, detail.participants.clone(), false),
            section(t.visit_places, detail.places.clone(), false),
            section(t.visit_topics, detail.topics.clone(), false),
        ]
        .into_iter()
        .chain(checklist.map_or_else(Vec::new, |c| assessment(c, locale)))
        .chain([
            section(
                t.visit_recommendations,
                items(&detail.recommendations),
                true,
            ),
            section(t.visit_conclusions, items(&detail.conclusions), true),
        ])
        .collect(),
        as_of: fill(
            t.report_as_of,
            &[("date", &format::date(detail.as_of, locale))],
        ),
        note: t.report_note.to_owned(),
    }
}

/// Where the report's Word file is served.
pub fn report_docx_path(id: i64) -> String {
    format!("/api/doan-cong-tac/{id}/bien-ban.docx")
}

/// The report's printable page.
pub fn report_path(id: i64) -> String {
    format!("/doan-cong-tac/{id}/bien-ban")
}
