//! Assessors and IQAs allocated to one unit of a registration, where that is not the
//! registration's own assessor and IQA (who hold every unit with no row here).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::unit_allocations;
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = unit_allocations)]
pub struct UnitAllocation {
    pub registration_id: String,
    pub unit_id: String,
    pub assessor_id: String,
    pub iqa_id: String,
    pub allocated_by: String,
    pub allocated_at: NaiveDateTime,
}

/// The units of a registration allocated to someone other than its own assessor and IQA.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<UnitAllocation>, StoreError> {
    Ok(unit_allocations::table
        .filter(unit_allocations::registration_id.eq(registration_id))
        .order(unit_allocations::unit_id)
        .select(UnitAllocation::as_select())
        .load(conn)?)
}

/// The unit allocations a person holds, as assessor or as IQA, on any registration.
pub fn held_by(conn: &mut DbConnection, user_id: &str) -> Result<Vec<UnitAllocation>, StoreError> {
    Ok(unit_allocations::table
        .filter(
            unit_allocations::assessor_id
                .eq(user_id)
                .or(unit_allocations::iqa_id.eq(user_id)),
        )
        .select(UnitAllocation::as_select())
        .load(conn)?)
}

/// Allocate one unit: `Some` stores (or replaces) its row, `None` returns the unit to the
/// registration's own assessor and IQA.
pub fn set(
    conn: &mut DbConnection,
    registration_id: &str,
    unit_id: &str,
    allocation: Option<&UnitAllocation>,
) -> Result<(), StoreError> {
    diesel::delete(
        unit_allocations::table
            .filter(unit_allocations::registration_id.eq(registration_id))
            .filter(unit_allocations::unit_id.eq(unit_id)),
    )
    .execute(conn)?;
    if let Some(row) = allocation {
        diesel::insert_into(unit_allocations::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}
