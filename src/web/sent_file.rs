//! Stored files going back out: as an attachment, or shown in the page when the type allows it,
//! whole or (for a `Range` request, so a long recording seeks in the page) the part asked for.

use actix_web::http::StatusCode;
use actix_web::http::header::{
    self, ByteRangeSpec, Charset, ContentDisposition, DispositionParam, DispositionType,
    ExtendedValue, Range,
};
use actix_web::{HttpResponse, HttpResponseBuilder};

use super::error::Problem;
use crate::files::NamedFile;

/// Media types a page may show in place (an image, a PDF, a recording): never HTML, SVG or
/// script, which could run as the site.
pub fn shows_inline(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    matches!(
        essence,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "application/pdf"
    ) || essence.starts_with("audio/")
        || essence.starts_with("video/")
}

/// A stored file as an attachment: its own media type, never sniffed, never cached; the part a
/// `Range` header asks for when there is one.
pub fn attachment(file: NamedFile, range: Option<&Range>) -> HttpResponse {
    send(file, false, range)
}

/// A stored file for a page to show in place when its type allows ([`shows_inline`]), in a
/// sandbox (no script, no forms, no same-origin); any other type as an attachment.
pub fn in_place(file: NamedFile, range: Option<&Range>) -> HttpResponse {
    let inline = shows_inline(&file.media_type);
    send(file, inline, range)
}

/// Which bytes of a file of `size` bytes a request asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Part {
    /// No range, or one this server answers whole (several ranges, another unit).
    Whole,
    /// Bytes `first..=last`.
    Bytes(u64, u64),
    /// A range that lies wholly outside the file.
    Unsatisfiable,
}

/// The part of the file a `Range` header asks for. Several ranges at once are answered with the
/// whole file, which RFC 9110 allows.
pub fn part_of(range: Option<&Range>, size: u64) -> Part {
    match range {
        Some(Range::Bytes(specs)) if specs.len() == 1 => {
            match ByteRangeSpec::to_satisfiable_range(&specs[0], size) {
                Some((first, last)) => Part::Bytes(first, last),
                None => Part::Unsatisfiable,
            }
        }
        _ => Part::Whole,
    }
}

/// A stored file, attached or in place, whole or the part a `Range` header asks for (206 with
/// `Content-Range`; 416 for a range outside the file).
pub fn send(file: NamedFile, inline: bool, range: Option<&Range>) -> HttpResponse {
    let size = file.opened.size;
    let (mut response, opened) = match part_of(range, size) {
        Part::Whole => (HttpResponse::Ok(), file.opened),
        Part::Bytes(first, last) => {
            let mut partial = HttpResponse::PartialContent();
            partial.insert_header((
                header::CONTENT_RANGE,
                format!("bytes {first}-{last}/{size}"),
            ));
            (partial, file.opened.slice(first, last))
        }
        Part::Unsatisfiable => {
            let mut refused = Problem::response(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range_not_satisfiable",
                "Range not satisfiable",
                format!("The file is {size} bytes long; the range asked for lies outside it."),
            );
            if let Ok(value) = header::HeaderValue::from_str(&format!("bytes */{size}")) {
                refused.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return refused;
        }
    };
    described(&mut response, &file.filename, inline)
        .content_type(file.media_type)
        .body(actix_web::body::SizedStream::new(
            opened.size,
            opened.chunks,
        ))
}

fn described<'a>(
    response: &'a mut HttpResponseBuilder,
    filename: &str,
    inline: bool,
) -> &'a mut HttpResponseBuilder {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: if inline {
            DispositionType::Inline
        } else {
            DispositionType::Attachment
        },
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: filename.as_bytes().to_vec(),
            }),
        ],
    };
    response
        .insert_header(disposition)
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; object-src 'self'",
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(spec: ByteRangeSpec) -> Range {
        Range::Bytes(vec![spec])
    }

    #[test]
    fn no_range_sends_the_whole_file() {
        assert_eq!(part_of(None, 10), Part::Whole);
    }

    #[test]
    fn a_closed_range_sends_those_bytes() {
        let range = bytes(ByteRangeSpec::FromTo(2, 5));
        assert_eq!(part_of(Some(&range), 10), Part::Bytes(2, 5));
    }

    #[test]
    fn an_open_range_runs_to_the_end_and_a_suffix_counts_from_it() {
        let from = bytes(ByteRangeSpec::From(7));
        assert_eq!(part_of(Some(&from), 10), Part::Bytes(7, 9));
        let last = bytes(ByteRangeSpec::Last(3));
        assert_eq!(part_of(Some(&last), 10), Part::Bytes(7, 9));
        let past = bytes(ByteRangeSpec::FromTo(8, 99));
        assert_eq!(part_of(Some(&past), 10), Part::Bytes(8, 9));
    }

    #[test]
    fn a_range_outside_the_file_is_unsatisfiable() {
        let range = bytes(ByteRangeSpec::From(10));
        assert_eq!(part_of(Some(&range), 10), Part::Unsatisfiable);
    }

    #[test]
    fn several_ranges_are_answered_whole() {
        let range = Range::Bytes(vec![
            ByteRangeSpec::FromTo(0, 1),
            ByteRangeSpec::FromTo(4, 5),
        ]);
        assert_eq!(part_of(Some(&range), 10), Part::Whole);
    }
}
