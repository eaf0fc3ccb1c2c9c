//! Observations of practice (C5): who observed (an assessor, or an expert witness), whether it
//! was planned, when and where, who was present and whether they consented, what was seen, and
//! the criteria and range it covers. What the observer signs is the record's canonical content.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::evidence::mappable_items;
use super::judgement::judgeable_items;
use super::people::FieldError;
use super::signature::SignerRole;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;

crate::codes! {
    /// Who observed the learner's practice.
    pub enum ObserverKind { Assessor = "assessor", ExpertWitness = "expert_witness" }
}

impl ObserverKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Assessor => "Assessor",
            Self::ExpertWitness => "Expert witness",
        }
    }

    /// The capacity the observer signs the record in.
    pub fn signer_role(self) -> SignerRole {
        match self {
            Self::Assessor => SignerRole::Assessor,
            Self::ExpertWitness => SignerRole::ExpertWitness,
        }
    }
}

/// Someone present during the observation, and whether they consented to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPresent {
    pub name: String,
    pub role: String,
    pub consent: bool,
}

/// A person present as entered; consent must be stated either way.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonPresentInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub consent: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ObservationInput {
    #[serde(default)]
    pub planned: Option<bool>,
    #[serde(default)]
    pub observed_on: String,
    #[serde(default)]
    pub setting: String,
    #[serde(default)]
    pub people_present: Vec<PersonPresentInput>,
    #[serde(default)]
    pub narrative: String,
    #[serde(default)]
    pub criteria: Vec<String>,
    #[serde(default)]
    pub range_items: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedObservation {
    pub planned: bool,
    pub observed_on: NaiveDate,
    pub setting: String,
    pub people_present: Vec<PersonPresent>,
    pub narrative: String,
    pub criteria: Vec<String>,
    pub range_items: Vec<String>,
}

fn sorted(ids: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = ids
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

fn check_people(people: &[PersonPresentInput], errors: &mut Vec<FieldError>) -> Vec<PersonPresent> {
    let mut checked = Vec::new();
    for person in people
        .iter()
        .filter(|p| !p.name.trim().is_empty() || !p.role.trim().is_empty())
    {
        match person.consent {
            Some(consent) if !person.name.trim().is_empty() => checked.push(PersonPresent {
                name: person.name.trim().to_owned(),
                role: person.role.trim().to_owned(),
                consent,
            }),
            _ => {
                errors.push(FieldError::new(
                    "people_present",
                    "Give each person's name and whether they consented to the observation (yes or no)",
                ));
                break;
            }
        }
    }
    checked
}

/// Check an observation against the registration's qualification; `today` bounds the date.
pub fn check_observation(
    curriculum: &Curriculum,
    qualification_id: &str,
    input: &ObservationInput,
    today: NaiveDate,
) -> Result<CheckedObservation, Vec<FieldError>> {
    let mut errors = Vec::new();
    if input.planned.is_none() {
        errors.push(FieldError::new(
            "planned",
            "Say whether the observation was planned",
        ));
    }
    let date = check_date(&input.observed_on, today, &mut errors);
    let setting = input.setting.trim().to_owned();
    if setting.is_empty() || setting.chars().count() > 500 {
        errors.push(FieldError::new(
            "setting",
            "Describe the setting in at most 500 characters",
        ));
    }
    let people_present = check_people(&input.people_present, &mut errors);
    let narrative = input.narrative.trim().to_owned();
    if narrative.is_empty() || narrative.chars().count() > 50_000 {
        errors.push(FieldError::new(
            "narrative",
            "Write what you observed (at most 50,000 characters)",
        ));
    }
    let (criteria, range_items) = check_items(curriculum, qualification_id, input, &mut errors);
    match (input.planned, date, errors.is_empty()) {
        (Some(planned), Some(observed_on), true) => Ok(CheckedObservation {
            planned,
            observed_on,
            setting,
            people_present,
            narrative,
            criteria,
            range_items,
        }),
        _ => Err(errors),
    }
}

/// The observation date: a date, not in the future, within the last ten years.
fn check_date(raw: &str, today: NaiveDate, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    match date {
        Some(d) if d > today => errors.push(FieldError::new(
            "observed_on",
            "The observation date cannot be in the future",
        )),
        Some(d) if !crate::domain::dates::recent(d, today) => errors.push(FieldError::new(
            "observed_on",
            "The observation date must be within the last ten years",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new(
            "observed_on",
            "Enter the date of the observation, like 2027-03-02",
        )),
    }
    date
}

/// The criteria covered (at least one, each judgeable in the qualification) and the range items
/// (each a range item of the qualification), sorted and without repeats.
fn check_items(
    curriculum: &Curriculum,
    qualification_id: &str,
    input: &ObservationInput,
    errors: &mut Vec<FieldError>,
) -> (Vec<String>, Vec<String>) {
    let criteria = sorted(&input.criteria);
    let judgeable = judgeable_items(curriculum, qualification_id);
    if criteria.is_empty() {
        errors.push(FieldError::new(
            "criteria",
            "Choose the criteria the observation covers",
        ));
    } else if let Some(outside) = criteria.iter().find(|c| !judgeable.contains_key(*c)) {
        errors.push(FieldError::new(
            "criteria",
            &format!("{outside} is not a criterion of this learner's qualification"),
        ));
    }
    let range_items = sorted(&input.range_items);
    let mappable = mappable_items(curriculum, qualification_id);
    if let Some(outside) = range_items
        .iter()
        .find(|r| !mappable.contains(*r) || judgeable.contains_key(*r) || !r.contains("/range"))
    {
        errors.push(FieldError::new(
            "range_items",
            &format!("{outside} is not a range item of this learner's qualification"),
        ));
    }
    (criteria, range_items)
}

/// People present as a page's text box gives them: one a line, "name; role; yes|no".
pub fn people_from_lines(text: &str) -> Vec<PersonPresentInput> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split(';').map(str::trim);
            let (name, role, consent) = (parts.next(), parts.next(), parts.next());
            PersonPresentInput {
                name: name.unwrap_or_default().to_owned(),
                role: role.unwrap_or_default().to_owned(),
                consent: match consent.map(str::to_lowercase).as_deref() {
                    Some("yes" | "y" | "consented") => Some(true),
                    Some("no" | "n" | "declined") => Some(false),
                    _ => None,
                },
            }
        })
        .collect()
}

/// The fields of an observation that its signatures commit to.
pub struct ObservationContent<'a> {
    pub id: &'a str,
    pub registration_id: &'a str,
    pub observer_kind: &'a str,
    pub observer_name: &'a str,
    pub planned: bool,
    pub observed_on: NaiveDate,
    pub setting: &'a str,
    pub people_present: &'a [PersonPresent],
    pub narrative: &'a str,
    pub criteria: &'a [String],
    pub range_items: &'a [String],
}

impl ObservationContent<'_> {
    /// The record as signed (hashed through `signature::content_hash`).
    pub fn record(&self) -> Value {
        json!({
            "type": "observation", "id": self.id, "registration_id": self.registration_id,
            "observer_kind": self.observer_kind, "observer_name": self.observer_name,
            "planned": self.planned, "observed_on": self.observed_on.to_string(), "setting": self.setting,
            "people_present": self.people_present, "narrative": self.narrative,
            "criteria": self.criteria, "range_items": self.range_items,
        })
    }
}

/// C5: an observation counts towards a unit when an assessor or an expert witness made it (an
/// [`ObserverKind`] is one of the two; a plain witness's testimony is not an observation), their
/// signature holds, and it covers at least one of the unit's items.
pub fn counts_for_unit(
    unit: &Unit,
    _observer: ObserverKind,
    observer_signed: bool,
    criteria: &[String],
) -> bool {
    let unit_items: BTreeSet<String> = super::judgement::judgeable_items_of_unit(unit)
        .into_iter()
        .collect();
    observer_signed && criteria.iter().any(|c| unit_items.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 10).unwrap_or_default()
    }

    fn valid() -> ObservationInput {
        ObservationInput {
            planned: Some(true),
            observed_on: "2027-03-02".into(),
            setting: "A review meeting in Mrs B's home".into(),
            people_present: people_from_lines(
                "Mrs B; person supported; yes\nJo Carer; daughter; no",
            ),
            narrative: "Led the review with Mrs B.".into(),
            criteria: vec!["cg-3085/u002/lo2/ac2.1".into()],
            range_items: vec!["cg-3085/u002/lo2/range1/3".into()],
        }
    }

    #[test]
    fn an_observation_names_people_consent_and_criteria() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let ok =
            check_observation(&c, "cg-3085-02", &valid(), today()).map_err(|e| format!("{e:?}"))?;
        assert_eq!(ok.people_present.len(), 2);
        assert!(ok.people_present[0].consent && !ok.people_present[1].consent);
        Ok(())
    }

    #[test]
    fn consent_must_be_noted_for_everyone_present() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let input = ObservationInput {
            people_present: people_from_lines("Mrs B; person supported"),
            ..valid()
        };
        let errors = check_observation(&c, "cg-3085-02", &input, today())
            .err()
            .ok_or("accepted")?;
        assert_eq!(errors[0].field, "people_present");
        Ok(())
    }

    #[test]
    fn criteria_and_range_come_from_the_qualification() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let input = ObservationInput {
            criteria: vec![],
            range_items: vec!["cg-3085/u002/lo2/ac2.1".into()],
            ..valid()
        };
        let errors = check_observation(&c, "cg-3085-02", &input, today())
            .err()
            .ok_or("accepted")?;
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["criteria", "range_items"]);
        let other = check_observation(&c, "cg-3085-01", &valid(), today());
        assert!(other.is_err());
        Ok(())
    }

    #[test]
    fn c5_only_a_signed_observation_of_the_unit_counts() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let (_, u002) = c.unit("cg-3085/u002").ok_or("no unit")?;
        let of_u002 = vec!["cg-3085/u002/lo2/ac2.1".to_owned()];
        let (assessor, expert) = (ObserverKind::Assessor, ObserverKind::ExpertWitness);
        assert!(counts_for_unit(u002, assessor, true, &of_u002));
        assert!(counts_for_unit(u002, expert, true, &of_u002));
        assert!(!counts_for_unit(u002, assessor, false, &of_u002));
        assert_eq!(ObserverKind::parse("witness"), None);
        assert!(!counts_for_unit(
            u002,
            assessor,
            true,
            &["cg-3085/u001/lo1/ac1.1".to_owned()]
        ));
        Ok(())
    }
}
