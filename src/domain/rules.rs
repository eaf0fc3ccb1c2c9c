//! The rules of DESIGN.md that block an action, as errors a centre administrator can read. Each one
//! has a stable `code` that the API puts in its problem documents.

/// A rule the platform enforces was broken; the action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleViolation {
    /// C1: the learner is younger than the qualification's minimum age.
    #[error(
        "This learner is younger than the minimum age the awarding body allows for this qualification, so they cannot be registered."
    )]
    UnderMinimumAge,
    /// C2: the qualification does not allow recognition of prior learning or exemptions.
    #[error(
        "This qualification does not allow recognition of prior learning: nothing can be accepted as prior learning or as an exemption."
    )]
    RplNotAllowed,
    /// C5: the unit needs an observation on record before it can be signed off.
    #[error(
        "This unit cannot be signed off yet: it needs an observation of the learner's practice by an assessor or an expert witness, and none is on record."
    )]
    ObservationRequired,
    /// C6: the assessor does not meet the unit's assessor requirements.
    #[error(
        "This assessor does not meet the requirements to assess unit {unit_id}: {}.",
        sentence_list(.reasons)
    )]
    AssessorNotEligible {
        unit_id: String,
        reasons: Vec<String>,
    },
    /// C7: the person does not meet the specification's expert witness requirements.
    #[error(
        "This person does not meet the requirements to act as an expert witness: {}.",
        sentence_list(.reasons)
    )]
    ExpertWitnessNotEligible { reasons: Vec<String> },
    /// C8: an internal quality assurer tried to quality-assure an assessment decision of their own.
    #[error(
        "An internal quality assurer cannot quality-assure an assessment decision they made themselves; another IQA must sample it."
    )]
    IqaOwnDecision,
    /// Sign-off was asked for while some assessment criteria are not yet met.
    #[error(
        "This unit cannot be signed off until every assessment criterion is met; not yet met: {}.",
        .criteria.join(", ")
    )]
    CriteriaNotMet { criteria: Vec<String> },
    /// SQA sign-off while an Evidence Requirement is not met or a Knowledge/Skills item sampled
    /// on an assessment occasion is not satisfied (S2/S3).
    #[error(
        "This unit cannot be signed off until every Evidence Requirement is met and every Knowledge/Skills item sampled on an assessment occasion is satisfied; {}.",
        missing_list(.criteria, .sampled)
    )]
    SampledItemsNotSatisfied {
        criteria: Vec<String>,
        sampled: Vec<String>,
    },
    /// S3: every question in the bank for an item has been put to this candidate (or there are
    /// none), so an occasion cannot sample it.
    #[error(
        "The question bank has no question left for {item_id} ({item_text}) that this candidate has not had before. Add questions for it to the bank, or leave it out of this occasion."
    )]
    QuestionBankExhausted { item_id: String, item_text: String },
    /// A claim asked for learners who are not ready to be claimed; each with their reasons.
    #[error(
        "These learners cannot be claimed yet. {}",
        .learners.join(" ")
    )]
    ClaimNotReady { learners: Vec<String> },
    /// S3: an occasion asked for an item sampled on the candidate's previous occasion.
    #[error(
        "{item_text} was sampled on this candidate's last assessment occasion, and different items are sampled on each occasion. Choose another item for this occasion."
    )]
    ItemSampledLastOccasion { item_id: String, item_text: String },
    /// Q2: a claim for learners whose work has not had the summative IQA check it needs.
    #[error(
        "These learners cannot be claimed until the internal quality assurer has checked their work. {}",
        .learners.join(" ")
    )]
    IqaCheckRequired { learners: Vec<String> },
    /// A claim for learners without the reference their awarding body needs (a City & Guilds
    /// enrolment number, an SQA candidate number).
    #[error(
        "These learners cannot be claimed without the reference their awarding body needs. {}",
        .learners.join(" ")
    )]
    AwardingBodyReferenceMissing { learners: Vec<String> },
    /// New evidence, or a change, on a registration whose certificate has been issued.
    #[error(
        "This learner's certificate has been issued, so their portfolio is closed: it takes no new evidence and nothing in it can change."
    )]
    RegistrationCertificated,
    /// C4: a met judgement relied on evidence of a kind the unit's assessment method does not
    /// permit (Unit 001: the assignment submission; Unit 002: at least one item of performance
    /// evidence).
    #[error("{reason}")]
    MethodNotPermitted { reason: String },
    /// A met judgement relied on learner evidence whose current version carries no valid learner
    /// declaration (or on a version that is not current).
    #[error(
        "{} cannot be relied on yet: the learner has not signed the declaration that it is their own work on its current version.",
        sentence_list(.items)
    )]
    EvidenceNotDeclared { items: Vec<String> },
    /// A met judgement relied on evidence that is not mapped to the criterion judged.
    #[error(
        "{} is not mapped to the criterion being judged. Map it to the criterion, or judge on evidence that is.",
        sentence_list(.items)
    )]
    EvidenceNotMapped { items: Vec<String> },
    /// A judgement relied on learner evidence the learner has back as a draft (returned to them,
    /// or never submitted): there is nothing submitted to judge.
    #[error(
        "{} is with the learner as a draft, so it cannot be judged. Judge it when the learner has submitted it again.",
        sentence_list(.items)
    )]
    EvidenceNotSubmitted { items: Vec<String> },
    /// S4: an open-learning unit sign-off while evidence relied on is not yet authenticated by the
    /// named authenticator.
    #[error(
        "This unit cannot be signed off until the learner's authenticator has confirmed the evidence relied on is the learner's own work; not yet authenticated: {}.",
        sentence_list(.items)
    )]
    AuthenticationRequired { items: Vec<String> },
    /// An Open Badges credential that does not verify, with the reason in words.
    #[error("This credential is not valid. {reason}")]
    CredentialNotValid { reason: String },
}

impl RuleViolation {
    /// The code the API reports for this violation.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnderMinimumAge => "under_minimum_age",
            Self::RplNotAllowed => "rpl_not_allowed",
            Self::ObservationRequired => "observation_required",
            Self::AssessorNotEligible { .. } => "assessor_not_eligible",
            Self::ExpertWitnessNotEligible { .. } => "expert_witness_not_eligible",
            Self::IqaOwnDecision => "iqa_own_decision",
            Self::CriteriaNotMet { .. } | Self::SampledItemsNotSatisfied { .. } => {
                "criteria_not_met"
            }
            Self::QuestionBankExhausted { .. } => "question_bank_exhausted",
            Self::ClaimNotReady { .. } => "not_ready_for_claim",
            Self::CredentialNotValid { .. } => "credential_not_valid",
            Self::ItemSampledLastOccasion { .. } => "item_sampled_last_occasion",
            Self::IqaCheckRequired { .. } => "iqa_check_required",
            Self::AwardingBodyReferenceMissing { .. } => "awarding_body_reference_missing",
            Self::RegistrationCertificated => "registration_certificated",
            Self::MethodNotPermitted { .. } => "method_not_permitted",
            Self::EvidenceNotDeclared { .. } => "evidence_not_declared",
            Self::EvidenceNotMapped { .. } => "evidence_not_mapped",
            Self::EvidenceNotSubmitted { .. } => "evidence_not_submitted",
            Self::AuthenticationRequired { .. } => "authentication_required",
        }
    }
}

/// What an SQA sign-off still lacks, in words.
fn missing_list(criteria: &[String], sampled: &[String]) -> String {
    let mut parts = Vec::new();
    if !criteria.is_empty() {
        parts.push(format!("not yet met: {}", criteria.join(", ")));
    }
    if !sampled.is_empty() {
        parts.push(format!("sampled but not satisfied: {}", sampled.join(", ")));
    }
    parts.join("; ")
}

/// Reasons joined into one sentence: separated by semicolons, without their own full stops.
fn sentence_list(reasons: &[String]) -> String {
    let parts: Vec<&str> = reasons
        .iter()
        .map(|r| r.trim().trim_end_matches('.'))
        .filter(|r| !r.is_empty())
        .collect();
    if parts.is_empty() {
        "no reason was recorded".to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<RuleViolation> {
        vec![
            RuleViolation::UnderMinimumAge,
            RuleViolation::RplNotAllowed,
            RuleViolation::ObservationRequired,
            RuleViolation::AssessorNotEligible {
                unit_id: "cg-3085/u002".to_owned(),
                reasons: vec!["Not recorded as occupationally competent".to_owned()],
            },
            RuleViolation::ExpertWitnessNotEligible {
                reasons: vec!["Holds none of the qualifications".to_owned()],
            },
            RuleViolation::IqaOwnDecision,
            RuleViolation::CriteriaNotMet {
                criteria: vec!["cg-3085/u002/lo1/ac1.1".to_owned()],
            },
            RuleViolation::ItemSampledLastOccasion {
                item_id: "sqa-fx35-35/ks1".to_owned(),
                item_text: "The principles of personalisation".to_owned(),
            },
            RuleViolation::IqaCheckRequired {
                learners: vec!["Ann Lee: no IQA check of Unit 001 yet.".to_owned()],
            },
            RuleViolation::AwardingBodyReferenceMissing {
                learners: vec!["Ann Lee: no enrolment number.".to_owned()],
            },
            RuleViolation::RegistrationCertificated,
            RuleViolation::MethodNotPermitted {
                reason: "Unit 002 is assessed on real work: a reflective account can support a criterion but never carry it alone.".to_owned(),
            },
            RuleViolation::EvidenceNotDeclared {
                items: vec!["My care plan".to_owned()],
            },
            RuleViolation::EvidenceNotMapped {
                items: vec!["My care plan".to_owned()],
            },
            RuleViolation::EvidenceNotSubmitted {
                items: vec!["My care plan".to_owned()],
            },
            RuleViolation::AuthenticationRequired {
                items: vec!["My care plan".to_owned()],
            },
        ]
    }

    #[test]
    fn every_rule_has_its_api_code() {
        let codes: Vec<&str> = all().iter().map(RuleViolation::code).collect();
        assert_eq!(
            codes,
            [
                "under_minimum_age",
                "rpl_not_allowed",
                "observation_required",
                "assessor_not_eligible",
                "expert_witness_not_eligible",
                "iqa_own_decision",
                "criteria_not_met",
                "item_sampled_last_occasion",
                "iqa_check_required",
                "awarding_body_reference_missing",
                "registration_certificated",
                "method_not_permitted",
                "evidence_not_declared",
                "evidence_not_mapped",
                "evidence_not_submitted",
                "authentication_required",
            ]
        );
    }

    #[test]
    fn every_message_is_a_plain_sentence() {
        for violation in all() {
            let message = violation.to_string();
            assert!(message.ends_with('.'), "{message}");
            assert!(!message.ends_with(".."), "{message}");
            assert!(!message.contains('_'), "{message}");
            assert!(message.starts_with(char::is_uppercase), "{message}");
        }
    }

    #[test]
    fn c6_message_names_the_unit_and_the_reasons() {
        let violation = RuleViolation::AssessorNotEligible {
            unit_id: "cg-3085/u002".to_owned(),
            reasons: vec![
                "Not recorded as occupationally competent, which Unit 002 requires".to_owned(),
                "Holds none of the qualifications Unit 002 accepts.".to_owned(),
            ],
        };
        assert_eq!(
            violation.to_string(),
            "This assessor does not meet the requirements to assess unit cg-3085/u002: \
             Not recorded as occupationally competent, which Unit 002 requires; \
             Holds none of the qualifications Unit 002 accepts."
        );
    }

    #[test]
    fn criteria_not_met_lists_the_criteria() {
        let violation = RuleViolation::CriteriaNotMet {
            criteria: vec![
                "cg-3085/u002/lo1/ac1.1".to_owned(),
                "cg-3085/u002/lo1/ac1.2".to_owned(),
            ],
        };
        assert!(
            violation
                .to_string()
                .ends_with("not yet met: cg-3085/u002/lo1/ac1.1, cg-3085/u002/lo1/ac1.2.")
        );
    }
}
