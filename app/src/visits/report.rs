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
use chrono::{Datelike, NaiveDate};

/// A heading and its paragraphs.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// Numbered paragraphs (1., 2., …), as recommendations and conclusions are.
    pub numbered: bool,
}

/// A signature at the foot of the report: who signs, and the name when the reader may read
/// it (blank, to be written by hand, otherwise).
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    pub role: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Above everything, for the demonstration's visits: that they are not real.
    pub demo: Option<String>,
    /// The state's name and motto, above every official document.
    pub nation: String,
    pub motto: String,
    /// The document's kind, then its title.
    pub kind: String,
    pub title: String,
    /// Who, where and when, one a line.
    pub facts: Vec<String>,
    pub sections: Vec<ReportSection>,
    /// Where and when it was drawn up: the province, the visit's last day.
    pub place_date: String,
    /// The locality's representative, then the head of the delegation.
    pub signatures: Vec<Signature>,
    /// What goes under each signature's role.
    pub sign_hint: String,
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

/// "Nghệ An, ngày 05 tháng 02 năm 2025": days below 10 and the months January and February
/// with a leading zero, as Vietnamese administrative documents write them.
fn place_date(place: &str, day: NaiveDate, locale: Locale) -> String {
    let month = match day.month() {
        m @ (1 | 2) => format!("{m:02}"),
        m => m.to_string(),
    };
    fill(
        locale.strings().report_place_date,
        &[
            ("place", place),
            ("day", &format!("{:02}", day.day())),
            ("month", &month),
            ("year", &day.year().to_string()),
        ],
    )
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
    let head = detail
        .members
        .iter()
        .find(|m| m.is_head)
        .and_then(|m| m.name.clone())
        .unwrap_or_default();
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
        place_date: place_date(&detail.province_name, v.ends_on, locale),
        signatures: vec![
            Signature {
                role: t.report_sign_locality.to_owned(),
                name: String::new(),
            },
            Signature {
                role: t.report_sign_head.to_owned(),
                name: head,
            },
        ],
        sign_hint: t.report_sign_hint.to_owned(),
        as_of: fill(
            t.report_as_of,
            &[("date", &format::date(detail.as_of, locale))],
        ),
        note: t.report_note.to_owned(),
        demo: v.demo.then(|| t.demo_marker.to_owned()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_and_date_are_written_as_administrative_documents_write_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let vi = Locale::Vi;
        assert_eq!(
            place_date("Nghệ An", day(2025, 2, 5), vi),
            "Nghệ An, ngày 05 tháng 02 năm 2025"
        );
        assert_eq!(
            place_date("Nghệ An", day(2025, 8, 15), vi),
            "Nghệ An, ngày 15 tháng 8 năm 2025"
        );
        assert_eq!(
            place_date("Hà Tĩnh", day(2025, 12, 1), vi),
            "Hà Tĩnh, ngày 01 tháng 12 năm 2025"
        );
    }
}
