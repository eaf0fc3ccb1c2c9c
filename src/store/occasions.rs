//! SQA assessment occasions: each centre's question bank per Knowledge/Skills item, occasions
//! with the questions they sampled for one candidate, the candidate's answers and the
//! assessor's marks. The unique index on (learner, question) keeps S3 even against two
//! occasions scheduled at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::codes::NullableCode;
use super::schema::{bank_questions, occasion_items, occasions};
use super::{DbConnection, StoreError};
use crate::domain::occasion::Mark;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = bank_questions)]
pub struct BankQuestion {
    pub id: String,
    pub centre_id: String,
    pub item_id: String,
    pub text: String,
    pub author_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = occasions)]
pub struct Occasion {
    pub id: String,
    pub registration_id: String,
    pub learner_id: String,
    pub unit_id: String,
    pub method: String,
    pub seed: i64,
    pub opens_at: NaiveDateTime,
    pub scheduled_by: String,
    pub created_at: NaiveDateTime,
    pub open_notified_at: Option<NaiveDateTime>,
    /// S5: extra time the candidate is allowed, in minutes (0: none).
    pub extra_time_minutes: i32,
    /// S5: any other adjustment this occasion is run with (format, reader, scribe), in words.
    pub adjustments: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = occasion_items)]
pub struct OccasionItem {
    pub id: String,
    pub occasion_id: String,
    pub learner_id: String,
    pub item_id: String,
    pub question_id: String,
    pub position: i32,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// Set only by [`mark`]: an item is inserted unmarked.
    #[diesel(deserialize_as = NullableCode, skip_insertion)]
    pub outcome: Option<Mark>,
    pub feedback: Option<String>,
    pub marked_by: Option<String>,
    pub marked_at: Option<NaiveDateTime>,
}

pub fn insert_question(conn: &mut DbConnection, question: &BankQuestion) -> Result<(), StoreError> {
    diesel::insert_into(bank_questions::table)
        .values(question)
        .execute(conn)?;
    Ok(())
}

/// A centre's bank, by item then oldest first.
pub fn bank_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<BankQuestion>, StoreError> {
    Ok(bank_questions::table
        .filter(bank_questions::centre_id.eq(centre_id))
        .order((
            bank_questions::item_id,
            bank_questions::created_at,
            bank_questions::id,
        ))
        .select(BankQuestion::as_select())
        .load(conn)?)
}

/// The ids of every question a candidate has been given, on any occasion.
pub fn questions_had_by(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(occasion_items::table
        .filter(occasion_items::learner_id.eq(learner_id))
        .select(occasion_items::question_id)
        .load(conn)?)
}

/// Schedule an occasion with its sampled items, in the caller's transaction.
pub fn insert(
    conn: &mut DbConnection,
    occasion: &Occasion,
    items: &[OccasionItem],
) -> Result<(), StoreError> {
    diesel::insert_into(occasions::table)
        .values(occasion)
        .execute(conn)?;
    for item in items {
        diesel::insert_into(occasion_items::table)
            .values(item)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Occasion>, StoreError> {
    Ok(occasions::table
        .find(id)
        .select(Occasion::as_select())
        .first(conn)
        .optional()?)
}

/// A registration's occasions, oldest first.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Occasion>, StoreError> {
    Ok(occasions::table
        .filter(occasions::registration_id.eq(registration_id))
        .order((occasions::created_at, occasions::id))
        .select(Occasion::as_select())
        .load(conn)?)
}

/// Every sampled item of a registration's occasions with its question, in the order the
/// occasions were scheduled, then by position (one query).
pub fn items_of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<(OccasionItem, BankQuestion)>, StoreError> {
    Ok(occasion_items::table
        .inner_join(occasions::table)
        .inner_join(bank_questions::table)
        .filter(occasions::registration_id.eq(registration_id))
        .order((
            occasions::created_at,
            occasions::id,
            occasion_items::position,
        ))
        .select((OccasionItem::as_select(), BankQuestion::as_select()))
        .load(conn)?)
}

/// One sampled item of an occasion.
pub fn item(
    conn: &mut DbConnection,
    occasion_id: &str,
    item_id: &str,
) -> Result<Option<OccasionItem>, StoreError> {
    Ok(occasion_items::table
        .filter(occasion_items::occasion_id.eq(occasion_id))
        .filter(occasion_items::item_id.eq(item_id))
        .select(OccasionItem::as_select())
        .first(conn)
        .optional()?)
}

/// Save the candidate's answer to an item not yet marked. False when it was marked in between.
pub fn answer(
    conn: &mut DbConnection,
    id: &str,
    text: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(occasion_items::table.find(id))
        .filter(occasion_items::outcome.is_null())
        .set((
            occasion_items::answer.eq(text),
            occasion_items::answered_at.eq(now),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Record the assessor's mark and feedback on an item.
pub fn mark(
    conn: &mut DbConnection,
    id: &str,
    outcome: Mark,
    feedback: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(occasion_items::table.find(id))
        .set((
            occasion_items::outcome.eq(outcome.as_str()),
            occasion_items::feedback.eq(feedback),
            occasion_items::marked_by.eq(by),
            occasion_items::marked_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Note that the candidate was told the occasion is open. True for the one caller that set it,
/// so the notice goes out once however many requests see the occasion open.
pub fn note_opened(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(occasions::table.find(id))
        .filter(occasions::open_notified_at.is_null())
        .set(occasions::open_notified_at.eq(now))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The registration's occasions that are open at `now` and whose candidate was not told yet.
pub fn opened_untold(
    conn: &mut DbConnection,
    registration_id: &str,
    now: NaiveDateTime,
) -> Result<Vec<Occasion>, StoreError> {
    Ok(occasions::table
        .filter(occasions::registration_id.eq(registration_id))
        .filter(occasions::opens_at.le(now))
        .filter(occasions::open_notified_at.is_null())
        .select(Occasion::as_select())
        .load(conn)?)
}
