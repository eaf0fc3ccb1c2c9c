//! The curriculum's types, exactly as the files under `curriculum/` spell them.
//! Every struct denies unknown fields, so a typo in a file is an error, not a silent omission.
//! The curriculum API answers with these same types, so they also describe themselves to the
//! OpenAPI document (`ToSchema`); generic names are prefixed there (`CurriculumUnit`).

use serde::{Deserialize, Serialize};

/// One file: one source specification.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumSpecification)]
pub struct Specification {
    pub specification: SpecificationInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryRules>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifications: Vec<Qualification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff_qualifications: Vec<StaffQualification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expert_witness: Option<ExpertWitnessRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iqa: Option<IqaRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<Framework>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecificationInfo {
    pub id: String,
    pub awarding_body: String,
    pub title: String,
    pub document: String,
    pub version: String,
    pub published: String,
    pub source: String,
    pub level_framework: LevelFramework,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum LevelFramework {
    #[serde(rename = "QCF")]
    Qcf,
    #[serde(rename = "SCQF")]
    Scqf,
    #[serde(rename = "none")]
    None,
}

/// Who may register (C1, C2).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryRules {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u8>,
    pub rpl_allowed: bool,
    #[serde(default)]
    pub statements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumQualification)]
pub struct Qualification {
    pub id: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation_number: Option<String>,
    pub title: String,
    pub level: u8,
    pub credits_required: u32,
    pub mandatory_units: Vec<String>,
    pub rule_of_combination: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffQualification {
    pub id: String,
    pub title: String,
    pub kind: StaffQualificationKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffQualificationKind {
    Assessment,
    Teaching,
    Iqa,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = CurriculumCompetence)]
pub enum Competence {
    OccupationallyCompetent,
    OccupationallyKnowledgeable,
}

/// C7: who may act as an expert witness.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpertWitnessRule {
    pub working_knowledge_of_units: bool,
    pub competence: Competence,
    pub qualifications_any_of: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub or_work_role: Option<String>,
    #[serde(default)]
    pub statements: Vec<String>,
}

/// C8: who may quality-assure.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IqaRule {
    pub competence: Competence,
    #[serde(default)]
    pub recommended_qualifications_any_of: Vec<String>,
    pub may_quality_assure_own_assessments: bool,
    #[serde(default)]
    pub statements: Vec<String>,
}

/// How evidence is gathered; the loader refuses any other word.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceMethod {
    Assignment,
    ProjectAssignment,
    Portfolio,
    ObservationByAssessor,
    ObservationByExpertWitness,
    WorkProduct,
    WitnessTestimony,
    ProfessionalDiscussion,
    Questioning,
    ShortResponseQuestions,
    ReflectiveAccount,
}

impl EvidenceMethod {
    /// The word the curriculum files use.
    pub fn code(self) -> &'static str {
        match self {
            Self::Assignment => "assignment",
            Self::ProjectAssignment => "project_assignment",
            Self::Portfolio => "portfolio",
            Self::ObservationByAssessor => "observation_by_assessor",
            Self::ObservationByExpertWitness => "observation_by_expert_witness",
            Self::WorkProduct => "work_product",
            Self::WitnessTestimony => "witness_testimony",
            Self::ProfessionalDiscussion => "professional_discussion",
            Self::Questioning => "questioning",
            Self::ShortResponseQuestions => "short_response_questions",
            Self::ReflectiveAccount => "reflective_account",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Assignment => "Assignment",
            Self::ProjectAssignment => "Project assignment",
            Self::Portfolio => "Portfolio",
            Self::ObservationByAssessor => "Observation by an assessor",
            Self::ObservationByExpertWitness => "Observation by an expert witness",
            Self::WorkProduct => "Work products",
            Self::WitnessTestimony => "Witness testimony",
            Self::ProfessionalDiscussion => "Professional discussion",
            Self::Questioning => "Questioning",
            Self::ShortResponseQuestions => "Short-response questions",
            Self::ReflectiveAccount => "Reflective account",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumUnit)]
pub struct Unit {
    pub id: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation_number: Option<String>,
    pub title: String,
    pub level: u8,
    pub credits: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guided_learning_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notional_hours: Option<u32>,
    pub aim: String,
    pub assessment_method: EvidenceMethod,
    #[serde(default)]
    pub assessment: Vec<String>,
    pub evidence: EvidenceRules,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<AssessorRule>,
    pub outcomes: Vec<Outcome>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_requirements: Vec<EvidenceRequirement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectRules>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommended_prior_units: Vec<PriorUnit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supporting_information: Vec<SupportingSection>,
}

/// C4, C5: which evidence the unit takes and which must be on record.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRules {
    pub real_work_environment: bool,
    #[serde(default)]
    pub required_any_of: Vec<EvidenceMethod>,
    pub permitted: Vec<EvidenceMethod>,
}

/// C6: who may assess the unit.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessorRule {
    pub competence: Competence,
    pub qualifications_any_of: Vec<String>,
    #[serde(default)]
    pub statements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumOutcome)]
pub struct Outcome {
    pub id: String,
    pub number: u32,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub range: Vec<RangeEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knowledge_skills: Vec<KnowledgeSkill>,
}

/// A City & Guilds assessment criterion, with the bullets that complete its sentence.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumCriterion)]
pub struct Criterion {
    pub id: String,
    pub number: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<String>,
}

/// A City & Guilds range entry: the term a criterion uses and what it may include.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeEntry {
    pub id: String,
    pub heading: String,
    pub text: String,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RangeEntry {
    /// Range items take their ids from their position: `<range id>/<1-based index>`.
    pub fn item_id(&self, index: usize) -> String {
        format!("{}/{}", self.id, index + 1)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeSkill {
    pub id: String,
    pub number: u32,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRequirement {
    pub id: String,
    pub number: u32,
    pub text: String,
}

/// S1–S3: the SQA integrated project and what may supplement it.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRules {
    pub max_words: u32,
    #[serde(default)]
    pub guidelines: Vec<String>,
    #[serde(default)]
    pub suggested_underpinning: Vec<String>,
    #[serde(default)]
    pub supplementary_methods: Vec<EvidenceMethod>,
    pub sampling_rule: String,
}

/// S6: a unit that should come first (warn, never block).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorUnit {
    pub code: String,
    pub title: String,
    pub statement: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportingSection {
    pub heading: String,
    pub entries: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumFramework)]
pub struct Framework {
    pub id: String,
    pub title: String,
    pub introduction: String,
    pub standards: Vec<Standard>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CurriculumStandard)]
pub struct Standard {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub statement: String,
    #[serde(default)]
    pub practice_statements: Vec<String>,
    pub components: Vec<CoreComponent>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoreComponent {
    pub id: String,
    pub number: String,
    pub text: String,
}
