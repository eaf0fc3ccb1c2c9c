//! PDF documents (claim summaries, learner achievement records) made with pdf-writer: A4 pages,
//! a running header and "Page n of m" on every page, tables that break across pages with their
//! column titles repeated, and embedded subset fonts so that any name prints as written.
//!
//! Build a [`Document`] and call [`render`].

mod document;
mod fonts;
mod layout;
mod write;

pub use document::{Block, Column, Document, Table};

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font could not be used: {0}")]
    Font(String),
    #[error("a PDF stream could not be compressed: {0}")]
    Compress(String),
}

/// Lay the document out and write it as PDF bytes.
pub fn render(document: &Document) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts::Fonts::load()?;
    let mut pages = layout::lay_out(&fonts, document);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut ops = layout::furniture(&fonts, &document.header, i + 1, count);
        ops.append(&mut page.ops);
        page.ops = ops;
    }
    write::write(&fonts, &document.title, &pages)
}

#[cfg(test)]
mod tests;
