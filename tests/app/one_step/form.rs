//! The one-step form as a browser sends it: multipart fields and files, the page's CSRF token
//! first; and Office files built here (an old Word file, a one-slide presentation).

use crate::support::Req;
use crate::world::PageSession;

const BOUNDARY: &str = "one-step-boundary";

/// A part of the form: a field, or a file with its bytes.
pub enum Part<'a> {
    Field(&'a str, &'a str),
    File(&'a str, Vec<u8>),
}

pub fn post(path: &str, session: &PageSession, parts: &[Part<'_>]) -> Req {
    let mut body = Vec::new();
    let mut all = vec![Part::Field("csrf_token", &session.csrf)];
    all.extend(parts.iter().map(|p| match p {
        Part::Field(n, v) => Part::Field(n, v),
        Part::File(n, b) => Part::File(n, b.clone()),
    }));
    for part in &all {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Field(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}")
                        .as_bytes(),
                );
            }
            Part::File(name, bytes) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Req::post(path)
        .session(&session.cookie)
        .same_origin()
        .body(body)
        .header(
            "content-type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )
}

/// An old Word file: the OLE magic and a directory naming its `WordDocument` stream.
pub fn doc_bytes() -> Vec<u8> {
    let mut bytes = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    bytes.resize(512, 0);
    bytes.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(2048, 0);
    bytes
}

/// A presentation with one slide of four words.
pub fn pptx_bytes() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(b"<Types/>")?;
    zip.start_file("ppt/slides/slide1.xml", options)?;
    zip.write_all(br#"<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:p><a:r><a:t>What matters to Mr B</a:t></a:r></a:p></p:sld>"#)?;
    Ok(zip.finish()?.into_inner())
}
