//! Writing laid-out pages as a PDF with pdf-writer. Each face that draws anything is embedded as
//! a subset CID font (Type0 / CIDFontType2, Identity-H) with a ToUnicode map, so the text can be
//! searched, copied and read back by `pdftotext` exactly as it was written.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::Face;

use super::PdfError;
use super::fonts::{FaceId, Fonts};
use super::layout::{Op, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// One run of glyphs in one face, as drawn.
struct Run {
    face: FaceId,
    /// Glyph ids in the original font.
    glyphs: Vec<(u16, char)>,
}

fn runs(fonts: &Fonts, text: &str, weight: super::fonts::Weight) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for ch in text.chars() {
        let glyph = fonts.glyph(ch, weight);
        match out.last_mut() {
            Some(run) if run.face == glyph.face => run.glyphs.push((glyph.id, ch)),
            _ => out.push(Run {
                face: glyph.face,
                glyphs: vec![(glyph.id, ch)],
            }),
        }
    }
    out
}

/// Glyphs used per face: the remapper (old id → new id) and the character each new id shows.
#[derive(Default)]
struct Used {
    remapper: GlyphRemapper,
    chars: BTreeMap<u16, char>,
}

fn content(fonts: &Fonts, ops: &[Op], used: &mut BTreeMap<FaceId, Used>) -> Vec<u8> {
    let mut content = Content::new();
    content.set_line_width(0.5);
    content.set_stroke_gray(0.55);
    for op in ops {
        match op {
            Op::Rule { x1, y1, x2, y2 } => {
                content.move_to(*x1, *y1).line_to(*x2, *y2).stroke();
            }
            Op::Text {
                x,
                y,
                size,
                weight,
                text,
            } => {
                content.begin_text();
                content.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, *y]);
                for run in runs(fonts, text, *weight) {
                    let face = used.entry(run.face).or_default();
                    let mut bytes = Vec::with_capacity(run.glyphs.len() * 2);
                    for (old, ch) in run.glyphs {
                        let new = face.remapper.remap(old);
                        face.chars.entry(new).or_insert(ch);
                        bytes.extend_from_slice(&new.to_be_bytes());
                    }
                    content.set_font(Name(run.face.resource_name()), *size);
                    content.show(Str(&bytes));
                }
                content.end_text();
            }
        }
    }
    content.finish().to_vec()
}

/// Streams are compressed: a 300-item record stays small.
fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| PdfError::Compress(e.to_string()))
}

/// A six-letter subset tag, the same for the same glyphs.
fn subset_tag(face: FaceId, used: &Used) -> String {
    let mut hash: u32 = 2_166_136_261;
    for (&id, &ch) in &used.chars {
        for byte in id
            .to_be_bytes()
            .into_iter()
            .chain((ch as u32).to_be_bytes())
        {
            hash = (hash ^ u32::from(byte)).wrapping_mul(16_777_619);
        }
    }
    hash ^= face as u32;
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}

const IDENTITY: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Embed one face: Type0 → CIDFontType2 → descriptor → subset font file, plus ToUnicode.
fn embed_font(
    pdf: &mut Pdf,
    fonts: &Fonts,
    face_id: FaceId,
    used: &Used,
    refs: [Ref; 5],
) -> Result<(), PdfError> {
    let [type0, cid, descriptor, file, cmap_ref] = refs;
    let name = format!(
        "{}+{}",
        subset_tag(face_id, used),
        face_id.postscript_name()
    );
    let data = subsetter::subset(face_id.data(), 0, &used.remapper)
        .map_err(|e| PdfError::Font(format!("subsetting {face_id:?}: {e:?}")))?;

    pdf.type0_font(type0)
        .base_font(Name(name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap_ref);

    let widths: Vec<f32> = used
        .remapper
        .remapped_gids()
        .map(|old| fonts.advance(face_id, old))
        .collect();
    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(name.as_bytes()))
        .system_info(IDENTITY)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font.widths().consecutive(0, widths);
    cid_font.finish();

    font_descriptor(pdf, fonts.face(face_id), &name, descriptor, file);
    pdf.stream(file, &deflate(&data)?)
        .filter(Filter::FlateDecode);

    let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), IDENTITY);
    for (&new, &ch) in &used.chars {
        cmap.pair(new, ch);
    }
    pdf.cmap(cmap_ref, &cmap.finish());
    Ok(())
}

/// The face's metrics, scaled to the PDF's 1000 units per em, pointing at its font file.
fn font_descriptor(pdf: &mut Pdf, face: &Face<'_>, name: &str, descriptor: Ref, file: Ref) {
    let scale = 1000.0 / f32::from(face.units_per_em());
    let bbox = face.global_bounding_box();
    let ascent = f32::from(face.ascender()) * scale;
    pdf.font_descriptor(descriptor)
        .name(Name(name.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * scale,
            f32::from(bbox.y_min) * scale,
            f32::from(bbox.x_max) * scale,
            f32::from(bbox.y_max) * scale,
        ))
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(f32::from(face.descender()) * scale)
        .cap_height(
            face.capital_height()
                .map_or(ascent, |h| f32::from(h) * scale),
        )
        .stem_v(80.0)
        .font_file2(file);
}

/// Write the pages (already carrying their header and footer) as a PDF.
pub fn write(fonts: &Fonts, title: &str, pages: &[Page]) -> Result<Vec<u8>, PdfError> {
    let mut next = 1;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let mut used: BTreeMap<FaceId, Used> = BTreeMap::new();
    let streams: Vec<Vec<u8>> = pages
        .iter()
        .map(|page| content(fonts, &page.ops, &mut used))
        .collect();
    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    let font_refs: BTreeMap<FaceId, [Ref; 5]> = used
        .keys()
        .map(|&face| (face, [alloc(), alloc(), alloc(), alloc(), alloc()]))
        .collect();

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().map(|(page, _)| *page))
        .count(page_refs.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("eportfolio"));
    for ((page_ref, content_ref), stream) in page_refs.iter().zip(&streams) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .parent(tree)
            .contents(*content_ref);
        let mut resources = page.resources();
        let mut font_dict = resources.fonts();
        for (face, refs) in &font_refs {
            font_dict.pair(Name(face.resource_name()), refs[0]);
        }
        font_dict.finish();
        resources.finish();
        page.finish();
        pdf.stream(*content_ref, &deflate(stream)?)
            .filter(Filter::FlateDecode);
    }
    for (face, refs) in &font_refs {
        if let Some(used) = used.get(face) {
            embed_font(&mut pdf, fonts, *face, used, *refs)?;
        }
    }
    Ok(pdf.finish())
}
