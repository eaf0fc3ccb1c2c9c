use super::*;
use crate::curriculum::shipped;
use crate::domain::rules::RuleViolation;
use chrono::NaiveDate;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const CG: &str = "cg-3085-02";
const AC: &str = "cg-3085/u002/lo1/ac1.1";

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2027, 1, day)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .unwrap_or_default()
}

fn today() -> NaiveDate {
    at(15).date()
}

fn request(expert: bool) -> RequestFields {
    RequestFields {
        witness_name: "Wendy Witness".into(),
        witness_email: "Wendy@Example.org".into(),
        witness_role: "Team leader".into(),
        relationship: "Line manager".into(),
        expert,
        criteria: vec![AC.into()],
        activity: "Support planning with Mr B".into(),
    }
}

fn facts(expert: bool) -> RequestFacts<'static> {
    RequestFacts {
        witness_name: "Wendy Witness",
        witness_email: "wendy@example.org",
        expert,
        qualification_id: CG,
    }
}

fn answer() -> AnswerFields {
    AnswerFields {
        confirm_name: " wendy  witness ".into(),
        confirm_email: "WENDY@example.org".into(),
        declared_role: "Team leader".into(),
        testimony: "I saw the learner agree a support plan.".into(),
        signature: "Wendy Witness".into(),
        ..AnswerFields::default()
    }
}

fn expert_answer(competent: bool, qualifications: &[&str], work_role: bool) -> AnswerFields {
    AnswerFields {
        expert_statement: "Registered manager; I assess staff practice.".into(),
        working_knowledge_of_units: true,
        occupationally_competent: competent,
        assessment_qualifications: qualifications.iter().map(|q| (*q).to_owned()).collect(),
        work_role_evaluates_practice: work_role,
        ..answer()
    }
}

fn checked(fields: &AnswerFields) -> Result<Result<(), RuleViolation>, Box<dyn std::error::Error>> {
    let c = shipped()?;
    let parsed = parse_answer(&c, &facts(true), fields, today()).map_err(|e| format!("{e:?}"))?;
    Ok(check_expert(&c, CG, &parsed))
}

#[test]
fn c7_expert_witness_needs_occupational_competence() -> TestResult {
    let refused = checked(&expert_answer(false, &["a1"], false))?;
    let Err(violation) = refused else {
        return Err("an expert witness who is not occupationally competent was accepted".into());
    };
    assert_eq!(violation.code(), "expert_witness_not_eligible");
    assert!(
        violation.to_string().contains("occupationally competent"),
        "{violation}"
    );
    Ok(())
}

#[test]
fn c7_expert_witness_needs_an_assessment_qualification_or_a_role_that_evaluates_practice()
-> TestResult {
    assert!(checked(&expert_answer(true, &[], false))?.is_err());
    assert_eq!(checked(&expert_answer(true, &["a1"], false))?, Ok(()));
    assert_eq!(checked(&expert_answer(true, &[], true))?, Ok(()));
    Ok(())
}

#[test]
fn c7_an_ordinary_witness_states_nothing_about_c7() -> TestResult {
    let c = shipped()?;
    let parsed =
        parse_answer(&c, &facts(false), &answer(), today()).map_err(|e| format!("{e:?}"))?;
    assert_eq!(parsed.expert, None);
    assert_eq!(check_expert(&c, CG, &parsed), Ok(()));
    Ok(())
}

#[test]
fn a_request_for_criteria_outside_the_qualification_is_refused() -> TestResult {
    let c = shipped()?;
    let mut fields = request(false);
    fields.criteria = vec!["sqa-fx35-35/o1/ks1".into()];
    let errors = parse_request(&c, CG, &fields).err().unwrap_or_default();
    assert_eq!(errors.first().map(|e| e.field.as_str()), Some("criteria"));
    fields.criteria.clear();
    assert!(parse_request(&c, CG, &fields).is_err());
    let ok = parse_request(&c, CG, &request(true)).map_err(|e| format!("{e:?}"))?;
    assert_eq!(ok.email.as_str(), "wendy@example.org");
    Ok(())
}

#[test]
fn c7_no_expert_witness_where_the_specification_makes_no_provision() -> TestResult {
    let c = shipped()?;
    let mut fields = request(true);
    fields.criteria = vec!["sqa-fx35-35/o1/ks1".into()];
    let errors = parse_request(&c, "sqa-fx35-35", &fields)
        .err()
        .unwrap_or_default();
    assert_eq!(errors.first().map(|e| e.field.as_str()), Some("expert"));
    assert!(expert_qualification_options(&c, "sqa-fx35-35").is_empty());
    assert_eq!(expert_qualification_options(&c, CG).len(), 3);
    Ok(())
}

#[test]
fn the_answer_must_come_from_the_named_witness_and_be_signed_with_their_name() -> TestResult {
    let c = shipped()?;
    let mut other = answer();
    other.confirm_email = "someone.else@example.org".into();
    let errors = parse_answer(&c, &facts(false), &other, today())
        .err()
        .unwrap_or_default();
    assert_eq!(
        errors.first().map(|e| e.field.as_str()),
        Some("confirm_name")
    );
    let mut unsigned = answer();
    unsigned.signature = "W".into();
    let errors = parse_answer(&c, &facts(false), &unsigned, today())
        .err()
        .unwrap_or_default();
    assert_eq!(errors.first().map(|e| e.field.as_str()), Some("signature"));
    Ok(())
}

#[test]
fn an_expert_witness_observation_is_dated_and_maps_to_the_qualification() -> TestResult {
    let c = shipped()?;
    let mut fields = expert_answer(true, &["a1"], false);
    fields.observed_on = "2027-01-12".into();
    fields.observation_setting = "Mr B's home".into();
    fields.observation_narrative = "Led the review.".into();
    fields.observation_criteria = vec![AC.into()];
    let parsed = parse_answer(&c, &facts(true), &fields, today()).map_err(|e| format!("{e:?}"))?;
    assert_eq!(
        parsed.observation.map(|o| o.criteria),
        Some(vec![AC.to_owned()])
    );
    fields.observed_on = "2027-02-01".into();
    let errors = parse_answer(&c, &facts(true), &fields, today())
        .err()
        .unwrap_or_default();
    assert_eq!(
        errors.first().map(|e| e.field.as_str()),
        Some("observed_on")
    );
    Ok(())
}

#[test]
fn any_change_to_what_was_signed_changes_its_hash() -> TestResult {
    let c = shipped()?;
    let parsed =
        parse_answer(&c, &facts(false), &answer(), today()).map_err(|e| format!("{e:?}"))?;
    let criteria = vec![AC.to_owned()];
    let content = SignedContent {
        request_id: "r1",
        learner_name: "Lee Learner",
        criteria: &criteria,
        activity: "Support planning",
        witness_name: "Wendy Witness",
        witness_email: "wendy@example.org",
        answer: &parsed,
    };
    let hash = signed_content_hash(&content);
    assert_eq!(hash.len(), 64);
    let mut changed = parsed.clone();
    changed.testimony.push('.');
    assert_ne!(
        hash,
        signed_content_hash(&SignedContent {
            answer: &changed,
            ..content.clone()
        })
    );
    assert_ne!(
        hash,
        signed_content_hash(&SignedContent {
            activity: "Support plannin",
            ..content
        })
    );
    Ok(())
}

#[test]
fn witness_link_is_single_use() {
    assert_eq!(
        link_state(Some(at(2)), at(14), at(3)),
        LinkState::Used(at(2))
    );
    // Used stays used, and readable, after the link would have expired.
    assert_eq!(
        link_state(Some(at(2)), at(14), at(20)),
        LinkState::Used(at(2))
    );
}

#[test]
fn witness_link_expires_after_14_days() {
    let expires = at(1) + LINK_VALIDITY;
    assert_eq!(link_state(None, expires, at(14)), LinkState::Open);
    assert_eq!(link_state(None, expires, at(15)), LinkState::Expired);
}

#[test]
fn a_decision_on_testimony_needs_a_reason() {
    assert!(parse_decision("accept", " ").is_err());
    assert!(parse_decision("maybe", "because").is_err());
    assert_eq!(
        parse_decision("reject", "Not about the criteria in view").ok(),
        Some((
            TestimonyDecision::Reject,
            "Not about the criteria in view".to_owned()
        ))
    );
}
