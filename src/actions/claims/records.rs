//! Records: a centre's retention period (Q3; centre administrators) and a learner's whole
//! portfolio as a ZIP (their right of access; the registration's learner only). The ZIP is
//! written on the blocking pool straight into the response, a chunk at a time, so no file is
//! ever held whole in memory.

use std::io::{self, Write};

use bytes::Bytes;
use futures_util::StreamExt;
use serde_json::Value;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_centre_role, require_learner};
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::retention::RetentionYears;
use crate::domain::roles::Role;
use crate::files::{FileKey, FileStore};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::portfolio::{self, PortfolioFile};
use crate::store::{people, registrations, retention};

/// The centre's retention period, for its administrators.
pub async fn retention_of(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<RetentionYears, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let id = centre_id.to_string();
    Ok(state
        .db
        .run(move |conn| retention::years_for(conn, &id))
        .await?)
}

/// Sets the centre's retention period (a centre administrator), with its audit entry.
pub async fn set_retention(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    years: Result<RetentionYears, crate::domain::people::FieldError>,
) -> Result<RetentionYears, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let years = years.map_err(|e| ActionError::Invalid(vec![e]))?;
    let (id, now) = (centre_id.to_string(), state.clock.naive());
    let (actor_id, actor_name) = (actor.user.id.clone(), actor.user.name.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if people::find_centre(conn, &id)?.is_none() {
                return Err(ActionError::NotFound(format!("centre {id}")));
            }
            let before = retention::set_years(conn, &id, years, &actor_id, now)?;
            let entry = NewAuditEntry {
                actor_id: Some(actor_id),
                actor_name,
                centre_id: Some(id.to_string()),
                action: "retention_changed".into(),
                record_type: "centre".into(),
                record_id: id,
                reason: None,
                details: serde_json::json!({"years": years.get(), "before": before.get()}),
            };
            audit::append(conn, entry, now)?;
            Ok(years)
        })
        .await
}

/// Sends the ZIP's bytes down a channel to the response, in chunks.
struct ChannelWriter(tokio::sync::mpsc::Sender<io::Result<Bytes>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the download was stopped"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A file name safe in a ZIP on every system: letters, digits, `.`, `-` and `_`.
fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    cleaned.trim_start_matches('.').to_owned()
}

/// Where a file goes inside the ZIP (relative, as index.html links to it).
pub fn member_name(file: &PortfolioFile) -> String {
    format!(
        "files/{}/{}-{}",
        safe_name(&file.1),
        safe_name(&file.0),
        safe_name(&file.3)
    )
}

/// What the download needs: the records, the files, a name for the ZIP.
pub struct Portfolio {
    pub file_name: String,
    pub records: Value,
    pub files: Vec<PortfolioFile>,
    pub learner_name: String,
    pub qualification: String,
}

/// Loads the learner's records (the registration's learner only).
pub async fn portfolio(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<Portfolio, ActionError> {
    let id = registration_id.to_string();
    let (registration, records, files) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(registration) = registrations::find(conn, &id)? else {
                return Ok(None);
            };
            let records = portfolio::records_of(conn, &id)?;
            let files = portfolio::files_of(conn, &id)?;
            Ok(Some((registration, records, files)))
        })
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("registration {registration_id}")))?;
    require_learner(actor, &registration)?;
    let qualification = state
        .curriculum
        .qualification(&registration.qualification_id)
        .map_or_else(
            || registration.qualification_id.clone(),
            |(_, q)| q.title.clone(),
        );
    Ok(Portfolio {
        file_name: format!("portfolio-{}.zip", safe_name(&registration.id)),
        records,
        files,
        learner_name: actor.user.name.clone(),
        qualification,
    })
}

/// The ZIP as a stream of chunks: written on the blocking pool, each evidence file read from the
/// store a chunk at a time.
/// `index_html` is the offline index page, rendered by the caller.
pub fn zip_stream(
    state: &AppState,
    portfolio: Portfolio,
    index_html: String,
) -> impl futures_util::Stream<Item = io::Result<Bytes>> + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(8);
    let files = state.files.clone();
    let handle = tokio::runtime::Handle::current();
    let errors = tx.clone();
    tokio::task::spawn_blocking(move || {
        if let Err(e) = write_zip(&handle, files.as_ref(), &portfolio, &index_html, tx) {
            tracing::error!(error = %e, "portfolio download failed");
            let _ = errors.blocking_send(Err(e));
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

fn write_zip(
    handle: &tokio::runtime::Handle,
    files: &dyn FileStore,
    portfolio: &Portfolio,
    index: &str,
    tx: tokio::sync::mpsc::Sender<io::Result<Bytes>>,
) -> io::Result<()> {
    use zip::write::SimpleFileOptions;
    let out = io::BufWriter::with_capacity(64 * 1024, ChannelWriter(tx));
    let mut zip = zip::ZipWriter::new_stream(out);
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("index.html", options)
        .map_err(io::Error::other)?;
    zip.write_all(index.as_bytes())?;
    let json = serde_json::to_vec_pretty(&portfolio.records).map_err(io::Error::other)?;
    zip.start_file("records.json", options)
        .map_err(io::Error::other)?;
    zip.write_all(&json)?;
    for file in &portfolio.files {
        let key = FileKey::parse(&file.2).map_err(io::Error::other)?;
        let mut opened = handle
            .block_on(files.open(&key))
            .map_err(io::Error::other)?;
        zip.start_file(member_name(file), options)
            .map_err(io::Error::other)?;
        while let Some(chunk) = handle.block_on(opened.chunks.next()) {
            zip.write_all(&chunk?)?;
        }
    }
    let mut out = zip.finish().map_err(io::Error::other)?.into_inner();
    out.flush()
}
