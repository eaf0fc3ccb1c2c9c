//! `TestApp`: the application built as `serve` builds it, on its own fresh database.

use std::sync::Arc;

use actix_web::http::header::HeaderMap;
use actix_web::http::{Method, StatusCode};
use actix_web::{test, web};
use eportfolio::clock::FixedClock;
use eportfolio::curriculum::{self, Curriculum};
use eportfolio::store::testing::TestDb;
use eportfolio::web::application::{Parts, assemble};
use eportfolio::web::settings::Settings;
use eportfolio::web::{AppState, Application, build_app};

/// The evidence file limit in tests (small, so the over-the-limit test is cheap).
pub const UPLOAD_LIMIT: u64 = 1024 * 1024;

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The key the test app signs tokens with.
pub const SIGNING_KEY: &[u8] = b"test signing key, at least 32 bytes long";

/// Where the test app's clock starts: 2027-01-15T08:00:00Z.
pub const START: i64 = 1_800_000_000;

/// Where the test app says it is reached (`Origin` of its own pages, links in mail).
pub const ORIGIN: &str = "http://localhost";

/// The shipped curriculum, loaded and checked once per test process (every app shares it).
fn shipped_curriculum() -> Result<Arc<Curriculum>, Box<dyn std::error::Error>> {
    static SHIPPED: std::sync::OnceLock<Result<Arc<Curriculum>, String>> =
        std::sync::OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            curriculum::shipped()
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Into::into)
}

pub struct TestApp {
    pub db: TestDb,
    state: web::Data<AppState>,
    clock: Arc<FixedClock>,
    settings: Settings,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (PDFs, ZIP files).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The value of a cookie the response sets (`Set-Cookie: name=value; …`).
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| n.trim() == name)
            .map(|(_, value)| value.trim().to_owned())
    }

    /// The value of the first hidden form field `name` in the page (`name="…" value="…"`).
    pub fn field(&self, name: &str) -> Option<String> {
        let marker = format!("name=\"{name}\" value=\"");
        let start = self.body.find(&marker)? + marker.len();
        let rest = self.body.get(start..)?;
        rest.find('"')
            .and_then(|end| rest.get(..end))
            .map(str::to_owned)
    }
}

/// A request to send to the app: method, path, headers and body.
#[derive(Debug, Clone)]
pub struct Req {
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    body: Vec<u8>,
    /// The socket's peer; none, as actix's test requests have, unless set.
    peer: Option<std::net::SocketAddr>,
}

impl Req {
    pub fn new(method: Method, path: &str) -> Self {
        Self {
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Vec::new(),
            peer: None,
        }
    }

    /// Sent from this network address (the socket's peer).
    pub fn peer(mut self, address: &str) -> Self {
        self.peer = address
            .parse::<std::net::IpAddr>()
            .ok()
            .map(|ip| std::net::SocketAddr::new(ip, 40_000));
        self
    }

    pub fn get(path: &str) -> Self {
        Self::new(Method::GET, path)
    }

    pub fn post(path: &str) -> Self {
        Self::new(Method::POST, path)
    }

    pub fn delete(path: &str) -> Self {
        Self::new(Method::DELETE, path)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    /// A cookie (all cookies go in one `Cookie` header).
    pub fn cookie(mut self, name: &str, value: &str) -> Self {
        self.cookies.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The page session cookie.
    pub fn session(self, token: &str) -> Self {
        self.cookie("eportfolio_session", token)
    }

    /// `Origin` of the app's own pages.
    pub fn same_origin(self) -> Self {
        self.header("origin", ORIGIN)
    }

    pub fn json(mut self, value: &serde_json::Value) -> Self {
        self.body = value.to_string().into_bytes();
        self.header("content-type", "application/json")
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        self.body = form_encode(pairs).into_bytes();
        self.header("content-type", "application/x-www-form-urlencoded")
    }

    /// A `multipart/form-data` body: (field name, file name for a file, content).
    pub fn multipart(mut self, fields: &[(&str, Option<&str>, &str)]) -> Self {
        const BOUNDARY: &str = "eportfolio-test-boundary";
        let mut body = String::new();
        for (name, file_name, content) in fields {
            body.push_str(&format!("--{BOUNDARY}\r\n"));
            match file_name {
                Some(file) => body.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n"
                )),
                None => body.push_str(&format!(
                    "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                )),
            }
            body.push_str(content);
            body.push_str("\r\n");
        }
        body.push_str(&format!("--{BOUNDARY}--\r\n"));
        self.body = body.into_bytes();
        self.header(
            "content-type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )
    }

    pub fn body(mut self, bytes: Vec<u8>) -> Self {
        self.body = bytes;
        self
    }
}

/// Percent-encode form fields as a browser does.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    fn encode(text: &str) -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_owned(),
                other => format!("%{other:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    /// The application assembled as `serve` assembles it (`Application`'s `assemble`), on a fresh
    /// database, with a fixed clock and the curriculum read once per test process.
    pub fn new() -> Result<Self, Box<dyn std::error::Error>> {
        Self::behind(Vec::new())
    }

    /// The application behind these trusted proxies (`--trusted-proxy`).
    pub fn behind(trusted_proxies: Vec<String>) -> Result<Self, Box<dyn std::error::Error>> {
        Self::build(trusted_proxies, None)
    }

    /// The application keeping its files in `files` (a store that fails, for the fault tests).
    pub fn with_file_store(
        files: Arc<dyn eportfolio::files::FileStore>,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        Self::build(Vec::new(), Some(files))
    }

    fn build(
        trusted_proxies: Vec<String>,
        files: Option<Arc<dyn eportfolio::files::FileStore>>,
    ) -> Result<Self, Box<dyn std::error::Error>> {
        let db = TestDb::new()?;
        let clock = Arc::new(FixedClock::at(
            chrono::DateTime::from_timestamp(START, 0).unwrap_or_default(),
        ));
        let settings = Settings {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: db.folder().to_path_buf(),
            database_url: None,
            file_store: None,
            curriculum_dir: None,
            workers: Some(1),
            public_url: Some(ORIGIN.to_owned()),
            jwt_key: Some(std::str::from_utf8(SIGNING_KEY)?.to_owned()),
            smtp_url: None,
            mail_from: "eportfolio <noreply@localhost>".to_owned(),
            demo: false,
            max_upload_bytes: UPLOAD_LIMIT,
            trusted_proxies,
            key_encryption_key: None,
            previous_key_encryption_keys: Vec::new(),
            platform_admins_two_step: true,
            serving: eportfolio::web::settings::Serving::default(),
        };
        let parts = Parts {
            db: Some(db.db().clone()),
            clock: Some(clock.clone()),
            curriculum: Some(shipped_curriculum()?),
            files,
        };
        let state = web::Data::new(assemble(&settings, parts)?);
        Ok(Self {
            db,
            state,
            clock,
            settings,
        })
    }

    /// Start the app again on the same database, files and clock with these key-encryption
    /// keys (`--key-encryption-key`, `--previous-key-encryption-key`), as an operator rotating
    /// the key does. On error the running app is left as it was.
    pub fn restart_with_keys(
        &mut self,
        current: &str,
        previous: &[&str],
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut settings = self.settings.clone();
        settings.key_encryption_key = Some(current.to_owned());
        settings.previous_key_encryption_keys = previous.iter().map(|k| (*k).to_owned()).collect();
        let parts = Parts {
            db: Some(self.db.db().clone()),
            clock: Some(self.clock.clone()),
            curriculum: Some(shipped_curriculum()?),
            files: Some(self.state.files.clone()),
        };
        self.state = web::Data::new(assemble(&settings, parts)?);
        self.settings = settings;
        Ok(())
    }

    /// The state the app's handlers see (for calling library functions as a handler would).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The app's clock; tests move it forward.
    pub fn clock(&self) -> &FixedClock {
        &self.clock
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// Serve the same app on a real socket (127.0.0.1, a free port) for tests that need TCP, such
    /// as a client that disconnects half-way. The server runs until the test's runtime ends.
    pub fn serve(&self) -> Result<std::net::SocketAddr, Box<dyn std::error::Error>> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let server = Application::listen(listener, self.state.clone(), Some(1))?;
        actix_web::rt::spawn(server.run());
        Ok(addr)
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Req::get(path)).await
    }

    /// Send any request. `Host: localhost` unless the request names another host.
    pub async fn send(&self, request: Req) -> Reply {
        let app = test::init_service(build_app(self.state.clone())).await;
        let mut builder = test::TestRequest::default()
            .method(request.method)
            .uri(&request.path);
        if !request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("host"))
        {
            builder = builder.insert_header(("host", "localhost"));
        }
        for (name, value) in request.headers {
            builder = builder.append_header((name, value));
        }
        if !request.cookies.is_empty() {
            let cookies: Vec<String> = request
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            builder = builder.insert_header(("cookie", cookies.join("; ")));
        }
        if let Some(peer) = request.peer {
            builder = builder.peer_addr(peer);
        }
        let request = builder.set_payload(request.body).to_request();
        match test::try_call_service(&app, request).await {
            Ok(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                let bytes = test::try_read_body(response).await.unwrap_or_default();
                Reply {
                    status,
                    headers,
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                    bytes: bytes.to_vec(),
                }
            }
            Err(error) => {
                let response = error.as_response_error().error_response();
                let status = response.status();
                let headers = response.headers().clone();
                let bytes = actix_web::body::to_bytes(response.into_body())
                    .await
                    .unwrap_or_default();
                Reply {
                    status,
                    headers,
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                    bytes: bytes.to_vec(),
                }
            }
        }
    }
}

/// A multipart upload of raw bytes in the field `file`, with a bearer token.
pub fn upload(path: &str, token: &str, file_name: &str, bytes: &[u8]) -> Req {
    const BOUNDARY: &str = "test-upload-boundary";
    let mut body = format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Req::post(path).bearer(token).body(body).header(
        "content-type",
        &format!("multipart/form-data; boundary={BOUNDARY}"),
    )
}

/// Whether Python can import `module` (a test server the test starts: aiosmtpd, moto).
pub fn python_has(module: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
