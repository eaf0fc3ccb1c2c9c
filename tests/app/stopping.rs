//! Issue 18 (item 6): stopping and slow clients, on the real binary over real sockets. A body
//! that goes quiet is cut with 408 and words; on SIGTERM `/readyz` turns 503 at once (for new
//! and kept-alive connections alike), each answer closes its connection, a request already in
//! flight is answered in full, and the process exits within its drain and grace periods.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error>;

/// A served node on a free port with a fresh data folder, stopped (killed) when dropped.
struct Node {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Node {
    fn start() -> Result<Self, Error> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let dir = tempfile::tempdir()?;
        let mut command = Command::new(env!("CARGO_BIN_EXE_eportfolio"));
        for (key, _) in std::env::vars() {
            if key.starts_with("EPORTFOLIO_") || key == "DATABASE_URL" || key == "SMTP_URL" {
                command.env_remove(key);
            }
        }
        let child = command
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--workers",
                "2",
            ])
            .args(["--drain-seconds", "2", "--body-timeout-seconds", "1"])
            .arg("--data-dir")
            .arg(dir.path())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let node = Self {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if let Ok(mut c) = node.connect()
                && send(&mut c, "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .is_ok_and(|r| r.starts_with("http/1.1 200"))
            {
                return Ok(node);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err("the node did not become ready".into())
    }

    fn connect(&self) -> std::io::Result<TcpStream> {
        let stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(10)))?;
        Ok(stream)
    }

    fn terminate(&self) -> Result<(), Error> {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        if !status.success() {
            return Err("kill -TERM failed".into());
        }
        Ok(())
    }
}

/// Read one answer: its head (lower-cased) and its body, by Content-Length.
fn read_answer(stream: &mut TcpStream) -> Result<String, Error> {
    let mut seen = Vec::new();
    let mut byte = [0_u8; 1];
    while !seen.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte)? == 0 {
            return Err("the connection closed before an answer".into());
        }
        seen.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&seen).to_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0_u8; length];
    stream.read_exact(&mut body)?;
    Ok(format!("{head}{}", String::from_utf8_lossy(&body)))
}

fn send(stream: &mut TcpStream, raw: &str) -> Result<String, Error> {
    stream.write_all(raw.as_bytes())?;
    read_answer(stream)
}

const FORM_HEAD: &str = "POST /sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n";

#[test]
fn a_quiet_body_is_cut_and_a_stopping_node_drains_without_cutting_work() -> Result<(), Error> {
    let mut node = Node::start()?;

    // A body that stops arriving: 408 in words, after about the body timeout.
    let mut quiet = node.connect()?;
    let started = Instant::now();
    quiet.write_all(format!("{FORM_HEAD}Content-Length: 100\r\n\r\nemail=a").as_bytes())?;
    let cut = read_answer(&mut quiet)?;
    assert!(cut.starts_with("http/1.1 408"), "{cut}");
    assert!(cut.contains("stopped arriving"), "{cut}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "cut after {:?}",
        started.elapsed()
    );

    // A kept-alive connection, and a request whose body is half sent when SIGTERM comes.
    let mut kept = node.connect()?;
    let first = send(
        &mut kept,
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
    )?;
    assert!(first.starts_with("http/1.1 200"), "{first}");
    let body = "email=someone%40example.org&password=not-the-password&csrf_token=x";
    let mut in_flight = node.connect()?;
    let (half, rest) = body.split_at(body.len() / 2);
    write!(
        in_flight,
        "{FORM_HEAD}Content-Length: {}\r\n\r\n{half}",
        body.len()
    )?;
    in_flight.flush()?;
    let stop_asked = Instant::now();
    node.terminate()?;
    std::thread::sleep(Duration::from_millis(400));

    // Not ready at once, on the kept connection (which then closes) and on a new one.
    let not_ready = send(&mut kept, "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")?;
    assert!(not_ready.starts_with("http/1.1 503"), "{not_ready}");
    assert!(not_ready.contains("connection: close"), "{not_ready}");
    let mut fresh = node.connect()?;
    let also = send(
        &mut fresh,
        "GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n",
    )?;
    assert!(also.starts_with("http/1.1 503"), "{also}");

    // The request in flight is answered in full.
    in_flight.write_all(rest.as_bytes())?;
    let answered = read_answer(&mut in_flight)?;
    assert!(answered.starts_with("http/1.1 "), "{answered}");
    assert!(!answered.starts_with("http/1.1 5"), "{answered}");

    // The process ends on its own within the drain and grace periods, successfully.
    let deadline = stop_asked + Duration::from_secs(20);
    loop {
        if let Some(status) = node.child.try_wait()? {
            assert!(status.success(), "exit {status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the node did not stop within 20 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}
