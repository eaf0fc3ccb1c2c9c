//! The benchmark's figures as Markdown, ready to paste into `docs/performance.md`.

use std::fmt;

use super::{Load, Outcome, Shape, UploadOutcome};

pub struct Report {
    pub backend: String,
    pub shape: Shape,
    pub load: Load,
    pub seed_seconds: f64,
    pub assessor_caseload: usize,
    /// (what, SQL statements per request, one request alone in process, the load's outcome)
    pub results: Vec<(String, u64, std::time::Duration, Outcome)>,
    /// The reference servers, measured in the same run.
    pub references: Vec<(String, Outcome)>,
    pub upload: Option<UploadOutcome>,
    /// The sampling proposal, timed as a pure function.
    pub sampling: Option<super::sampling::Figures>,
    /// The claim file and PDFs, timed as pure functions.
    pub claim_documents: Option<super::claim_documents::Figures>,
    /// The CSV import and the record PDF against C6 and C8.
    pub import_and_pdf: Option<super::import_and_pdf::Figures>,
}

fn ms(d: std::time::Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.setting(f)?;
        self.table(f)?;
        self.ratios(f)?;
        self.upload(f)?;
        if let Some(figures) = &self.import_and_pdf {
            writeln!(f, "\n{figures}")?;
        }
        if let Some(claims) = &self.claim_documents {
            writeln!(f, "\n{claims}")?;
        }
        if let Some(sampling) = &self.sampling {
            writeln!(f, "\n{sampling}")?;
        }
        Ok(())
    }
}

impl Report {
    /// The centre built and the load applied.
    fn setting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, l) = (&self.shape, &self.load);
        writeln!(
            f,
            "Centre: {} learners on {} ({} of them with {} evidence items and {} mappings; the assessor measured has {} learners); built in {:.1} s.",
            s.learners,
            self.backend,
            s.heavy,
            s.evidence,
            s.mappings,
            self.assessor_caseload,
            self.seed_seconds
        )?;
        writeln!(
            f,
            "Load: {} keep-alive connections from {} client threads, {:.0} s warm-up, {:.0} s measured; the server is `serve` with its defaults, in its own process.\n",
            l.connections,
            l.threads,
            l.warmup.as_secs_f64(),
            l.measure.as_secs_f64()
        )?;
        Ok(())
    }

    /// One row per request measured, then the reference servers.
    fn table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| request | req/s | p50 | p99 | SQL statements | response | failures | alone |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|---|---|")?;
        for (name, statements, alone, o) in &self.results {
            writeln!(
                f,
                "| {name} | {:.0} | {} | {} | {statements} | {:.0} KB | {} | {} |",
                o.per_second,
                ms(o.p50),
                ms(o.p99),
                o.bytes_per_response as f64 / 1000.0,
                o.failures,
                ms(*alone)
            )?;
        }
        for (name, o) in &self.references {
            writeln!(
                f,
                "| {name} | {:.0} | {} | {} | | {:.0} KB | {} | |",
                o.per_second,
                ms(o.p50),
                ms(o.p99),
                o.bytes_per_response as f64 / 1000.0,
                o.failures
            )?;
        }
        Ok(())
    }

    fn upload(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(u) = &self.upload {
            writeln!(
                f,
                "\nUpload: {} MiB through `POST /api/v1/evidence/{{id}}/files` (multipart, streamed, SHA-256, stored durably, one row) answered {} in {:.1} s ({:.0} MiB/s). Server resident memory: {} idle before, {} at its peak, {} above idle.",
                u.mib,
                u.status,
                u.seconds,
                u.mib as f64 / u.seconds.max(f64::EPSILON),
                mib(u.idle_rss_kib),
                mib(u.peak_rss_kib),
                mib(u.peak_rss_kib.saturating_sub(u.idle_rss_kib))
            )?;
        }
        Ok(())
    }

    fn reference(&self, prefix: &str) -> Option<&Outcome> {
        self.references
            .iter()
            .find(|r| r.0.starts_with(prefix))
            .map(|r| &r.1)
    }

    /// The targets of `../shared/PERFORMANCE.md` that this run can check, as ratios: each
    /// request measured against the reference its kind of page is held to.
    fn ratios(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (name, _, _, p) in &self.results {
            let Some((reference, target)) = held_to(name) else {
                continue;
            };
            let Some(r) = self.reference(reference) else {
                continue;
            };
            if first {
                writeln!(f, "\n| target | throughput | p50 | p99 | holds |")?;
                writeln!(f, "|---|---|---|---|---|")?;
                first = false;
            }
            let share = p.per_second / r.per_second.max(f64::EPSILON);
            let times = |a: std::time::Duration, b: std::time::Duration| {
                a.as_secs_f64() / b.as_secs_f64().max(f64::EPSILON)
            };
            writeln!(
                f,
                "| {name} against {reference}: ≥ {:.0}% of its throughput | {:.0}% | {:.1}× | {:.1}× | {} |",
                target * 100.0,
                share * 100.0,
                times(p.p50, r.p50),
                times(p.p99, r.p99),
                if share >= target { "yes" } else { "no" }
            )?;
        }
        Ok(())
    }
}

/// The reference a request is held to and the share of its throughput it must reach
/// (`../shared/PERFORMANCE.md`): list pages against C4, small pages against C3.
fn held_to(request: &str) -> Option<(&'static str, f64)> {
    const RULES: [(&str, &str, f64); 6] = [
        ("/healthz", "C1", 0.60),
        ("small page", "C3", 0.40),
        ("tracker page", "C5", 0.50),
        ("caseload", "C4", 0.50),
        ("claims page", "C4", 0.50),
        ("sampling report", "C4", 0.50),
    ];
    RULES
        .iter()
        .find(|(prefix, _, _)| request.starts_with(prefix))
        .map(|(_, reference, target)| (*reference, *target))
}
