//! The binary as a newcomer runs it: `serve` on an empty folder, and each way start-up can fail,
//! with the one-line message it must print and a non-zero exit.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use eportfolio::store::testing::TestDb;

use crate::support::TestResult;

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eportfolio"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("EPORTFOLIO_CURRICULUM")
        .env("RUST_LOG", "off");
    command
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "eportfolio-start-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn stderr_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A minimal HTTP/1.1 GET; returns the status and body.
fn http_get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_ready(port: u16) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok((200, body)) = http_get(port, "/readyz") {
            return Some(body);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

#[test]
fn serve_on_an_empty_folder_serves_the_curriculum() -> TestResult {
    let dir = scratch();
    let port = free_port()?;
    // On PostgreSQL, an empty database of its own; on SQLite, nothing at all in the folder.
    let empty = match std::env::var("TEST_DATABASE_URL") {
        Ok(_) => Some(TestDb::empty()?),
        Err(_) => None,
    };
    let mut command = binary();
    command
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir.join("data"))
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(db) = &empty {
        command.env("DATABASE_URL", db.db().url_for_child());
        command.env(
            "EPORTFOLIO_JWT_KEY",
            "a key every node of this test shares, 32+ chars",
        );
        command.env(
            "EPORTFOLIO_KEY_ENCRYPTION_KEY",
            "the key-encryption key every node shares, 32+ chars",
        );
        command.env("EPORTFOLIO_PUBLIC_URL", format!("http://127.0.0.1:{port}"));
    }
    let _server = Server(command.spawn()?);
    let ready = wait_ready(port).ok_or("the server never became ready")?;
    assert!(ready.contains("\"status\":\"ready\""), "{ready}");
    let (status, page) = http_get(port, "/units/cg-3085/u002")?;
    assert_eq!(status, 200);
    assert!(page.contains("Be able to put person-centred values into practice"));
    let (status, api) = http_get(port, "/api/v1/qualifications/sqa-fx35-35")?;
    assert_eq!(status, 200);
    assert!(api.contains("sqa-fx35-35/er7"));
    if empty.is_none() {
        assert!(dir.join("data/eportfolio.db").is_file());
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn serve_refuses_an_invalid_curriculum_and_creates_no_database() -> TestResult {
    let dir = scratch();
    let curriculum = dir.join("curriculum");
    std::fs::create_dir_all(&curriculum)?;
    std::fs::write(
        curriculum.join("bad.toml"),
        "[specification]\nid = \"x\"\ntitle = 3\n",
    )?;
    let output = binary()
        .args(["serve", "--bind", "127.0.0.1:0", "--curriculum"])
        .arg(&curriculum)
        .arg("--data-dir")
        .arg(dir.join("data"))
        .output()?;
    assert!(!output.status.success());
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "eportfolio: {}:3:9: invalid type: integer `3`, expected a string",
            curriculum.join("bad.toml").display()
        )),
        "{lines:?}"
    );
    assert!(
        !dir.join("data").exists(),
        "no database is created for an invalid curriculum"
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn curriculum_check_prints_every_problem_and_fails() -> TestResult {
    let dir = scratch();
    std::fs::write(dir.join("a.toml"), "not toml at all")?;
    std::fs::write(dir.join("b.toml"), "[specification]\nid = \"b\"\n")?;
    let output = binary().args(["curriculum", "check"]).arg(&dir).output()?;
    assert_eq!(output.status.code(), Some(1));
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("eportfolio: {}:1:", dir.join("a.toml").display())),
        "{lines:?}"
    );
    assert!(
        lines[1].contains("missing field `awarding_body`"),
        "{lines:?}"
    );
    assert_eq!(lines[2], "eportfolio: 2 problem(s) found");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn curriculum_check_passes_on_the_shipped_files() -> TestResult {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("curriculum");
    let output = binary()
        .args(["curriculum", "check"])
        .arg(&folder)
        .output()?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("unit cg-3085/u001: 6 outcomes, 24 criteria"),
        "{out}"
    );
    assert!(
        out.contains("unit cg-3085/u002: 6 outcomes, 20 criteria"),
        "{out}"
    );
    assert!(out.contains("unit sqa-fx35-35: 3 outcomes, 0 criteria, 0 range entries, 29 Knowledge/Skills items, 7 Evidence Requirements"), "{out}");
    assert!(
        out.contains("framework sds-standards: 12 standards, 121 core components"),
        "{out}"
    );
    Ok(())
}

#[test]
fn curriculum_export_prints_json_and_case() -> TestResult {
    let json = binary()
        .args(["curriculum", "export", "--format", "json"])
        .output()?;
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout)?;
    assert_eq!(value["specifications"].as_array().map(Vec::len), Some(3));
    let case = binary()
        .args(["curriculum", "export", "--format", "case"])
        .output()?;
    assert!(case.status.success());
    let value: serde_json::Value = serde_json::from_slice(&case.stdout)?;
    assert_eq!(value["CFPackages"].as_array().map(Vec::len), Some(3));
    Ok(())
}

#[test]
fn an_unreachable_database_is_named_in_one_line() -> TestResult {
    let dir = scratch();
    let port = free_port()?;
    let output = binary()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.join("data"))
        .env(
            "DATABASE_URL",
            format!("postgres://nobody:secret@127.0.0.1:{port}/x"),
        )
        .env(
            "EPORTFOLIO_JWT_KEY",
            "a key every node of this test shares, 32+ chars",
        )
        .env(
            "EPORTFOLIO_KEY_ENCRYPTION_KEY",
            "the key-encryption key every node shares, 32+ chars",
        )
        .env("EPORTFOLIO_PUBLIC_URL", "https://eportfolio.example.org")
        .output()?;
    assert!(!output.status.success());
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "eportfolio: cannot reach the database at postgres://nobody:***@127.0.0.1:{port}/x: "
        )),
        "{lines:?}"
    );
    assert!(!lines[0].contains("secret"));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn an_unsupported_database_url_is_refused() -> TestResult {
    let output = binary()
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("DATABASE_URL", "mysql://root@localhost/x")
        .output()?;
    assert!(!output.status.success());
    assert_eq!(
        stderr_lines(&output),
        [
            "eportfolio: unsupported DATABASE_URL mysql://root@localhost/x: use postgres://… or sqlite://PATH"
        ]
    );
    Ok(())
}

#[test]
fn a_data_dir_that_cannot_be_written_is_named() -> TestResult {
    let dir = scratch();
    let file = dir.join("a-file");
    std::fs::write(&file, "")?;
    let output = binary()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(file.join("data"))
        .output()?;
    assert!(!output.status.success());
    let lines = stderr_lines(&output);
    assert_eq!(
        lines,
        [format!(
            "eportfolio: the data folder {} cannot be written: Not a directory (os error 20)",
            file.join("data").display()
        )]
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn a_port_in_use_is_named() -> TestResult {
    let dir = scratch();
    let taken = TcpListener::bind("127.0.0.1:0")?;
    let port = taken.local_addr()?.port();
    let output = binary()
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir.join("data"))
        .output()?;
    assert!(!output.status.success());
    assert_eq!(
        stderr_lines(&output),
        [format!(
            "eportfolio: cannot listen on 127.0.0.1:{port}: Address already in use (os error 98)"
        )]
    );
    assert!(
        !dir.join("data").exists(),
        "nothing is created when the port is taken"
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn health_checks_that_pass_are_not_logged_at_the_default_level() -> TestResult {
    let dir = scratch();
    let port = free_port()?;
    let log = dir.join("server.log");
    std::fs::create_dir_all(&dir)?;
    let mut command = binary();
    command
        .env("RUST_LOG", "info")
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir.join("data"))
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log)?);
    let server = Server(command.spawn()?);
    wait_ready(port).ok_or("the server never became ready")?;
    for _ in 0..3 {
        assert_eq!(http_get(port, "/healthz")?.0, 200);
    }
    assert_eq!(http_get(port, "/units/cg-3085/u002")?.0, 200);
    assert_eq!(http_get(port, "/no-such-page")?.0, 404);
    drop(server);
    let written = std::fs::read_to_string(&log)?;
    let requests: Vec<&str> = written.lines().filter(|l| l.contains("request")).collect();
    assert!(
        requests.iter().any(|l| l.contains("/units/cg-3085/u002")),
        "a person's request is logged: {written}"
    );
    assert!(
        requests.iter().any(|l| l.contains("/no-such-page")),
        "{written}"
    );
    assert!(
        !requests
            .iter()
            .any(|l| l.contains("/healthz") || l.contains("/readyz")),
        "health checks that pass stay out of the log: {written}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn a_trusted_proxy_that_is_not_an_address_is_named_and_nothing_is_created() -> TestResult {
    let dir = scratch();
    let output = binary()
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--trusted-proxy",
            "10.0.0.0/8,proxy.local",
            "--data-dir",
        ])
        .arg(dir.join("data"))
        .current_dir(&dir)
        .output()?;
    assert!(!output.status.success());
    assert_eq!(
        stderr_lines(&output),
        ["eportfolio: trusted proxy \"proxy.local\" is not an address or a range like 10.0.0.0/8"]
    );
    assert!(!dir.join("data/eportfolio.db").exists(), "no database made");
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn serve_on_postgresql_without_a_shared_key_and_address_says_so_in_one_line() -> TestResult {
    let dir = scratch();
    let output = binary()
        .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir.join("data"))
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/x")
        .env("EPORTFOLIO_PUBLIC_URL", "https://eportfolio.example.org")
        .env_remove("EPORTFOLIO_JWT_KEY")
        .env_remove("EPORTFOLIO_KEY_ENCRYPTION_KEY")
        .output()?;
    assert!(!output.status.success());
    assert_eq!(
        stderr_lines(&output),
        [
            "eportfolio: on PostgreSQL every node needs the same keys and public address: give --jwt-key (EPORTFOLIO_JWT_KEY) and --key-encryption-key (EPORTFOLIO_KEY_ENCRYPTION_KEY)"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
