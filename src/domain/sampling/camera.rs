//! The CAMERA dimensions of an assessment decision (Q1): Candidate, Assessor, Method, Evidence,
//! Records and Assessment location. A decision carries one candidate, assessor and location, and
//! a set of methods, evidence types and records (from the evidence it relied on).

use std::collections::BTreeSet;

use super::Stage;

/// One of the six CAMERA dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Candidate,
    Assessor,
    Method,
    Evidence,
    Records,
    Location,
}

impl Dimension {
    pub const ALL: [Dimension; 6] = [
        Self::Candidate,
        Self::Assessor,
        Self::Method,
        Self::Evidence,
        Self::Records,
        Self::Location,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Candidate => "candidates",
            Self::Assessor => "assessors",
            Self::Method => "methods",
            Self::Evidence => "evidence",
            Self::Records => "records",
            Self::Location => "locations",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Candidate => "Candidates",
            Self::Assessor => "Assessors",
            Self::Method => "Methods",
            Self::Evidence => "Evidence types",
            Self::Records => "Records",
            Self::Location => "Assessment locations",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == raw)
    }
}

/// Method: how the evidence relied on was gathered, from the evidence item's kind.
pub fn method_of_kind(kind: &str) -> &'static str {
    match kind {
        "observation_record" => "observation",
        "witness_testimony" => "witness_testimony",
        "work_product" => "examination_of_work_products",
        "professional_discussion" => "professional_discussion",
        "questioning_record" | "short_response_answers" => "questioning",
        "project_assignment" | "written_assignment" => "assignment",
        "reflective_account" => "reflective_account",
        _ => "other",
    }
}

/// Evidence type: the form the evidence takes. An item with no files is text written in the
/// platform; a file is a document, an image, a sound or a video recording, by its media type.
pub fn evidence_type_of_media(media_type: &str) -> &'static str {
    let media = media_type.to_ascii_lowercase();
    let top = media.split('/').next().unwrap_or_default();
    match top {
        "image" => "image",
        "audio" => "audio_recording",
        "video" => "video_recording",
        "text" => "document",
        "application"
            if media.contains("pdf")
                || media.contains("word")
                || media.contains("opendocument")
                || media.contains("officedocument")
                || media.contains("rtf") =>
        {
            "document"
        }
        _ => "other_file",
    }
}

pub const WRITTEN_IN_PLATFORM: &str = "written_in_platform";

/// Records: the assessment records behind a decision.
pub const RECORD_FEEDBACK: &str = "written_feedback";
pub const RECORD_PLAN: &str = "assessment_plan";
pub const RECORD_OBSERVATION: &str = "observation_record";
pub const RECORD_TESTIMONY: &str = "witness_testimony";
pub const RECORD_SIGN_OFF: &str = "unit_sign_off";

/// Words for a dimension value code, for pages and reports.
pub fn value_label(dimension: Dimension, value: &str) -> String {
    let known = match (dimension, value) {
        (Dimension::Method, "observation") => "Observation",
        (Dimension::Method, "witness_testimony") => "Witness testimony",
        (Dimension::Method, "examination_of_work_products") => "Examination of work products",
        (Dimension::Method, "professional_discussion") => "Professional discussion",
        (Dimension::Method, "questioning") => "Questioning",
        (Dimension::Method, "assignment") => "Assignment",
        (Dimension::Method, "reflective_account") => "Reflective account",
        (Dimension::Method, "none") => "No evidence recorded",
        (Dimension::Evidence, WRITTEN_IN_PLATFORM) => "Written in the platform",
        (Dimension::Evidence, "document") => "Document",
        (Dimension::Evidence, "image") => "Image",
        (Dimension::Evidence, "audio_recording") => "Audio recording",
        (Dimension::Evidence, "video_recording") => "Video recording",
        (Dimension::Evidence, "other_file") => "Other file",
        (Dimension::Evidence, "none") => "No evidence recorded",
        (Dimension::Records, RECORD_FEEDBACK) => "Written feedback",
        (Dimension::Records, RECORD_PLAN) => "Assessment plan",
        (Dimension::Records, RECORD_OBSERVATION) => "Observation record",
        (Dimension::Records, RECORD_TESTIMONY) => "Witness testimony",
        (Dimension::Records, RECORD_SIGN_OFF) => "Unit sign-off",
        _ => "",
    };
    if known.is_empty() {
        value.to_owned()
    } else {
        known.to_owned()
    }
}

/// One assessment decision (a judgement round) with the facts its CAMERA values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub judgement_id: String,
    pub registration_id: String,
    pub learner_id: String,
    pub assessor_id: String,
    pub unit_id: String,
    pub item_id: String,
    pub workplace: String,
    pub stage: Stage,
    pub methods: BTreeSet<String>,
    pub evidence_types: BTreeSet<String>,
    pub records: BTreeSet<String>,
}

impl Decision {
    /// The decision's values in one dimension (never empty: "none" when nothing is recorded).
    pub fn values(&self, dimension: Dimension) -> Vec<&str> {
        let set = match dimension {
            Dimension::Candidate => return vec![self.learner_id.as_str()],
            Dimension::Assessor => return vec![self.assessor_id.as_str()],
            Dimension::Location => return vec![location_of(&self.workplace)],
            Dimension::Method => &self.methods,
            Dimension::Evidence => &self.evidence_types,
            Dimension::Records => &self.records,
        };
        if set.is_empty() {
            vec!["none"]
        } else {
            set.iter().map(String::as_str).collect()
        }
    }
}

/// A blank workplace is still a location: "not recorded".
fn location_of(workplace: &str) -> &str {
    let place = workplace.trim();
    if place.is_empty() {
        "not recorded"
    } else {
        place
    }
}

/// What the store knows about the evidence a decision relied on.
#[derive(Debug, Clone, Default)]
pub struct ReliedOn {
    pub kinds: Vec<String>,
    /// Media types of the files of that evidence; empty for text written in the platform.
    pub media_types: Vec<Vec<String>>,
}

/// Methods and evidence types from the evidence relied on.
pub fn methods_and_types(relied_on: &ReliedOn) -> (BTreeSet<String>, BTreeSet<String>) {
    let methods = relied_on
        .kinds
        .iter()
        .map(|k| method_of_kind(k).to_owned())
        .collect();
    let mut types = BTreeSet::new();
    for (i, _) in relied_on.kinds.iter().enumerate() {
        match relied_on.media_types.get(i) {
            Some(files) if !files.is_empty() => {
                types.extend(files.iter().map(|m| evidence_type_of_media(m).to_owned()));
            }
            _ => {
                types.insert(WRITTEN_IN_PLATFORM.to_owned());
            }
        }
    }
    (methods, types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q1_method_comes_from_the_evidence_kind() {
        assert_eq!(method_of_kind("observation_record"), "observation");
        assert_eq!(method_of_kind("short_response_answers"), "questioning");
        assert_eq!(
            method_of_kind("work_product"),
            "examination_of_work_products"
        );
    }

    #[test]
    fn q1_evidence_type_comes_from_the_media_type() {
        assert_eq!(evidence_type_of_media("application/pdf"), "document");
        assert_eq!(evidence_type_of_media("IMAGE/PNG"), "image");
        assert_eq!(evidence_type_of_media("video/mp4"), "video_recording");
        assert_eq!(evidence_type_of_media("application/zip"), "other_file");
    }

    #[test]
    fn q1_evidence_without_files_is_written_in_the_platform() {
        let relied = ReliedOn {
            kinds: vec!["reflective_account".into(), "work_product".into()],
            media_types: vec![vec![], vec!["image/jpeg".into()]],
        };
        let (methods, types) = methods_and_types(&relied);
        assert_eq!(methods.len(), 2);
        assert!(types.contains(WRITTEN_IN_PLATFORM) && types.contains("image"));
    }

    #[test]
    fn q1_every_dimension_has_a_value() {
        let d = Decision {
            judgement_id: "j".into(),
            registration_id: "r".into(),
            learner_id: "l".into(),
            assessor_id: "a".into(),
            unit_id: "u".into(),
            item_id: "i".into(),
            workplace: " ".into(),
            stage: Stage::Interim,
            methods: BTreeSet::new(),
            evidence_types: BTreeSet::new(),
            records: BTreeSet::new(),
        };
        for dimension in Dimension::ALL {
            assert!(!d.values(dimension).is_empty());
        }
        assert_eq!(d.values(Dimension::Location), vec!["not recorded"]);
    }
}
