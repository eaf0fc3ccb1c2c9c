//! What the IQA chooses from when setting up an exercise: the centre's newest submitted evidence
//! that is mapped to criteria, each with the judgeable criteria it is mapped to, so nobody
//! types an id.

use std::collections::BTreeMap;

use crate::actions::iqa::standardisation::{criterion_texts, require_iqa};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, QualificationId};
use crate::store::exercise_candidates::{self as store, Candidate};

/// The items an IQA may set an exercise up on; 403 for anyone but an IQA of the centre.
pub async fn candidates(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<Candidate>, ActionError> {
    require_iqa(actor, centre_id)?;
    let key = centre_id.to_string();
    let found = state
        .db
        .run(move |conn| store::of_centre(conn, &key))
        .await?;
    let mut judgeable: BTreeMap<String, Vec<String>> = BTreeMap::new();
    Ok(found
        .into_iter()
        .filter_map(|mut c| {
            let items = judgeable
                .entry(c.qualification_id.clone())
                .or_insert_with(|| {
                    let id = QualificationId::from_stored(c.qualification_id.as_str());
                    criterion_texts(state, &id).into_keys().collect()
                });
            c.mapped = items
                .iter()
                .filter(|i| c.mapped.contains(i))
                .cloned()
                .collect();
            (!c.mapped.is_empty()).then_some(c)
        })
        .collect())
}

/// The criteria an exercise judges: those asked for, or (when the request names none at all)
/// every judgeable criterion the item is mapped to, in `judgeable`'s order. An empty list asked
/// for stays empty, for the rules to refuse.
pub fn criteria_to_judge(
    asked: Option<&[String]>,
    mapped: &[String],
    judgeable: &[String],
) -> Vec<String> {
    if let Some(asked) = asked {
        return asked.to_vec();
    }
    judgeable
        .iter()
        .filter(|i| mapped.contains(i))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn criteria_asked_for_are_judged_as_asked() {
        let asked = owned(&["b"]);
        let all = owned(&["a", "b"]);
        assert_eq!(criteria_to_judge(Some(&asked), &all, &all), asked);
        assert!(criteria_to_judge(Some(&[]), &all, &all).is_empty());
    }

    #[test]
    fn criteria_not_named_judges_every_mapped_judgeable_criterion() {
        let mapped = owned(&["c", "a", "range-item"]);
        let judgeable = owned(&["a", "b", "c"]);
        assert_eq!(
            criteria_to_judge(None, &mapped, &judgeable),
            owned(&["a", "c"])
        );
    }
}
