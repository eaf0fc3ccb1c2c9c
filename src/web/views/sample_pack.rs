//! The sample pack's pages, opened offline from the unzipped folder: no script, no external
//! style sheet or font (the style is inline), links relative to the page. Every text a person
//! wrote is escaped by maud.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::admin::action_words;
use super::evidence::file_type_words;
use super::standardisation::criterion_words;
use super::words;
use crate::actions::eqa::sample_pack::{LearnerPack, Pack};
use crate::curriculum::Curriculum;
use crate::domain::evidence::EvidenceKind;
use crate::domain::signature::SignerRole;
use crate::store::judgements::Judgement;

/// The pages' style, a constant of ours (never user text).
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;\
max-width:70rem;padding:0 1rem;line-height:1.45;color:#1b1b1b}\
table{border-collapse:collapse;width:100%;margin:0 0 1.5rem}\
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#eee}code{font-size:.85em;word-break:break-all}\
.text{white-space:pre-wrap;border-left:3px solid #bbb;padding-left:.75rem}\
a{color:#0b4ea2}a:focus{outline:3px solid #fd0}\
details.technical summary{cursor:pointer}\
@media (max-width:40rem){main table thead{position:absolute;width:1px;height:1px;overflow:hidden;\
clip:rect(0 0 0 0)}main table,main table tbody,main table tr{display:block;width:100%}\
main table tr{border-bottom:1px solid #bbb;padding:.5rem 0}main table th,main table td{display:block;\
border:0;padding:.1rem 0;overflow-wrap:anywhere}\
main table td[data-label]::before{content:attr(data-label) \": \";font-weight:600}}";

fn time(t: chrono::NaiveDateTime) -> String {
    format!("{} UTC", words::moment(t))
}

/// The technical value an auditor may need (an id, a hash), folded away from the words.
fn technical(rows: &[(&str, &str)]) -> Markup {
    html! {
        details class="technical" {
            summary { "Technical details" }
            @for (what, value) in rows { p { (what) ": " code { (value) } } }
        }
    }
}

/// A judged item in the specification's words ("Unit 001, 1.1 Explain …").
fn item_words(curriculum: &Curriculum, j: &Judgement) -> String {
    curriculum.item_words(&j.unit_id, &j.item_id)
}

fn unit_words(curriculum: &Curriculum, unit_id: &str) -> String {
    curriculum.unit(unit_id).map_or_else(
        || unit_id.to_owned(),
        |(_, u)| format!("Unit {} {}", u.number, u.title),
    )
}

fn kind_words(code: &str) -> String {
    EvidenceKind::parse(code).map_or_else(|| code.replace('_', " "), |k| k.label().to_owned())
}

fn role_words(code: &str) -> String {
    SignerRole::parse(code).map_or_else(|| code.replace('_', " "), |r| r.label().to_owned())
}

fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { main { (body) } }
        }
    }
}

fn name<'a>(pack: &'a Pack, id: &'a str) -> &'a str {
    pack.names.get(id).map_or(id, String::as_str)
}

/// The top-level `index.html`: what the pack is and one link per learner.
pub fn pack_index(pack: &Pack) -> Markup {
    let title = format!("Sample pack: {}", pack.qualification_title);
    page(
        &title,
        html! {
            h1 { (title) }
            p {
                (pack.centre_name) ". "
                @match pack.sample.code() { "eqa" => "The external quality assurer's own sample.", _ => "The internal quality assurer's sample." }
                " Made " (time(pack.generated_at)) " by " (pack.generated_by) "."
            }
            p { "Each learner's folder holds an index.html with their evidence files, the mapping, the assessor's judgements and feedback, the IQA records, the signatures with their SHA-256 hashes and the audit entries about their records." }
            @if pack.learners.is_empty() {
                p { "Nothing has been sampled for this qualification yet." }
            } @else {
                table {
                    thead { tr { th scope="col" { "Learner" } th scope="col" { "Sampled decisions" } th scope="col" { "Evidence files" } } }
                    tbody {
                        @for l in &pack.learners {
                            tr {
                                td data-label="Learner" { a href={ (l.folder) "/index.html" } { (l.learner_name) } }
                                td data-label="Sampled decisions" { (l.sampled.len()) }
                                td data-label="Evidence files" { (l.evidence.iter().map(|e| e.files.len()).sum::<usize>()) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// A learner's `index.html`.
pub fn learner_index(curriculum: &Curriculum, pack: &Pack, l: &LearnerPack) -> Markup {
    let r = &l.registration;
    page(
        &format!("Sample pack: {}", l.learner_name),
        html! {
            p { a href="../index.html" { "All sampled learners" } }
            h1 { (l.learner_name) }
            dl {
                dt { "Qualification" } dd { (curriculum.qualification_name(&r.qualification_id)) }
                dt { "Centre" } dd { (pack.centre_name) }
                dt { "Employer and assessment location" } dd { (r.employer) ", " (r.workplace) }
                dt { "Assessor" } dd { (name(pack, &r.assessor_id)) }
                dt { "IQA" } dd { (name(pack, &r.iqa_id)) }
                dt { "Started" } dd { (words::day(r.start_date)) }
                dt { "Status" } dd { (r.status) }
            }
            (sampled(curriculum, l))
            (judgements(curriculum, pack, l))
            (evidence(curriculum, l))
            (iqa(curriculum, pack, l))
            (signatures(pack, l))
            (audit(l))
        },
    )
}

fn sampled(curriculum: &Curriculum, l: &LearnerPack) -> Markup {
    html! {
        h2 { "Sampled decisions" }
        table {
            thead { tr { th scope="col" { "Item" } th scope="col" { "Round" } th scope="col" { "Outcome" } th scope="col" { "Why in the sample" } } }
            tbody {
                @for s in &l.sampled {
                    @let j = l.judgements.iter().find(|j| j.id == s.judgement_id);
                    tr {
                        td data-label="Item" { a href={ "#j-" (s.judgement_id) } { (j.map(|j| item_words(curriculum, j)).unwrap_or_default()) } }
                        td data-label="Round" { (j.map_or(0, |j| j.round)) }
                        td data-label="Outcome" { (j.map_or("", |j| j.outcome.label())) }
                        td data-label="Why in the sample" { (s.why) }
                    }
                }
            }
        }
    }
}

fn judgements(curriculum: &Curriculum, pack: &Pack, l: &LearnerPack) -> Markup {
    html! {
        h2 { "The assessor's judgements and feedback" }
        table {
            thead { tr { th scope="col" { "Item" } th scope="col" { "Round" } th scope="col" { "Outcome" } th scope="col" { "Feedback" } th scope="col" { "Assessor, when" } th scope="col" { "Evidence relied on" } } }
            tbody {
                @for j in &l.judgements {
                    tr id={ "j-" (j.id) } {
                        td data-label="Item" { (item_words(curriculum, j)) }
                        td data-label="Round" { (j.round) }
                        td data-label="Outcome" { (j.outcome.label()) }
                        td data-label="Feedback" { div class="text" { (j.feedback) } }
                        td data-label="Assessor, when" { (name(pack, &j.assessor_id)) ", " (time(j.judged_at)) }
                        td data-label="Evidence relied on" {
                            @for e in l.relied_on.iter().filter(|e| e.judgement_id == j.id) {
                                a href={ "#e-" (e.evidence_id) } { "version " (e.evidence_version) } " "
                            }
                        }
                    }
                }
            }
        }
        @if !l.sign_offs.is_empty() {
            h3 { "Unit sign-offs" }
            ul {
                @for s in &l.sign_offs {
                    li {
                        (unit_words(curriculum, &s.unit_id)) " signed off by " (name(pack, &s.signed_off_by)) ", " (time(s.signed_off_at))
                        @if let Some(at) = s.unlocked_at { "; unlocked " (time(at)) ": " (s.unlock_reason.as_deref().unwrap_or("")) }
                    }
                }
            }
        }
    }
}

fn evidence(curriculum: &Curriculum, l: &LearnerPack) -> Markup {
    html! {
        h2 { "Evidence and its mapping" }
        @for e in &l.evidence {
            section id={ "e-" (e.item.id) } {
                h3 { (e.item.title) }
                p { (kind_words(&e.item.kind)) ", " (e.item.status) ", activity on " (words::day(e.item.activity_date)) ", version " (e.version.version) "." }
                (technical(&[("SHA-256 of the content", &e.version.content_sha256)]))
                @if !e.version.description.is_empty() { div class="text" { (e.version.description) } }
                @if !e.version.body_text.is_empty() { div class="text" { (e.version.body_text) } }
                p { "Mapped to: " @if e.mappings.is_empty() { "nothing yet" } }
                @if !e.mappings.is_empty() { ul { @for m in &e.mappings { li { (criterion_words(curriculum, m)) } } } }
                @if !e.files.is_empty() {
                    table {
                        thead { tr { th scope="col" { "File" } th scope="col" { "Type" } th scope="col" { "Bytes" } th scope="col" { "SHA-256" } } }
                        tbody {
                            @for (f, entry) in &e.files {
                                tr {
                                    td data-label="File" { a href=(entry) { (f.filename) } }
                                    td data-label="Type" { (file_type_words(&f.media_type)) }
                                    td data-label="Bytes" { (f.size_bytes) }
                                    td data-label="SHA-256" { (technical(&[("Media type", &f.media_type), ("SHA-256", &f.sha256)])) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn iqa(curriculum: &Curriculum, pack: &Pack, l: &LearnerPack) -> Markup {
    html! {
        h2 { "IQA records" }
        @if l.iqa.is_empty() { p { "No IQA sample of this learner yet." } }
        @for r in &l.iqa {
            section {
                h3 { "Sample of " a href={ "#j-" (r.sample.judgement_id) } { (curriculum.item_words(&r.sample.unit_id, &r.sample.item_id)) } }
                p { (r.sample.stage.label()) ", " (r.sample.status.label()) ", by " (name(pack, &r.sample.iqa_id)) ", " (time(r.sample.created_at))
                    @if let Some(why) = &r.sample.adjustment_reason { ". Adjusted: " (why) } }
                @for c in &r.checks {
                    p { "Check " (c.check_no) ": " strong { (c.outcome.label()) } " by " (name(pack, &c.iqa_id)) ", " (time(c.recorded_at)) }
                    div class="text" { (c.feedback) }
                }
                @if !r.actions.is_empty() {
                    ul {
                        @for a in &r.actions {
                            li { (a.description) " (due " (words::day(a.due_on)) ")"
                                @if let Some(at) = a.closed_at { "; closed " (time(at)) ": " (a.closing_note.as_deref().unwrap_or("")) } }
                        }
                    }
                }
            }
        }
    }
}

fn signatures(pack: &Pack, l: &LearnerPack) -> Markup {
    html! {
        h2 { "Signatures" }
        table {
            thead { tr { th scope="col" { "Record" } th scope="col" { "Signed as" } th scope="col" { "By, when" } th scope="col" { "SHA-256 of what was signed" } } }
            tbody {
                @for s in &l.signatures {
                    tr {
                        td data-label="Record" { (action_words(&s.record_type)) (technical(&[("Record id", &s.record_id)])) }
                        td data-label="Signed as" { (role_words(&s.signer_role)) }
                        td data-label="By, when" { (s.signer_id.as_deref().map_or(s.signer_name.as_str(), |id| name(pack, id))) ", " (time(s.signed_at)) }
                        td data-label="SHA-256 of what was signed" { (technical(&[("SHA-256", &s.content_sha256)])) }
                    }
                }
            }
        }
    }
}

fn audit(l: &LearnerPack) -> Markup {
    html! {
        h2 { "Audit entries about these records" }
        table {
            thead { tr { th scope="col" { "#" } th scope="col" { "When" } th scope="col" { "Who" } th scope="col" { "What" } th scope="col" { "Record" } th scope="col" { "Why" } th scope="col" { "Hash" } } }
            tbody {
                @for e in &l.audit {
                    tr {
                        td data-label="#" { (e.seq) }
                        td data-label="When" { (time(e.recorded_at)) }
                        td data-label="Who" { (e.actor_name) }
                        td data-label="What" { (action_words(&e.action)) }
                        td data-label="Record" { (action_words(&e.record_type)) (technical(&[("Record id", &e.record_id)])) }
                        td data-label="Why" { (e.reason.as_deref().unwrap_or("")) }
                        td data-label="Hash" { (technical(&[("Hash", &e.hash)])) }
                    }
                }
            }
        }
    }
}
