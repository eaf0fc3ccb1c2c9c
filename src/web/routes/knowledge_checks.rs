//! Knowledge check pages: a programme's checks, one check, an attempt, the cohort view, and the
//! forms that write checks and questions, take a check, mark it and offer it as evidence.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::learning::check_attempts as attempts;
use crate::actions::learning::cohort;
use crate::actions::learning::knowledge_checks::{self as act, CheckInput};
use crate::domain::ids::{AttemptId, KnowledgeCheckId, ProgrammeId, QualificationId};
use crate::domain::knowledge_check::{AnswerInput, OptionInput, QuestionInput, QuestionKind};
use crate::web::api::knowledge_checks::parse_outcome;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::knowledge_checks::{self as view, Frame};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("written") => Some("The check is saved. Add its questions below."),
        Some("added") => Some("The question is added."),
        Some("submitted") => Some("Your answers are in. Feedback on each is below."),
        Some("marked") => Some("The mark is saved."),
        _ => None,
    }
}

fn split(failure: Option<&AppError>) -> (Vec<crate::domain::people::FieldError>, Option<String>) {
    match failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    }
}

async fn checks_page(
    state: &AppState,
    current: &CurrentUser,
    id: &ProgrammeId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let (programme, role, list) = act::list(state, current, id).await?;
    let outcomes = act::outcomes_of(
        state,
        &QualificationId::from_stored(programme.qualification_id.as_str()),
    );
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    Ok(html(
        status_for(failure.as_ref()),
        view::checks(&frame, &programme, &role, &list, &outcomes),
    ))
}

/// `GET /programmes/{programme_id}/checks`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    checks_page(&state, &current, &id, None, query.done.as_deref()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CheckForm {
    csrf_token: String,
    title: String,
    outcome_id: String,
    pass_mark: String,
}

/// `POST /programmes/{programme_id}/checks`
pub async fn create(
    state: web::Data<AppState>,
    id: web::Path<ProgrammeId>,
    submitted: SignedInForm<CheckForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let input = CheckInput {
        title: f.title,
        outcome_id: f.outcome_id,
        pass_mark: f.pass_mark,
        questions: Vec::new(),
    };
    let result = act::create(&state, &current, &id, input).await;
    after_post(
        result,
        |check| format!("/checks/{}?done=written", check.id),
        |failure| checks_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

async fn check_page(
    state: &AppState,
    current: &CurrentUser,
    id: &KnowledgeCheckId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let v = act::view(state, current, id).await?;
    let qualification = QualificationId::from_stored(v.programme.qualification_id.as_str());
    let outcomes = act::outcomes_of(state, &qualification);
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    let page = view::check(&frame, &v, &outcomes);
    Ok(html(status_for(failure.as_ref()), page))
}

/// `GET /checks/{check_id}`
pub async fn check(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<KnowledgeCheckId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    check_page(&state, &current, &id, None, query.done.as_deref()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuestionForm {
    csrf_token: String,
    kind: String,
    prompt: String,
    option: Vec<String>,
    /// Positions of the options ticked correct.
    correct: Vec<usize>,
    feedback: Vec<String>,
    guidance: String,
}

impl QuestionForm {
    fn input(self) -> QuestionInput {
        let objective =
            QuestionKind::parse(self.kind.trim()).is_some_and(QuestionKind::is_objective);
        let options = if objective {
            self.option
                .iter()
                .enumerate()
                .map(|(i, text)| OptionInput {
                    text: text.clone(),
                    correct: self.correct.contains(&i),
                    feedback: self.feedback.get(i).cloned().unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        };
        QuestionInput {
            kind: self.kind,
            prompt: self.prompt,
            options,
            guidance: self.guidance,
        }
    }
}

/// `POST /checks/{check_id}/questions`
pub async fn add_question(
    state: web::Data<AppState>,
    id: web::Path<KnowledgeCheckId>,
    submitted: SignedInForm<QuestionForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let result = act::add_question(&state, &current, &id, f.input()).await;
    after_post(
        result,
        |_| format!("/checks/{id}?done=added"),
        |failure| check_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlainForm {
    csrf_token: String,
}

/// `POST /checks/{check_id}/attempts`
pub async fn start(
    state: web::Data<AppState>,
    id: web::Path<KnowledgeCheckId>,
    submitted: SignedInForm<PlainForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let result = attempts::start(&state, &current, &id).await;
    after_post(
        result,
        |attempt| format!("/attempts/{}", attempt.id),
        |failure| check_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

async fn attempt_page(
    state: &AppState,
    current: &CurrentUser,
    id: &AttemptId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let v = attempts::view(state, current, id).await?;
    let criteria = v.criteria(state);
    let own = v.attempt.learner_id == current.user.id;
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    Ok(html(
        status_for(failure.as_ref()),
        view::attempt(&frame, &v, &criteria, own),
    ))
}

/// `GET /attempts/{attempt_id}`
pub async fn attempt(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<AttemptId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    attempt_page(&state, &current, &id, None, query.done.as_deref()).await
}

/// The answer form: `answer-{i}` holds the options chosen (by position) or the text written.
#[derive(Deserialize, Default)]
#[serde(from = "BTreeMap<String, Vec<String>>")]
pub struct AnswersForm {
    csrf_token: String,
    answers: BTreeMap<usize, Vec<String>>,
}

impl From<BTreeMap<String, Vec<String>>> for AnswersForm {
    fn from(mut fields: BTreeMap<String, Vec<String>>) -> Self {
        let csrf_token = fields
            .remove("csrf_token")
            .and_then(|v| v.into_iter().next())
            .unwrap_or_default();
        let answers = fields
            .into_iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("answer-")?.parse().ok()?, v)))
            .collect();
        Self {
            csrf_token,
            answers,
        }
    }
}

fn answers_of(form: &AnswersForm, kinds: &[QuestionKind]) -> Vec<AnswerInput> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let given = form.answers.get(&i).cloned().unwrap_or_default();
            if *kind == QuestionKind::ShortAnswer {
                AnswerInput {
                    choices: Vec::new(),
                    text: given.into_iter().next().unwrap_or_default(),
                }
            } else {
                AnswerInput {
                    choices: given.iter().filter_map(|c| c.parse().ok()).collect(),
                    text: String::new(),
                }
            }
        })
        .collect()
}

/// `POST /attempts/{attempt_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    id: web::Path<AttemptId>,
    submitted: SignedInForm<AnswersForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let v = attempts::view(&state, &current, &id).await?;
    let kinds: Vec<QuestionKind> = v.questions.iter().map(|q| q.kind).collect();
    let answers = answers_of(&submitted.form, &kinds);
    let result = attempts::submit(&state, &current, &id, answers).await;
    after_post(
        result,
        |_| format!("/attempts/{id}?done=submitted"),
        |failure| attempt_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MarkForm {
    csrf_token: String,
    question: usize,
    outcome: String,
    feedback: String,
}

/// `POST /attempts/{attempt_id}/marks`
pub async fn mark(
    state: web::Data<AppState>,
    id: web::Path<AttemptId>,
    submitted: SignedInForm<MarkForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let result = match parse_outcome(&f.outcome) {
        Ok(correct) => {
            attempts::mark_answer(&state, &current, &id, f.question, correct, &f.feedback)
                .await
                .map(|_| ())
                .map_err(AppError::from)
        }
        Err(e) => Err(e),
    };
    after_post(
        result,
        |()| format!("/attempts/{id}?done=marked"),
        |failure| attempt_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OfferForm {
    csrf_token: String,
    criteria: Vec<String>,
}

/// `POST /attempts/{attempt_id}/evidence`
pub async fn offer(
    state: web::Data<AppState>,
    id: web::Path<AttemptId>,
    submitted: SignedInForm<OfferForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let result = attempts::offer_as_evidence(&state, &current, &id, &f.criteria).await;
    after_post(
        result,
        |item| format!("/evidence/{}", item.id),
        |failure| attempt_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

/// `GET /programmes/{programme_id}/cohort`
pub async fn cohort_page(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
) -> Result<HttpResponse, PageError> {
    let v = cohort::view(&state, &current, &id).await?;
    let frame = Frame {
        current: &current,
        errors: &[],
        problem: None,
        notice: None,
    };
    Ok(html(
        actix_web::http::StatusCode::OK,
        view::cohort(&frame, &v),
    ))
}

crate::carries_csrf!(
    CheckForm,
    QuestionForm,
    PlainForm,
    AnswersForm,
    MarkForm,
    OfferForm
);
