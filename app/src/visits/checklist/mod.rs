//! A visit's on-site checklist: the questions a ministry admin keeps for each kind of visit,
//! grouped by topic, answered on the visit met / partly / not met / not applicable with a
//! note and photos, and the delegation's findings per topic. A question may name a figure of
//! the preparation pack (`Gauge`): the figure, as of the pack's date, suggests its answer
//! until the delegation gives one. Answers and findings carry a version: a change made from
//! an older one is not written, and both versions go back to the user, who chooses.
//! The checklist is the delegation's working record: ministry staff and the visited
//! province's officials read it; inspectors and ministry admins write it.

#[cfg(feature = "ssr")]
pub mod record;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod template;

use super::{FollowUpFigures, VisitKind, VisitSummary};
use crate::{error::AppError, forms::SaveOutcome, i18n::Strings, tasks::rules::Rating};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How a question was found on the visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    Met,
    Partly,
    NotMet,
    NotApplicable,
}

impl Answer {
    pub const ALL: [Answer; 4] = [
        Answer::Met,
        Answer::Partly,
        Answer::NotMet,
        Answer::NotApplicable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Answer::Met => "met",
            Answer::Partly => "partly",
            Answer::NotMet => "not_met",
            Answer::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            Answer::Met => t.answer_met,
            Answer::Partly => t.answer_partly,
            Answer::NotMet => t.answer_not_met,
            Answer::NotApplicable => t.answer_not_applicable,
        }
    }
}

/// The figure of the preparation pack that suggests a question's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gauge {
    /// The province's rating on its own tasks: Xanh met, Vàng partly, Đỏ not met.
    Rating,
    /// Procedures delegated by decisions in force: any met.
    Delegated,
    /// Boundary-free procedures announced by decisions in force: any met.
    BoundaryFree,
    /// The online submission rate against the question's target.
    OnlineRate,
    /// Earlier visits' recommendations and conclusions: none open met, open but none overdue
    /// partly, any overdue not met.
    FollowUps,
}

impl Gauge {
    pub const ALL: [Gauge; 5] = [
        Gauge::Rating,
        Gauge::Delegated,
        Gauge::BoundaryFree,
        Gauge::OnlineRate,
        Gauge::FollowUps,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Gauge::Rating => "rating",
            Gauge::Delegated => "delegated",
            Gauge::BoundaryFree => "boundary_free",
            Gauge::OnlineRate => "online_rate",
            Gauge::FollowUps => "follow_ups",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn label(self, t: &'static Strings) -> &'static str {
        match self {
            Gauge::Rating => t.gauge_rating,
            Gauge::Delegated => t.gauge_delegated,
            Gauge::BoundaryFree => t.gauge_boundary_free,
            Gauge::OnlineRate => t.gauge_online_rate,
            Gauge::FollowUps => t.gauge_follow_ups,
        }
    }

    /// Whether the gauge compares its figure with a target.
    pub fn has_target(self) -> bool {
        self == Gauge::OnlineRate
    }
}

/// What a gauge read in the pack.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Reading {
    Rating {
        rating: Rating,
        done: u32,
        assigned: u32,
    },
    /// Procedures covered by the decisions in force, and their departments.
    Procedures {
        procedures: u32,
        departments: u32,
    },
    /// In percent; None without any dossier in the period.
    OnlineRate {
        rate: Option<f64>,
        target: u32,
    },
    FollowUps(FollowUpFigures),
}

/// The answer a figure suggests (None where it cannot: no dossier yet), and the figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub answer: Option<Answer>,
    pub reading: Reading,
}

/// What a gauge's reading suggests.
pub fn suggest(reading: &Reading) -> Option<Answer> {
    match *reading {
        Reading::Rating { rating, .. } => Some(match rating {
            Rating::Xanh => Answer::Met,
            Rating::Vang => Answer::Partly,
            Rating::Do => Answer::NotMet,
        }),
        Reading::Procedures { procedures, .. } => Some(if procedures > 0 {
            Answer::Met
        } else {
            Answer::NotMet
        }),
        Reading::OnlineRate { rate, target } => rate.map(|rate| {
            if rate >= f64::from(target) {
                Answer::Met
            } else {
                Answer::NotMet
            }
        }),
        Reading::FollowUps(f) => Some(if f.overdue > 0 {
            Answer::NotMet
        } else if f.open > 0 {
            Answer::Partly
        } else {
            Answer::Met
        }),
    }
}

/// A question's answer on the visit: version 0 when not answered yet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerLine {
    pub question_id: i64,
    pub answer: Option<Answer>,
    pub note: String,
    pub version: i32,
    pub author: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionLine {
    pub id: i64,
    pub body: String,
    pub suggestion: Option<Suggestion>,
    pub answer: AnswerLine,
    pub photos: Vec<super::attachments::AttachedFile>,
}

/// The delegation's findings under a topic: version 0 when none written yet.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FindingLine {
    pub topic: String,
    pub body: String,
    pub version: i32,
    pub author: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicGroup {
    pub topic: String,
    pub questions: Vec<QuestionLine>,
    pub finding: FindingLine,
}

/// A visit's checklist with its answers, photos and findings, and what the pack suggests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VisitChecklist {
    pub visit: VisitSummary,
    pub province_name: String,
    /// The pack's date: the visit's first day, or today until then.
    pub pack_day: NaiveDate,
    pub topics: Vec<TopicGroup>,
    /// The reader may answer (the delegation, while the visit's follow-up is open).
    pub may_answer: bool,
}

impl VisitChecklist {
    /// Something was assessed or written: a report has this to say.
    pub fn has_record(&self) -> bool {
        self.topics.iter().any(|t| {
            !t.finding.body.is_empty() || t.questions.iter().any(|q| q.answer.answer.is_some())
        })
    }
}

/// How many of `answers` are each answer, and how many none yet, one line:
/// "Đạt: 3 · Đạt một phần: 1 · Chưa đạt: 0 · Không áp dụng: 0 · Chưa đánh giá: 2".
pub fn tally(answers: impl Iterator<Item = Option<Answer>>, t: &'static Strings) -> String {
    let mut counts = [0u32; 5];
    for answer in answers {
        let at = answer.map_or(4, |a| Answer::ALL.iter().position(|&x| x == a).unwrap_or(0));
        counts[at] += 1;
    }
    Answer::ALL
        .iter()
        .map(|a| a.label(t))
        .chain([t.answer_none])
        .zip(counts)
        .map(|(label, n)| format!("{label}: {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// An answer as its form sends it (`answer[answer]`, `answer[note]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub answer: String,
    pub note: String,
}

/// A question of the template as its form sends it (`question[body]`…): empty id for a new
/// one; `active` is `on` while it is asked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QuestionInput {
    pub id: String,
    pub kind: String,
    pub topic: String,
    pub body: String,
    pub gauge: String,
    pub target: String,
    pub position: String,
    pub active: String,
}

/// A question of the template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateQuestion {
    pub id: i64,
    pub kind: VisitKind,
    pub topic: String,
    pub body: String,
    pub gauge: Option<Gauge>,
    pub target: Option<i32>,
    pub position: i32,
    pub active: bool,
}

impl TemplateQuestion {
    pub fn input(&self) -> QuestionInput {
        QuestionInput {
            id: self.id.to_string(),
            kind: self.kind.code().to_owned(),
            topic: self.topic.clone(),
            body: self.body.clone(),
            gauge: self.gauge.map(|g| g.code().to_owned()).unwrap_or_default(),
            target: self.target.map(|t| t.to_string()).unwrap_or_default(),
            position: self.position.to_string(),
            active: if self.active {
                "on".to_owned()
            } else {
                String::new()
            },
        }
    }
}

/// The longest question and topic.
pub const MAX_QUESTION: usize = 600;
pub const MAX_TOPIC: usize = 300;
/// The most questions one kind of visit asks.
pub const MAX_QUESTIONS: usize = 200;

pub const TEMPLATE_PATH: &str = "/quan-tri/mau-kiem-tra";

pub fn checklist_path(visit: i64) -> String {
    format!("{}/kiem-tra", super::visit_path(visit))
}

pub fn question_anchor(id: i64) -> String {
    format!("question-{id}")
}

/// The anchor of a topic's findings: the topic's place on the checklist.
pub fn finding_anchor(index: usize) -> String {
    format!("finding-{index}")
}

/// A visit's checklist: ministry staff and the visited province's officials.
#[server(endpoint = "visits/checklist")]
pub async fn get_visit_checklist(id: i64) -> Result<VisitChecklist, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    service::checklist(&state, actor.as_ref(), id).await
}

/// Answers question `question` on visit `visit` from `version` (0: not answered yet).
/// Inspectors and ministry admins.
#[server(endpoint = "visits/answer")]
pub async fn answer_question(
    visit: i64,
    question: i64,
    version: i32,
    answer: AnswerInput,
) -> Result<SaveOutcome<AnswerLine>, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let outcome = record::answer(&state, &request, visit, question, version, answer).await?;
    crate::forms::conflict_for_plain_forms(&outcome)?;
    Ok(outcome)
}

/// Writes the delegation's findings under `topic` on visit `visit` from `version`.
/// Inspectors and ministry admins.
#[server(endpoint = "visits/finding")]
pub async fn save_finding(
    visit: i64,
    topic: String,
    version: i32,
    body: String,
) -> Result<SaveOutcome<FindingLine>, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    let outcome = record::finding(&state, &request, visit, &topic, version, &body).await?;
    crate::forms::conflict_for_plain_forms(&outcome)?;
    Ok(outcome)
}

/// Every question of every kind of visit, those taken out included. Ministry admins.
#[server(endpoint = "visits/template")]
pub async fn get_checklist_template() -> Result<Vec<TemplateQuestion>, AppError> {
    let state = crate::state::app_state()?;
    let actor = crate::accounts::current_actor_ctx();
    template::all(&state, actor.as_ref()).await
}

/// Adds a question to the template, or changes one. Ministry admins.
#[server(endpoint = "visits/question")]
pub async fn save_question(question: QuestionInput) -> Result<TemplateQuestion, AppError> {
    let state = crate::state::app_state()?;
    let request = crate::accounts::session::RequestInfo::current();
    template::save(&state, &request, question).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_suggest_answers() {
        let rating = |rating| Reading::Rating {
            rating,
            done: 1,
            assigned: 2,
        };
        assert_eq!(suggest(&rating(Rating::Xanh)), Some(Answer::Met));
        assert_eq!(suggest(&rating(Rating::Vang)), Some(Answer::Partly));
        assert_eq!(suggest(&rating(Rating::Do)), Some(Answer::NotMet));
        let procedures = |procedures| Reading::Procedures {
            procedures,
            departments: 1,
        };
        assert_eq!(suggest(&procedures(0)), Some(Answer::NotMet));
        assert_eq!(suggest(&procedures(205)), Some(Answer::Met));
        let online = |rate| Reading::OnlineRate { rate, target: 50 };
        assert_eq!(suggest(&online(None)), None);
        assert_eq!(suggest(&online(Some(49.99))), Some(Answer::NotMet));
        assert_eq!(suggest(&online(Some(50.0))), Some(Answer::Met));
        assert_eq!(suggest(&online(Some(72.35))), Some(Answer::Met));
        let follow_ups = |open, overdue| {
            Reading::FollowUps(FollowUpFigures {
                open,
                closed: 3,
                overdue,
            })
        };
        assert_eq!(suggest(&follow_ups(0, 0)), Some(Answer::Met));
        assert_eq!(suggest(&follow_ups(2, 0)), Some(Answer::Partly));
        assert_eq!(suggest(&follow_ups(2, 1)), Some(Answer::NotMet));
    }
}
