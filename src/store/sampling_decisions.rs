//! The facts about a centre's assessment decisions that sampling needs (CAMERA values, stage),
//! read for a whole centre and qualification in six queries, whatever the number of decisions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{
    assessment_plans, evidence_files, evidence_items, judgement_evidence, judgements, observations,
    registrations, unit_sign_offs,
};
use super::{DbConnection, StoreError};

/// One judgement round with the registration facts sampling needs.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DecisionRow {
    pub judgement_id: String,
    pub registration_id: String,
    pub item_id: String,
    pub unit_id: String,
    pub round: i32,
    pub outcome: String,
    pub has_feedback: bool,
    pub assessor_id: String,
    pub judged_at: NaiveDateTime,
    pub learner_id: String,
    pub workplace: String,
    pub centre_id: String,
    pub qualification_id: String,
}

/// Everything the CAMERA values of a set of decisions come from.
#[derive(Debug, Clone, Default)]
pub struct DecisionFacts {
    pub rows: Vec<DecisionRow>,
    /// (judgement id, evidence id, evidence kind).
    pub relied_on: Vec<(String, String, String)>,
    /// (evidence id, media type) of every file of that evidence.
    pub files: Vec<(String, String)>,
    /// (registration id, unit id) of every standing sign-off.
    pub signed_off: Vec<(String, String)>,
    /// Registrations with an assessment plan.
    pub with_plan: Vec<String>,
    /// Registrations with an observation record.
    pub with_observation: Vec<String>,
}

/// The window of a period: from the first day's start to the end of the last day.
fn window(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = to
        .succ_opt()
        .unwrap_or(to)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    (start, end)
}

/// The ids of a centre's registrations on a qualification, as a subquery.
#[diesel::dsl::auto_type]
fn in_scope<'a>(centre_id: &'a str, qualification_id: &'a str) -> _ {
    registrations::table
        .filter(registrations::centre_id.eq(centre_id))
        .filter(registrations::qualification_id.eq(qualification_id))
        .select(registrations::id)
}

/// The decisions of a centre's registrations on a qualification judged within the period.
pub fn of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
    qualification_id: &str,
    period: (NaiveDate, NaiveDate),
) -> Result<DecisionFacts, StoreError> {
    let window = window(period.0, period.1);
    let rows = decision_rows(conn, centre_id, qualification_id, window)?;
    let relied_on = relied_on(conn, centre_id, qualification_id, window)?;
    let files = evidence_files::table
        .inner_join(evidence_items::table.on(evidence_items::id.eq(evidence_files::evidence_id)))
        .filter(evidence_items::registration_id.eq_any(in_scope(centre_id, qualification_id)))
        .select((evidence_files::evidence_id, evidence_files::media_type))
        .load(conn)?;
    let signed_off = unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq_any(in_scope(centre_id, qualification_id)))
        .filter(unit_sign_offs::unlocked_at.is_null())
        .select((unit_sign_offs::registration_id, unit_sign_offs::unit_id))
        .load(conn)?;
    let with_plan = assessment_plans::table
        .filter(assessment_plans::registration_id.eq_any(in_scope(centre_id, qualification_id)))
        .select(assessment_plans::registration_id)
        .distinct()
        .load(conn)?;
    let with_observation = observations::table
        .filter(observations::registration_id.eq_any(in_scope(centre_id, qualification_id)))
        .select(observations::registration_id)
        .distinct()
        .load(conn)?;
    Ok(DecisionFacts {
        rows,
        relied_on,
        files,
        signed_off,
        with_plan,
        with_observation,
    })
}

/// The judgement rounds, with their registration facts, judged within the window.
fn decision_rows(
    conn: &mut DbConnection,
    centre_id: &str,
    qualification_id: &str,
    (start, end): (NaiveDateTime, NaiveDateTime),
) -> Result<Vec<DecisionRow>, StoreError> {
    Ok(judgements::table
        .inner_join(registrations::table.on(registrations::id.eq(judgements::registration_id)))
        .filter(registrations::centre_id.eq(centre_id))
        .filter(registrations::qualification_id.eq(qualification_id))
        .filter(judgements::judged_at.ge(start))
        .filter(judgements::judged_at.lt(end))
        .order(judgements::id)
        .select(row_columns())
        .load::<DecisionRow>(conn)?)
}

/// (judgement id, evidence id, evidence kind) of the evidence each decision in the window relied on.
fn relied_on(
    conn: &mut DbConnection,
    centre_id: &str,
    qualification_id: &str,
    (start, end): (NaiveDateTime, NaiveDateTime),
) -> Result<Vec<(String, String, String)>, StoreError> {
    Ok(judgement_evidence::table
        .inner_join(judgements::table.on(judgements::id.eq(judgement_evidence::judgement_id)))
        .inner_join(
            evidence_items::table.on(evidence_items::id.eq(judgement_evidence::evidence_id)),
        )
        .filter(judgements::registration_id.eq_any(in_scope(centre_id, qualification_id)))
        .filter(judgements::judged_at.ge(start))
        .filter(judgements::judged_at.lt(end))
        .select((
            judgement_evidence::judgement_id,
            evidence_items::id,
            evidence_items::kind,
        ))
        .load(conn)?)
}

#[expect(clippy::type_complexity, reason = "a diesel select tuple")]
fn row_columns() -> (
    judgements::id,
    judgements::registration_id,
    judgements::item_id,
    judgements::unit_id,
    judgements::round,
    judgements::outcome,
    diesel::dsl::Ne<judgements::feedback, &'static str>,
    judgements::assessor_id,
    judgements::judged_at,
    registrations::learner_id,
    registrations::workplace,
    registrations::centre_id,
    registrations::qualification_id,
) {
    (
        judgements::id,
        judgements::registration_id,
        judgements::item_id,
        judgements::unit_id,
        judgements::round,
        judgements::outcome,
        judgements::feedback.ne(""),
        judgements::assessor_id,
        judgements::judged_at,
        registrations::learner_id,
        registrations::workplace,
        registrations::centre_id,
        registrations::qualification_id,
    )
}

/// Decision rows and the standing sign-offs (registration id, unit id) of their registrations.
pub type ChosenDecisions = (Vec<DecisionRow>, Vec<(String, String)>);

/// The named decisions with their registrations (any centre: the caller checks), and the
/// standing sign-offs of those registrations, to decide each one's stage.
pub fn by_ids(
    conn: &mut DbConnection,
    judgement_ids: &[String],
) -> Result<ChosenDecisions, StoreError> {
    let rows = judgements::table
        .inner_join(registrations::table.on(registrations::id.eq(judgements::registration_id)))
        .filter(judgements::id.eq_any(judgement_ids))
        .order(judgements::id)
        .select(row_columns())
        .load::<DecisionRow>(conn)?;
    let registration_ids: Vec<&str> = rows.iter().map(|r| r.registration_id.as_str()).collect();
    let signed_off = unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq_any(registration_ids))
        .filter(unit_sign_offs::unlocked_at.is_null())
        .select((unit_sign_offs::registration_id, unit_sign_offs::unit_id))
        .load(conn)?;
    Ok((rows, signed_off))
}
