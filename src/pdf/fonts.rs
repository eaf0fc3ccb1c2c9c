//! The fonts embedded in every PDF: DejaVu Sans (regular and bold) for Latin, Greek and Cyrillic
//! text, and Droid Sans Fallback for everything they lack (Chinese, Japanese, Korean names).
//! Each character is drawn with the first face of its style that has a glyph for it, so any
//! name prints as written. Only the glyphs used are embedded (subsetted).

use ttf_parser::{Face, GlyphId};

use super::PdfError;

const DEJAVU_SANS: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");
const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");
const DROID_FALLBACK: &[u8] = include_bytes!("fonts/DroidSansFallbackFull.ttf");

/// Which of the embedded faces draws a glyph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    Regular,
    Bold,
    Fallback,
}

impl FaceId {
    pub fn data(self) -> &'static [u8] {
        match self {
            Self::Regular => DEJAVU_SANS,
            Self::Bold => DEJAVU_SANS_BOLD,
            Self::Fallback => DROID_FALLBACK,
        }
    }

    /// The PostScript name written into the PDF (after the subset tag).
    pub fn postscript_name(self) -> &'static str {
        match self {
            Self::Regular => "DejaVuSans",
            Self::Bold => "DejaVuSans-Bold",
            Self::Fallback => "DroidSansFallback",
        }
    }

    /// The resource name used in content streams.
    pub fn resource_name(self) -> &'static [u8] {
        match self {
            Self::Regular => b"F1",
            Self::Bold => b"F2",
            Self::Fallback => b"F3",
        }
    }
}

/// The weight a run of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// The parsed faces, for measuring and choosing glyphs.
pub struct Fonts {
    regular: Face<'static>,
    bold: Face<'static>,
    fallback: Face<'static>,
}

/// One drawn character: the face, its glyph and its advance in thousandths of the font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub face: FaceId,
    pub id: u16,
    pub advance: f32,
    pub ch: char,
}

impl Fonts {
    pub fn load() -> Result<Self, PdfError> {
        let parse = |face: FaceId| {
            Face::parse(face.data(), 0).map_err(|e| PdfError::Font(format!("{face:?}: {e}")))
        };
        Ok(Self {
            regular: parse(FaceId::Regular)?,
            bold: parse(FaceId::Bold)?,
            fallback: parse(FaceId::Fallback)?,
        })
    }

    pub fn face(&self, id: FaceId) -> &Face<'static> {
        match id {
            FaceId::Regular => &self.regular,
            FaceId::Bold => &self.bold,
            FaceId::Fallback => &self.fallback,
        }
    }

    /// The glyph that draws `ch` in `weight`: the weight's own face, then the regular face,
    /// then the fallback; a character no face has is drawn as the fallback's missing glyph
    /// (and still extracts as itself through the ToUnicode map).
    pub fn glyph(&self, ch: char, weight: Weight) -> Glyph {
        let order: &[FaceId] = match weight {
            Weight::Regular => &[FaceId::Regular, FaceId::Fallback],
            Weight::Bold => &[FaceId::Bold, FaceId::Regular, FaceId::Fallback],
        };
        let found = order.iter().find_map(|&face| {
            self.face(face)
                .glyph_index(ch)
                .map(|GlyphId(id)| (face, id))
        });
        let (face, id) = found.unwrap_or((FaceId::Fallback, 0));
        Glyph {
            face,
            id,
            advance: self.advance(face, id),
            ch,
        }
    }

    /// A glyph's advance in thousandths of the font size.
    pub fn advance(&self, face: FaceId, id: u16) -> f32 {
        let f = self.face(face);
        let units = f32::from(f.units_per_em());
        let advance = f.glyph_hor_advance(GlyphId(id)).map_or(0.0, f32::from);
        advance * 1000.0 / units
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        text.chars()
            .map(|ch| self.glyph(ch, weight).advance)
            .sum::<f32>()
            * size
            / 1000.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_in_the_issue_has_a_real_glyph() -> Result<(), PdfError> {
        let fonts = Fonts::load()?;
        for name in ["Mòrag Ó Súilleabháin", "Siân", "Zoë", "Łukasz", "李明"] {
            for ch in name.chars().filter(|c| !c.is_whitespace()) {
                let glyph = fonts.glyph(ch, Weight::Regular);
                assert_ne!(glyph.id, 0, "no glyph for {ch:?} in {name}");
            }
        }
        Ok(())
    }

    #[test]
    fn chinese_falls_back_and_latin_stays_in_dejavu() -> Result<(), PdfError> {
        let fonts = Fonts::load()?;
        assert_eq!(fonts.glyph('李', Weight::Regular).face, FaceId::Fallback);
        assert_eq!(fonts.glyph('Ł', Weight::Bold).face, FaceId::Bold);
        assert_eq!(fonts.glyph('a', Weight::Regular).face, FaceId::Regular);
        Ok(())
    }
}
