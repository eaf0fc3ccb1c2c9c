//! Mail queued while the SMTP server is down is delivered once it is back, against a real SMTP
//! server (Python's aiosmtpd, which prints each message it receives).

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use eportfolio::mail::{DEFAULT_FROM, deliver_due, transport_from_settings};
use eportfolio::store::mail_queue::{self, NewMail};
use eportfolio::store::testing::TestDb;
use eportfolio::store::write_transaction;

use crate::support::TestResult;

/// An aiosmtpd server on `port`, killed when dropped; what it prints is collected.
struct SmtpServer {
    child: Child,
    output: Arc<Mutex<String>>,
}

impl SmtpServer {
    fn start(port: u16) -> Result<Self, Box<dyn std::error::Error>> {
        if !crate::support::python_has("aiosmtpd") {
            return Err(
                "this test needs Python's aiosmtpd: `python3 -m pip install aiosmtpd`".into(),
            );
        }
        let mut child = Command::new("python3")
            .args(["-u", "-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let output = Arc::new(Mutex::new(String::new()));
        if let Some(stdout) = child.stdout.take() {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let mut text = output.lock().unwrap_or_else(|p| p.into_inner());
                    text.push_str(&line);
                    text.push('\n');
                }
            });
        }
        let mut server = Self { child, output };
        server.wait_until_listening(port)?;
        Ok(server)
    }

    fn wait_until_listening(&mut self, port: u16) -> Result<(), Box<dyn std::error::Error>> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                return Err(format!("aiosmtpd exited before listening: {status}").into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!("aiosmtpd did not listen on port {port} within 30 s").into())
    }

    /// Wait (bounded) until the server has printed `needle`.
    fn printed(&self, needle: &str) -> bool {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let text = self.output.lock().unwrap_or_else(|p| p.into_inner());
            if text.contains(needle) {
                return true;
            }
            drop(text);
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn at(hour: u32, minute: u32) -> Result<NaiveDateTime, Box<dyn std::error::Error>> {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(hour, minute, 0))
        .ok_or_else(|| "bad test time".into())
}

#[actix_web::test]
async fn mail_queued_while_the_smtp_server_is_down_is_delivered_once_it_is_back() -> TestResult {
    let test_db = TestDb::new()?;
    let db = test_db.db().clone();
    let subject = format!(
        "Witness testimony requested {}",
        uuid::Uuid::new_v4().simple()
    );
    let mail = NewMail {
        to_address: "witness@example.org".into(),
        to_name: "Wendy Witness".into(),
        subject: subject.clone(),
        body_text: "Please confirm what you observed.".into(),
    };
    let queued_at = at(9, 0)?;
    let id = write_transaction(&mut *db.get()?, |conn| {
        mail_queue::enqueue(conn, &mail, queued_at)
    })?;

    // A free port where nothing listens yet: the mail server is down.
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let smtp_url = format!("smtp://127.0.0.1:{port}");
    let transport = transport_from_settings(
        Some(&smtp_url),
        DEFAULT_FROM,
        &test_db.folder().join("outbox"),
    )?;

    let report = deliver_due(&db, transport.clone(), queued_at).await?;
    assert_eq!((report.sent, report.failed), (0, 1));
    let queued = mail_queue::find(&mut *db.get()?, &id)?.ok_or("the mail was lost")?;
    assert_eq!(queued.attempts, 1);
    assert_eq!(queued.sent_at, None);
    assert!(queued.next_attempt_at > queued_at, "{queued:?}");
    assert!(queued.last_error.is_some());

    let server = SmtpServer::start(port)?;
    // Not due yet: nothing is tried before the retry time.
    let early = deliver_due(&db, transport.clone(), queued_at).await?;
    assert_eq!((early.sent, early.failed), (0, 0));

    let later = queued.next_attempt_at + chrono::TimeDelta::seconds(1);
    let report = deliver_due(&db, transport.clone(), later).await?;
    assert_eq!((report.sent, report.failed), (1, 0));
    let sent = mail_queue::find(&mut *db.get()?, &id)?.ok_or("the mail was lost")?;
    assert_eq!(sent.sent_at, Some(later));
    assert_eq!(sent.attempts, 2);
    assert!(
        server.printed(&subject),
        "aiosmtpd did not print the subject {subject:?}"
    );
    Ok(())
}
