//! The allow-list of evidence file types, and how the type the bytes show is reconciled with the
//! type the learner's filename (or the browser's content type) claims.

use super::FileError;

/// A type of file that may be uploaded as evidence. Decided from the bytes, never from the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaType {
    Pdf,
    Docx,
    Odt,
    /// The Office formats care staff still send: old binary Word, Excel and PowerPoint files
    /// (OLE compound files) and the newer spreadsheets and presentations.
    Doc,
    Xls,
    Ppt,
    Xlsx,
    Pptx,
    Text,
    Markdown,
    Jpeg,
    Png,
    Heic,
    Mp3,
    M4a,
    Wav,
    Mp4,
    Webm,
}

impl MediaType {
    pub const ALL: [MediaType; 18] = [
        MediaType::Pdf,
        MediaType::Docx,
        MediaType::Odt,
        MediaType::Doc,
        MediaType::Xls,
        MediaType::Ppt,
        MediaType::Xlsx,
        MediaType::Pptx,
        MediaType::Text,
        MediaType::Markdown,
        MediaType::Jpeg,
        MediaType::Png,
        MediaType::Heic,
        MediaType::Mp3,
        MediaType::M4a,
        MediaType::Wav,
        MediaType::Mp4,
        MediaType::Webm,
    ];

    /// The `Content-Type` to send the file back with. Text and Markdown were checked to be UTF-8.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Doc => "application/msword",
            Self::Xls => "application/vnd.ms-excel",
            Self::Ppt => "application/vnd.ms-powerpoint",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Text => "text/plain; charset=utf-8",
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Heic => "image/heic",
            Self::Mp3 => "audio/mpeg",
            Self::M4a => "audio/mp4",
            Self::Wav => "audio/wav",
            Self::Mp4 => "video/mp4",
            Self::Webm => "video/webm",
        }
    }

    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Odt => "odt",
            Self::Doc => "doc",
            Self::Xls => "xls",
            Self::Ppt => "ppt",
            Self::Xlsx => "xlsx",
            Self::Pptx => "pptx",
            Self::Text => "txt",
            Self::Markdown => "md",
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Heic => "heic",
            Self::Mp3 => "mp3",
            Self::M4a => "m4a",
            Self::Wav => "wav",
            Self::Mp4 => "mp4",
            Self::Webm => "webm",
        }
    }

    /// A short name for lists: "PDF", "Word (DOCX)".
    pub fn name(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "Word (DOCX)",
            Self::Odt => "OpenDocument text (ODT)",
            Self::Doc => "Word 97-2003 (DOC)",
            Self::Xls => "Excel 97-2003 (XLS)",
            Self::Ppt => "PowerPoint 97-2003 (PPT)",
            Self::Xlsx => "Excel (XLSX)",
            Self::Pptx => "PowerPoint (PPTX)",
            Self::Text => "text",
            Self::Markdown => "Markdown",
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Heic => "HEIC",
            Self::Mp3 => "MP3",
            Self::M4a => "M4A",
            Self::Wav => "WAV",
            Self::Mp4 => "MP4",
            Self::Webm => "WebM",
        }
    }

    /// The name with its article, for sentences: "a PDF", "an MP3 audio file".
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "a PDF",
            Self::Docx => "a Word document (DOCX)",
            Self::Odt => "an OpenDocument text (ODT)",
            Self::Doc => "a Word 97-2003 document (DOC)",
            Self::Xls => "an Excel 97-2003 spreadsheet (XLS)",
            Self::Ppt => "a PowerPoint 97-2003 presentation (PPT)",
            Self::Xlsx => "an Excel spreadsheet (XLSX)",
            Self::Pptx => "a PowerPoint presentation (PPTX)",
            Self::Text => "a text file",
            Self::Markdown => "a Markdown file",
            Self::Jpeg => "a JPEG image",
            Self::Png => "a PNG image",
            Self::Heic => "a HEIC image",
            Self::Mp3 => "an MP3 audio file",
            Self::M4a => "an M4A audio file",
            Self::Wav => "a WAV audio file",
            Self::Mp4 => "an MP4 video",
            Self::Webm => "a WebM video",
        }
    }

    /// The type a stored [`MediaType::mime`] value names (for reading a database column back).
    pub fn from_mime(mime: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.mime() == mime)
    }

    /// The type a filename extension (without the dot, any case) names, synonyms included.
    pub fn from_extension(extension: &str) -> Option<Self> {
        let kind = match extension.to_ascii_lowercase().as_str() {
            "pdf" => Self::Pdf,
            "docx" => Self::Docx,
            "odt" => Self::Odt,
            "doc" => Self::Doc,
            "xls" => Self::Xls,
            "ppt" | "pps" => Self::Ppt,
            "xlsx" => Self::Xlsx,
            "pptx" => Self::Pptx,
            "txt" | "text" => Self::Text,
            "md" | "markdown" | "mdown" | "mkd" => Self::Markdown,
            "jpg" | "jpeg" | "jpe" | "jfif" => Self::Jpeg,
            "png" => Self::Png,
            "heic" | "heif" => Self::Heic,
            "mp3" => Self::Mp3,
            "m4a" => Self::M4a,
            "wav" | "wave" => Self::Wav,
            "mp4" | "m4v" => Self::Mp4,
            "webm" => Self::Webm,
            _ => return None,
        };
        Some(kind)
    }

    /// The type a `Content-Type` value names, parameters ignored. Browsers send several spellings.
    fn from_content_type(essence: &str) -> Option<Self> {
        let kind = match essence {
            "application/pdf" | "application/x-pdf" => Self::Pdf,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Self::Docx,
            "application/vnd.oasis.opendocument.text" => Self::Odt,
            "application/msword" => Self::Doc,
            "application/vnd.ms-excel" => Self::Xls,
            "application/vnd.ms-powerpoint" => Self::Ppt,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Self::Xlsx,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => {
                Self::Pptx
            }
            "text/plain" => Self::Text,
            "text/markdown" | "text/x-markdown" => Self::Markdown,
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Self::Jpeg,
            "image/png" => Self::Png,
            "image/heic" | "image/heif" | "image/heic-sequence" | "image/heif-sequence" => {
                Self::Heic
            }
            "audio/mpeg" | "audio/mp3" | "audio/mpeg3" | "audio/x-mpeg-3" => Self::Mp3,
            "audio/mp4" | "audio/x-m4a" | "audio/m4a" => Self::M4a,
            "audio/wav" | "audio/x-wav" | "audio/wave" | "audio/vnd.wave" => Self::Wav,
            "video/mp4" => Self::Mp4,
            "video/webm" | "audio/webm" => Self::Webm,
            _ => return None,
        };
        Some(kind)
    }
}

impl std::fmt::Display for MediaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What the bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// On the allow-list. Text is always [`MediaType::Text`]; the claim may make it Markdown.
    Allowed(MediaType),
    /// Recognised or not, refused; the description is for logs ("a program (ELF)").
    Refused(&'static str),
}

/// What the client said the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Claim {
    /// Nothing useful: no name, a name without an extension, `application/octet-stream`.
    Nothing,
    Kind(MediaType),
    /// An extension or content type that is not on the allow-list (".exe", "text/html").
    Unlisted(String),
}

impl Claim {
    /// Reads a filename (possibly with a client's directories) or a `Content-Type` value.
    pub(crate) fn parse(claimed: Option<&str>) -> Self {
        let Some(claimed) = claimed.map(str::trim).filter(|c| !c.is_empty()) else {
            return Self::Nothing;
        };
        if let Some(essence) = content_type_essence(claimed) {
            return match essence.as_str() {
                "application/octet-stream" | "binary/octet-stream" | "application/unknown" => {
                    Self::Nothing
                }
                _ => match MediaType::from_content_type(&essence) {
                    Some(kind) => Self::Kind(kind),
                    None => Self::Unlisted(essence),
                },
            };
        }
        let base = claimed.rsplit(['/', '\\']).next().unwrap_or(claimed);
        let base = base.trim_start_matches('.').trim_end_matches(['.', ' ']);
        match base.rsplit_once('.') {
            None => Self::Nothing,
            Some((_, extension)) => match MediaType::from_extension(extension) {
                Some(kind) => Self::Kind(kind),
                None => Self::Unlisted(format!(".{}", extension.to_lowercase())),
            },
        }
    }
}

/// `Some("type/subtype")` in lower case when `value` looks like a content type rather than a
/// filename: a known top-level type, one slash, no spaces before any parameters.
fn content_type_essence(value: &str) -> Option<String> {
    const TOP_LEVEL: [&str; 9] = [
        "application",
        "audio",
        "binary",
        "font",
        "image",
        "model",
        "multipart",
        "text",
        "video",
    ];
    let essence = value.split(';').next().unwrap_or(value).trim();
    let (top, sub) = essence.split_once('/')?;
    let top = top.to_ascii_lowercase();
    let looks_like_subtype = !sub.is_empty()
        && sub
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-' | '_'));
    (TOP_LEVEL.contains(&top.as_str()) && looks_like_subtype)
        .then(|| format!("{top}/{}", sub.to_ascii_lowercase()))
}

/// The type to record, or why the file is refused.
pub(crate) fn resolve(found: Sniffed, claim: &Claim) -> Result<MediaType, FileError> {
    let found = match found {
        Sniffed::Allowed(kind) => kind,
        Sniffed::Refused(description) => {
            return Err(FileError::NotAllowed {
                found: description.to_owned(),
            });
        }
    };
    let claimed = match claim {
        Claim::Nothing => return Ok(found),
        Claim::Unlisted(what) => {
            return Err(FileError::NotAllowed {
                found: format!("{} named {what}", found.label()),
            });
        }
        Claim::Kind(claimed) => *claimed,
    };
    match (claimed, found) {
        (claimed, found) if claimed == found => Ok(found),
        // The bytes cannot tell plain text from Markdown; the name decides.
        (MediaType::Markdown, MediaType::Text) => Ok(MediaType::Markdown),
        // One container: a generic MP4 brand is common in .m4a files, and an "M4A " brand in a
        // file named .mp4 is still audio.
        (MediaType::M4a, MediaType::Mp4) | (MediaType::Mp4, MediaType::M4a) => Ok(MediaType::M4a),
        // An old Office file whose stream names lie past the sniffed window is taken as a DOC
        // (see `sniff::office::compound`); its name says which of the three it is.
        (MediaType::Xls | MediaType::Ppt, MediaType::Doc) => Ok(claimed),
        (claimed, found) => Err(FileError::TypeMismatch {
            claimed,
            found: found.label().to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests;
