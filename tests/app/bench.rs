//! `eportfolio bench` at a small size, run as a person runs it: it builds the centre, serves it
//! in a separate process, loads every measured request without a failure, counts statements, and
//! streams an upload. Figures depend on the machine, so only their presence and shape are checked.

use std::process::Command;

use eportfolio::store::testing::TestDb;

use crate::support::TestResult;

/// The rows of the report's table: (request, req/s, SQL statements, failures).
fn rows(report: &str) -> Vec<(String, f64, u64, u64)> {
    report
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| request"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            Some((
                cells.get(1)?.to_string(),
                cells.get(2)?.parse().ok()?,
                cells.get(5)?.parse().ok()?,
                cells.get(7)?.parse().ok()?,
            ))
        })
        .collect()
}

#[test]
fn the_benchmark_measures_every_request_and_the_upload() -> TestResult {
    let db = TestDb::empty()?;
    let output = Command::new(env!("CARGO_BIN_EXE_eportfolio"))
        .args([
            "bench",
            "--learners",
            "30",
            "--heavy",
            "2",
            "--evidence",
            "20",
        ])
        .args([
            "--mappings",
            "40",
            "--seconds",
            "1",
            "--warmup",
            "0",
            "--upload-mib",
            "8",
        ])
        .arg("--data-dir")
        .arg(db.folder().join("bench"))
        .args(["--database-url", &db.db().url_for_child()])
        .env("RUST_LOG", "off")
        .output()?;
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows = rows(&report);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    for expected in [
        "/healthz",
        "tracker page (",
        "tracker API (",
        "caseload page (assessor",
        "caseload page (centre admin",
        "caseload search (",
        "small page (",
        "claims page (",
        "sampling report (",
    ] {
        assert!(
            names.iter().any(|n| n.starts_with(expected)),
            "{expected} missing:\n{report}"
        );
    }
    for (name, per_second, statements, failures) in &rows {
        assert_eq!(*failures, 0, "{name} failed:\n{report}");
        assert!(*per_second > 0.0, "{name} answered nothing:\n{report}");
        if !name.starts_with("/healthz") {
            assert!(*statements > 0, "{name} counted no statements:\n{report}");
        }
    }
    for reference in [
        "| C1 reference",
        "| C3 reference",
        "| C4 reference",
        "| C5 reference",
        "against C5: ≥ 50%",
        "against C4: ≥ 50%",
        "against C3: ≥ 40%",
        "| CSV import of 1000 learners (one request) |",
        "learners/s | C6: ",
        "| learner achievement record PDF",
        "a page | C8: ",
    ] {
        assert!(report.contains(reference), "{reference} missing:\n{report}");
    }
    assert!(report.contains("Upload: 8 MiB"), "{report}");
    assert!(report.contains("| 60000 |"), "{report}");
    assert!(
        report.contains("Sampling proposal growth 60000/6000"),
        "{report}"
    );
    assert!(report.contains("answered 201"), "{report}");
    assert!(report.contains("above idle"), "{report}");
    Ok(())
}
