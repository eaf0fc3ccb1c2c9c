//! Laying a document out on A4 pages: text wrapped by measured glyph widths, headings kept with
//! what follows, tables whose rows break across pages with the column titles repeated on each
//! page. The result is a list of pages of positioned text and rules; `write` turns it into PDF.

use super::document::{Block, Document, Table};
use super::fonts::{Fonts, Weight};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN: f32 = 50.0;
/// The first baseline under the running header.
const BODY_TOP: f32 = PAGE_HEIGHT - 80.0;
/// Nothing of the body is drawn below this (the footer lives under it).
const BODY_BOTTOM: f32 = 55.0;
const BODY_SIZE: f32 = 9.5;
const LEADING: f32 = 12.5;
const HEADING_SIZE: f32 = 13.0;
const CELL_PAD: f32 = 3.0;

/// One thing drawn on a page. Coordinates are PDF points from the bottom left.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

pub fn content_width() -> f32 {
    PAGE_WIDTH - 2.0 * MARGIN
}

/// Wrap `text` into lines no wider than `max` at `size`: at spaces where it can, inside a word
/// (or a run of Chinese characters) where it must. Line breaks in the text are kept.
pub fn wrap(fonts: &Fonts, text: &str, weight: Weight, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fonts.width(&candidate, weight, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: break it by characters if it is still too wide.
            for ch in word.chars() {
                let mut next = line.clone();
                next.push(ch);
                if !line.is_empty() && fonts.width(&next, weight, size) > max {
                    lines.push(std::mem::replace(&mut line, ch.to_string()));
                } else {
                    line = next;
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Lays blocks onto pages, opening a new page whenever the next line would not fit.
struct Cursor<'f> {
    fonts: &'f Fonts,
    pages: Vec<Page>,
    y: f32,
}

impl<'f> Cursor<'f> {
    fn new(fonts: &'f Fonts) -> Self {
        Self {
            fonts,
            pages: vec![Page::default()],
            y: BODY_TOP,
        }
    }

    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = BODY_TOP;
    }

    /// Room for `height` more points on this page, or a new page.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BODY_BOTTOM && self.y < BODY_TOP {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, text: String) {
        if !text.is_empty() {
            self.page().ops.push(Op::Text {
                x,
                y,
                size,
                weight,
                text,
            });
        }
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        self.page().ops.push(Op::Rule {
            x1,
            y1: y,
            x2,
            y2: y,
        });
    }

    fn lines(&mut self, text: &str, weight: Weight, size: f32, leading: f32) {
        for line in wrap(self.fonts, text, weight, size, content_width()) {
            self.ensure(leading);
            self.y -= leading;
            self.text(MARGIN, self.y, size, weight, line);
        }
    }

    fn heading(&mut self, text: &str) {
        // Keep a heading with at least three lines of what follows.
        self.ensure(HEADING_SIZE * 2.0 + LEADING * 3.0);
        self.y -= HEADING_SIZE * 0.6;
        self.lines(text, Weight::Bold, HEADING_SIZE, HEADING_SIZE * 1.35);
        self.y -= 3.0;
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let label_width = content_width() * 0.3;
        let value_width = content_width() - label_width;
        for (label, value) in fields {
            let labels = wrap(
                self.fonts,
                label,
                Weight::Bold,
                BODY_SIZE,
                label_width - 6.0,
            );
            let values = wrap(self.fonts, value, Weight::Regular, BODY_SIZE, value_width);
            for i in 0..labels.len().max(values.len()) {
                self.ensure(LEADING);
                self.y -= LEADING;
                let y = self.y;
                if let Some(label) = labels.get(i) {
                    self.text(MARGIN, y, BODY_SIZE, Weight::Bold, label.clone());
                }
                if let Some(value) = values.get(i) {
                    let x = MARGIN + label_width;
                    self.text(x, y, BODY_SIZE, Weight::Regular, value.clone());
                }
            }
        }
        self.y -= LEADING * 0.5;
    }
}

/// Column left edges and widths of a table across the content width.
fn columns(table: &Table) -> Vec<(f32, f32)> {
    let total: f32 = table.columns.iter().map(|c| c.width.max(0.1)).sum();
    let mut x = MARGIN;
    table
        .columns
        .iter()
        .map(|c| {
            let width = content_width() * c.width.max(0.1) / total;
            let out = (x, width);
            x += width;
            out
        })
        .collect()
}

impl Cursor<'_> {
    fn wrap_cells(
        &self,
        cells: &[String],
        cols: &[(f32, f32)],
        weight: Weight,
    ) -> Vec<Vec<String>> {
        cols.iter()
            .enumerate()
            .map(|(i, (_, width))| {
                let text = cells.get(i).map_or("", String::as_str);
                wrap(self.fonts, text, weight, BODY_SIZE, width - 2.0 * CELL_PAD)
            })
            .collect()
    }

    /// Draw lines `from..to` of each cell as one band, and a rule under it.
    fn band(
        &mut self,
        cells: &[Vec<String>],
        cols: &[(f32, f32)],
        from: usize,
        to: usize,
        weight: Weight,
    ) {
        let top = self.y;
        for (cell, (x, _)) in cells.iter().zip(cols) {
            for (i, line) in cell.iter().enumerate().take(to).skip(from) {
                let y = top - CELL_PAD - LEADING * ((i - from) as f32 + 1.0) + 2.5;
                self.text(x + CELL_PAD, y, BODY_SIZE, weight, line.clone());
            }
        }
        self.y = top - 2.0 * CELL_PAD - LEADING * (to - from) as f32;
        let right = cols.last().map_or(MARGIN, |(x, w)| x + w);
        self.rule(MARGIN, right, self.y);
    }

    fn table_header(&mut self, header: &[Vec<String>], cols: &[(f32, f32)]) {
        let height = header.iter().map(Vec::len).max().unwrap_or(1);
        let right = cols.last().map_or(MARGIN, |(x, w)| x + w);
        self.rule(MARGIN, right, self.y);
        self.band(header, cols, 0, height, Weight::Bold);
    }

    fn table(&mut self, table: &Table) {
        let cols = columns(table);
        let titles: Vec<String> = table.columns.iter().map(|c| c.title.clone()).collect();
        let header = self.wrap_cells(&titles, &cols, Weight::Bold);
        let header_height =
            header.iter().map(Vec::len).max().unwrap_or(1) as f32 * LEADING + 2.0 * CELL_PAD;
        // The header and at least one line of the first row stay together.
        self.ensure(header_height + LEADING + 2.0 * CELL_PAD);
        self.table_header(&header, &cols);
        for row in &table.rows {
            let cells = self.wrap_cells(row, &cols, Weight::Regular);
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut done = 0;
            while done < lines {
                let room = ((self.y - BODY_BOTTOM - 2.0 * CELL_PAD) / LEADING).floor();
                let fit = if room < 1.0 { 0 } else { room as usize };
                // A row that fits on a fresh page is not split; a longer one breaks by lines.
                let whole_page = ((BODY_TOP - header_height - BODY_BOTTOM - 2.0 * CELL_PAD)
                    / LEADING)
                    .floor() as usize;
                let remaining = lines - done;
                if fit == 0 || (remaining > fit && remaining <= whole_page && done == 0) {
                    self.new_page();
                    self.table_header(&header, &cols);
                    continue;
                }
                let to = done + remaining.min(fit);
                self.band(&cells, &cols, done, to, Weight::Regular);
                done = to;
            }
        }
        self.y -= LEADING;
    }
}

/// Lay out the document's blocks; the running header and page numbers are added when written.
pub fn lay_out(fonts: &Fonts, document: &Document) -> Vec<Page> {
    let mut cursor = Cursor::new(fonts);
    for block in &document.blocks {
        match block {
            Block::Heading(text) => cursor.heading(text),
            Block::Paragraph(text) => {
                cursor.lines(text, Weight::Regular, BODY_SIZE, LEADING);
                cursor.y -= LEADING * 0.5;
            }
            Block::Fields(fields) => cursor.fields(fields),
            Block::Table(table) => cursor.table(table),
            Block::PageBreak => {
                if cursor.y < BODY_TOP {
                    cursor.new_page();
                }
            }
        }
    }
    cursor.pages
}

/// The running header and the footer of page `number` of `count`.
pub fn furniture(fonts: &Fonts, header: &str, number: usize, count: usize) -> Vec<Op> {
    let header = wrap(fonts, header, Weight::Bold, 9.0, content_width())
        .into_iter()
        .next()
        .unwrap_or_default();
    let footer = format!("Page {number} of {count}");
    let footer_x = PAGE_WIDTH - MARGIN - fonts.width(&footer, Weight::Regular, 8.5);
    vec![
        Op::Text {
            x: MARGIN,
            y: PAGE_HEIGHT - 45.0,
            size: 9.0,
            weight: Weight::Bold,
            text: header,
        },
        Op::Rule {
            x1: MARGIN,
            y1: PAGE_HEIGHT - 52.0,
            x2: PAGE_WIDTH - MARGIN,
            y2: PAGE_HEIGHT - 52.0,
        },
        Op::Rule {
            x1: MARGIN,
            y1: 42.0,
            x2: PAGE_WIDTH - MARGIN,
            y2: 42.0,
        },
        Op::Text {
            x: footer_x,
            y: 30.0,
            size: 8.5,
            weight: Weight::Regular,
            text: footer,
        },
    ]
}
