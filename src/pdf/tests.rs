//! Rendering checks that need no outside tool; `tests/app` reads PDFs back with `pdftotext`.

use super::*;

fn record(rows: usize) -> Document {
    let mut doc = Document::new(
        "Achievement record",
        "Achievement record: Mòrag Ó Súilleabháin",
    );
    doc.heading("Unit 001")
        .fields(vec![("Learner".into(), "李明".into())])
        .table(
            vec![Column::new("Criterion", 1.0), Column::new("Evidence", 3.0)],
            (0..rows)
                .map(|i| {
                    vec![
                        format!("1.{i}"),
                        format!("Evidence item {i} by Siân and Zoë"),
                    ]
                })
                .collect(),
        );
    doc
}

#[test]
fn a_document_renders_as_a_pdf() -> Result<(), PdfError> {
    let bytes = render(&record(3))?;
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.windows(9).any(|w| w == b"/FontFile"));
    Ok(())
}

#[test]
fn a_long_table_breaks_across_pages_and_repeats_its_header() -> Result<(), PdfError> {
    let fonts = fonts::Fonts::load()?;
    let pages = layout::lay_out(&fonts, &record(200));
    assert!(pages.len() > 2, "200 rows fill more than two pages");
    for page in &pages {
        let has_header = page
            .ops
            .iter()
            .any(|op| matches!(op, layout::Op::Text { text, .. } if text == "Criterion"));
        assert!(has_header, "every page repeats the column titles");
    }
    Ok(())
}

#[test]
fn wrapping_keeps_every_word_and_breaks_unspaced_text() -> Result<(), PdfError> {
    let fonts = fonts::Fonts::load()?;
    let text = "Mòrag Ó Súilleabháin writes about self-directed support";
    let lines = layout::wrap(&fonts, text, fonts::Weight::Regular, 10.0, 80.0);
    assert!(lines.len() > 1);
    assert_eq!(lines.join(" "), text);
    let chinese = "李明".repeat(40);
    let lines = layout::wrap(&fonts, &chinese, fonts::Weight::Regular, 10.0, 100.0);
    assert!(lines.len() > 1);
    assert_eq!(lines.concat(), chinese);
    Ok(())
}
