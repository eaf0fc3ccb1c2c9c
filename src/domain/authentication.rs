//! S4: open learning needs the named authenticator (usually the employer) to confirm that the
//! evidence relied on is the candidate's own work before a unit is signed off. Pure rules: who the
//! authenticator is, what they sign through their link, and what a sign-off still lacks.

use std::collections::{BTreeMap, BTreeSet};

use super::people::{Email, FieldError, Name};
use super::rules::RuleViolation;

/// How long an authentication link works: as long as a witness link.
pub const LINK_VALIDITY: chrono::Duration = super::witness::LINK_VALIDITY;

/// The sentence the authenticator confirms for each item.
pub const CONFIRMATION: &str = "I confirm this is the candidate's own work";

/// The authenticator of an open-learning registration, as checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticator {
    pub name: String,
    pub role: String,
    pub email: String,
}

fn role(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> String {
    let value = raw.trim().to_owned();
    if value.is_empty() || value.chars().count() > 200 {
        errors.push(FieldError::new(
            field,
            "Enter the role, for example Line manager (at most 200 characters)",
        ));
    }
    value
}

/// The authenticator's name, role and email, each required.
pub fn parse_authenticator(
    name: &str,
    role_text: &str,
    email: &str,
) -> Result<Authenticator, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = Name::parse("authenticator", name)
        .map_err(|e| errors.push(e))
        .ok();
    let role = role("authenticator_role", role_text, &mut errors);
    let email = Email::parse("authenticator_email", email)
        .map_err(|e| errors.push(e))
        .ok();
    match (name, email) {
        (Some(name), Some(email)) if errors.is_empty() => Ok(Authenticator {
            name: name.as_str().to_owned(),
            role,
            email: email.as_str().to_owned(),
        }),
        _ => Err(errors),
    }
}

/// What the authenticator fills in on their link's page.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SignFields {
    #[serde(default)]
    pub signed_name: String,
    #[serde(default)]
    pub signed_role: String,
    /// The evidence ids they confirm as the candidate's own work.
    #[serde(default)]
    pub confirmed: Vec<String>,
}

/// What the authenticator signed, checked against the items their link offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub name: String,
    pub role: String,
    pub confirmed: Vec<String>,
}

/// Their name and role, and at least one of the items offered (and only those).
pub fn parse_signing(fields: &SignFields, offered: &[String]) -> Result<Signed, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = Name::parse("signed_name", &fields.signed_name)
        .map_err(|e| errors.push(e))
        .ok();
    let role = role("signed_role", &fields.signed_role, &mut errors);
    let confirmed: BTreeSet<&String> = fields.confirmed.iter().collect();
    if confirmed.is_empty() {
        errors.push(FieldError::new(
            "confirmed",
            "Tick each item you confirm is the candidate's own work",
        ));
    } else if confirmed.iter().any(|id| !offered.contains(id)) {
        errors.push(FieldError::new(
            "confirmed",
            "Confirm only the items this link lists",
        ));
    }
    match name {
        Some(name) if errors.is_empty() => Ok(Signed {
            name: name.as_str().to_owned(),
            role,
            confirmed: offered
                .iter()
                .filter(|id| confirmed.contains(id))
                .cloned()
                .collect(),
        }),
        _ => Err(errors),
    }
}

/// A round of judgement as the rule reads it.
pub struct RoundFact<'a> {
    pub judgement_id: &'a str,
    pub item_id: &'a str,
    pub unit_id: &'a str,
    pub round: i32,
    pub met: bool,
}

/// The evidence versions relied on by the latest, met judgement of each item of a unit.
pub fn relied_on(
    unit_id: &str,
    rounds: &[RoundFact<'_>],
    evidence: &[(String, String, i32)],
) -> BTreeSet<(String, i32)> {
    let mut latest: BTreeMap<&str, &RoundFact<'_>> = BTreeMap::new();
    for round in rounds.iter().filter(|r| r.unit_id == unit_id) {
        if latest
            .get(round.item_id)
            .is_none_or(|r| r.round < round.round)
        {
            latest.insert(round.item_id, round);
        }
    }
    let met: BTreeSet<&str> = latest
        .values()
        .filter(|r| r.met)
        .map(|r| r.judgement_id)
        .collect();
    evidence
        .iter()
        .filter(|(judgement, _, _)| met.contains(judgement.as_str()))
        .map(|(_, id, version)| (id.clone(), *version))
        .collect()
}

/// S4: every evidence version relied on must be authenticated; refused naming those that are
/// not (`titles` gives each item's title).
pub fn check_authenticated(
    relied: &BTreeSet<(String, i32)>,
    authenticated: &BTreeSet<(String, i32)>,
    titles: &BTreeMap<String, String>,
) -> Result<(), RuleViolation> {
    let items: Vec<String> = relied
        .iter()
        .filter(|key| !authenticated.contains(key))
        .map(|(id, version)| {
            let title = titles.get(id).map_or("An evidence item", String::as_str);
            format!("{title} (version {version})")
        })
        .collect();
    if items.is_empty() {
        Ok(())
    } else {
        Err(RuleViolation::AuthenticationRequired { items })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round<'a>(id: &'a str, item: &'a str, r: i32, met: bool) -> RoundFact<'a> {
        RoundFact {
            judgement_id: id,
            item_id: item,
            unit_id: "u1",
            round: r,
            met,
        }
    }

    #[test]
    fn s4_sign_off_needs_every_relied_on_version_authenticated() {
        let rounds = [round("j1", "a", 1, false), round("j2", "a", 2, true)];
        let evidence = vec![
            ("j1".to_owned(), "e-old".to_owned(), 1),
            ("j2".to_owned(), "e1".to_owned(), 2),
        ];
        let relied = relied_on("u1", &rounds, &evidence);
        assert_eq!(relied, BTreeSet::from([("e1".to_owned(), 2)]));
        let titles = BTreeMap::from([("e1".to_owned(), "My care plan".to_owned())]);
        let older = BTreeSet::from([("e1".to_owned(), 1)]);
        let refused = check_authenticated(&relied, &older, &titles);
        assert_eq!(
            refused,
            Err(RuleViolation::AuthenticationRequired {
                items: vec!["My care plan (version 2)".to_owned()]
            })
        );
        assert_eq!(check_authenticated(&relied, &relied, &titles), Ok(()));
    }

    #[test]
    fn s4_authenticator_needs_name_role_and_email() {
        let refused = parse_authenticator("", "", "nope");
        let fields: Vec<String> = refused
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["authenticator", "authenticator_role", "authenticator_email"]
        );
        assert!(parse_authenticator("Pat Boss", "Line manager", "pat@example.org").is_ok());
    }

    #[test]
    fn s4_authenticator_confirms_only_items_offered() {
        let offered = vec!["e1".to_owned()];
        let mut fields = SignFields {
            signed_name: "Pat Boss".to_owned(),
            signed_role: "Line manager".to_owned(),
            confirmed: vec!["e2".to_owned()],
        };
        assert!(parse_signing(&fields, &offered).is_err());
        fields.confirmed = vec!["e1".to_owned()];
        assert_eq!(
            parse_signing(&fields, &offered).map(|s| s.confirmed),
            Ok(offered)
        );
    }
}
