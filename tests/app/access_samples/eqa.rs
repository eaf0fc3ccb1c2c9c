//! Samples for the EQA routes: the overview, the EQA's own sample (an empty pick: the EQA gets
//! 422, which reaches the handler's work; everyone else is refused first) and the sample pack.

use serde_json::json;

use super::{Sample, form, get, json as json_sample};
use crate::world::{EQA_QUALIFICATION, World};

fn eqa_reads(sample: Sample) -> Sample {
    Sample {
        eqa_reads: true,
        ..sample
    }
}

pub(super) fn samples(w: &World) -> Vec<((&'static str, &'static str), Sample)> {
    let a = &w.centre_a;
    let pack = format!("sample-pack.zip?qualification_id={EQA_QUALIFICATION}");
    vec![
        (
            ("GET", "/centres/{centre_id}/eqa"),
            eqa_reads(get(format!("/centres/{a}/eqa"))),
        ),
        (
            ("POST", "/centres/{centre_id}/eqa-samples"),
            eqa_reads(form(format!("/centres/{a}/eqa-samples"), &[("note", "")])),
        ),
        (
            ("GET", "/centres/{centre_id}/sample-pack.zip"),
            eqa_reads(get(format!("/centres/{a}/{pack}"))),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/eqa"),
            eqa_reads(get(format!("/api/v1/centres/{a}/eqa"))),
        ),
        (
            ("POST", "/api/v1/centres/{centre_id}/eqa-samples"),
            eqa_reads(json_sample(
                format!("/api/v1/centres/{a}/eqa-samples"),
                json!({"judgement_ids": [], "note": ""}),
            )),
        ),
        (
            ("GET", "/api/v1/centres/{centre_id}/sample-pack.zip"),
            eqa_reads(get(format!("/api/v1/centres/{a}/{pack}"))),
        ),
    ]
}
