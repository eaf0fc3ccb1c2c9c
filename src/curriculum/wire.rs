//! The JSON the curriculum API gives (public, read-only): the curriculum's own types, arranged
//! per answer. Borrowed from the loaded curriculum, never copied. Field names are the API's
//! contract (API.md): add, never rename.

use serde::Serialize;
use utoipa::ToSchema;

use super::Curriculum;
use super::model::{
    EntryRules, ExpertWitnessRule, Framework, IqaRule, Qualification, Specification,
    SpecificationInfo, StaffQualification, Unit,
};

/// A qualification in the list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualificationSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub awarding_body: &'a str,
    pub number: &'a str,
    pub accreditation_number: Option<&'a str>,
    pub level: u8,
    pub credits_required: u32,
    /// The unit ids of its rule of combination.
    pub units: &'a [String],
}

impl<'a> QualificationSummary<'a> {
    pub fn new(spec: &'a Specification, q: &'a Qualification) -> Self {
        Self {
            id: &q.id,
            title: &q.title,
            awarding_body: &spec.specification.awarding_body,
            number: &q.number,
            accreditation_number: q.accreditation_number.as_deref(),
            level: q.level,
            credits_required: q.credits_required,
            units: &q.mandatory_units,
        }
    }
}

/// `GET /api/v1/qualifications`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualificationList<'a> {
    pub qualifications: Vec<QualificationSummary<'a>>,
}

impl<'a> QualificationList<'a> {
    pub fn new(curriculum: &'a Curriculum) -> Self {
        Self {
            qualifications: curriculum
                .qualifications()
                .map(|(spec, q)| QualificationSummary::new(spec, q))
                .collect(),
        }
    }
}

/// `GET /api/v1/qualifications/{qualification_id}`: the qualification's own fields, its whole
/// tree of units and the rules that apply (entry C1–C2, staffing C6–C8).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualificationTree<'a> {
    pub id: &'a str,
    pub number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accreditation_number: Option<&'a str>,
    pub title: &'a str,
    pub level: u8,
    pub credits_required: u32,
    pub mandatory_units: &'a [String],
    pub rule_of_combination: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub specification: &'a SpecificationInfo,
    pub entry: Option<&'a EntryRules>,
    pub units: Vec<&'a Unit>,
    pub staff_qualifications: &'a [StaffQualification],
    pub expert_witness: Option<&'a ExpertWitnessRule>,
    pub iqa: Option<&'a IqaRule>,
}

impl<'a> QualificationTree<'a> {
    pub fn new(curriculum: &'a Curriculum, spec: &'a Specification, q: &'a Qualification) -> Self {
        Self {
            id: &q.id,
            number: &q.number,
            accreditation_number: q.accreditation_number.as_deref(),
            title: &q.title,
            level: q.level,
            credits_required: q.credits_required,
            mandatory_units: &q.mandatory_units,
            rule_of_combination: &q.rule_of_combination,
            description: q.description.as_deref(),
            specification: &spec.specification,
            entry: spec.entry.as_ref(),
            units: curriculum.units_of(q).collect(),
            staff_qualifications: &spec.staff_qualifications,
            expert_witness: spec.expert_witness.as_ref(),
            iqa: spec.iqa.as_ref(),
        }
    }
}

/// `GET /api/v1/frameworks/{framework_id}`: a framework with the specification it is part of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrameworkOut<'a> {
    pub specification: &'a SpecificationInfo,
    pub framework: &'a Framework,
}

/// `GET /api/v1/curriculum`: the whole loaded curriculum, every text included.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CurriculumExport<'a> {
    /// SHA-256 of the files it was loaded from.
    pub version: &'a str,
    pub specifications: &'a [Specification],
}

impl<'a> CurriculumExport<'a> {
    pub fn new(curriculum: &'a Curriculum) -> Self {
        Self {
            version: curriculum.version(),
            specifications: curriculum.specifications(),
        }
    }
}
