//! A small closed-loop load generator: `connections` keep-alive connections spread over
//! `threads` client threads, each sending the same request as soon as the last one answered.
//! Latency is measured per request; a warm-up period is not recorded.

use std::time::{Duration, Instant};

use super::BenchError;

/// One request to repeat.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Load {
    pub connections: usize,
    pub threads: usize,
    pub warmup: Duration,
    pub measure: Duration,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub requests: usize,
    pub failures: usize,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub bytes_per_response: usize,
}

/// Per connection: latencies of the answered requests, failures, bytes of the last body.
type Tally = (Vec<Duration>, usize, usize);

pub fn run(base: &str, target: &Target, load: &Load) -> Result<Outcome, BenchError> {
    let threads = load.threads.clamp(1, load.connections.max(1));
    let start = Instant::now() + Duration::from_millis(100);
    let (record_from, end) = (start + load.warmup, start + load.warmup + load.measure);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let connections =
                load.connections / threads + usize::from(t < load.connections % threads);
            let (url, headers) = (format!("{base}{}", target.path), target.headers.clone());
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(thread_loop(
                    connections,
                    url,
                    headers,
                    record_from,
                    end,
                ))
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let (mut failures, mut bytes) = (0, 0);
    for handle in handles {
        let tallies = handle
            .join()
            .map_err(|_| BenchError::Load("a client thread panicked".to_owned()))?;
        for (l, f, b) in tallies {
            latencies.extend(l);
            failures += f;
            bytes = bytes.max(b);
        }
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1);
        latencies.get(index).copied().unwrap_or_default()
    };
    Ok(Outcome {
        requests: latencies.len(),
        failures,
        per_second: latencies.len() as f64 / load.measure.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        bytes_per_response: bytes,
    })
}

async fn thread_loop(
    connections: usize,
    url: String,
    headers: Vec<(String, String)>,
    record_from: Instant,
    end: Instant,
) -> Vec<Tally> {
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (url, headers) = (url.clone(), headers.clone());
            actix_web::rt::spawn(connection_loop(url, headers, record_from, end))
        })
        .collect();
    let mut tallies = Vec::new();
    for task in tasks {
        if let Ok(tally) = task.await {
            tallies.push(tally);
        }
    }
    tallies
}

async fn connection_loop(
    url: String,
    headers: Vec<(String, String)>,
    record_from: Instant,
    end: Instant,
) -> Tally {
    let client = awc::Client::builder()
        .timeout(Duration::from_secs(30))
        .finish();
    let (mut latencies, mut failures, mut bytes) = (Vec::new(), 0, 0);
    while Instant::now() < end {
        let sent = Instant::now();
        let mut request = client.get(&url);
        for (name, value) in &headers {
            request = request.insert_header((name.as_str(), value.as_str()));
        }
        let ok = match request.send().await {
            Ok(mut response) => {
                let status = response.status();
                match response.body().limit(64 * 1024 * 1024).await {
                    Ok(body) if status.is_success() => {
                        bytes = body.len();
                        true
                    }
                    _ => false,
                }
            }
            Err(_) => false,
        };
        if sent < record_from {
            continue;
        }
        if ok {
            latencies.push(sent.elapsed());
        } else {
            failures += 1;
        }
    }
    (latencies, failures, bytes)
}
