//! A large evidence upload through the API (multipart, streamed from the client without ever
//! being held whole), with the server's resident memory sampled while it streams.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;

use super::BenchError;
use super::server::{Server, read_memory};

const CHUNK: usize = 1024 * 1024;
const BOUNDARY: &str = "eportfolio-bench-boundary";

#[derive(Debug, Clone)]
pub struct UploadOutcome {
    pub mib: u64,
    pub seconds: f64,
    pub status: u16,
    pub idle_rss_kib: u64,
    pub peak_rss_kib: u64,
}

/// A WAV recording of `mib` MiB (a header, then silence), as one multipart `file` field.
fn body(mib: u64) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + 'static {
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"interview.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
    );
    let mut first = head.into_bytes();
    first.extend_from_slice(b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x44\xac\0\0\x88\x58\x01\0\x02\0\x10\0data\0\0\0\0");
    let silence = Bytes::from(vec![0u8; CHUNK]);
    let total = mib.saturating_mul(CHUNK as u64) as usize;
    let header_len = 44;
    let chunks = (total.saturating_sub(header_len)) / CHUNK;
    let rest = total.saturating_sub(header_len) - chunks * CHUNK;
    let tail = format!("\r\n--{BOUNDARY}--\r\n");
    let parts = std::iter::once(Bytes::from(first))
        .chain(std::iter::repeat_n(silence.clone(), chunks))
        .chain(std::iter::once(silence.slice(..rest)))
        .chain(std::iter::once(Bytes::from(tail)))
        .map(Ok);
    futures_util::stream::iter(parts)
}

pub async fn run(
    server: &Server,
    evidence_id: &str,
    bearer: &str,
    mib: u64,
) -> Result<UploadOutcome, BenchError> {
    let idle = server
        .memory()
        .ok_or_else(|| BenchError::Load("no /proc here: memory cannot be read".to_owned()))?;
    let sampler = Sampler::start(server);
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(3600))
        .finish();
    let started = Instant::now();
    let response = client
        .post(format!(
            "{}/api/v1/evidence/{evidence_id}/files",
            server.base
        ))
        .insert_header(("authorization", format!("Bearer {bearer}")))
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        ))
        .send_stream(body(mib))
        .await;
    let seconds = started.elapsed().as_secs_f64();
    let sampled = sampler.stop();
    let mut response = response.map_err(|e| BenchError::Load(format!("the upload failed: {e}")))?;
    let status = response.status().as_u16();
    if status != 201 {
        let text = response.body().await.unwrap_or_default();
        return Err(BenchError::Load(format!(
            "the upload answered {status}: {}",
            String::from_utf8_lossy(&text)
        )));
    }
    let peak = server.memory().map_or(0, |m| m.peak_kib);
    Ok(UploadOutcome {
        mib,
        seconds,
        status,
        idle_rss_kib: idle.rss_kib,
        peak_rss_kib: peak.max(sampled),
    })
}

/// A thread reading the server's resident memory every 10 ms, keeping the highest figure.
struct Sampler {
    stop: Arc<AtomicBool>,
    highest: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl Sampler {
    fn start(server: &Server) -> Sampler {
        let (stop, highest) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicU64::new(0)),
        );
        let thread = {
            let (stop, highest) = (stop.clone(), highest.clone());
            let read = server_memory_reader(server);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(rss) = read() {
                        highest.fetch_max(rss, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            })
        };
        Sampler {
            stop,
            highest,
            thread,
        }
    }

    /// Stop sampling; the highest resident memory seen, in KiB.
    fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.highest.load(Ordering::Relaxed)
    }
}

fn server_memory_reader(server: &Server) -> impl Fn() -> Option<u64> + Send + 'static {
    let pid = server.pid();
    move || read_memory(pid).map(|m| m.rss_kib)
}
