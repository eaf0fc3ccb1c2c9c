//! A real S3-compatible server for the tests: moto's server mode (`python3 -m pip install
//! 'moto[server]'`, which `.ci/run` does), on a free port, killed when dropped.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use eportfolio::files::ObjectFiles;
use object_store::aws::AmazonS3Builder;

type Failure = Box<dyn std::error::Error>;

pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    pub fn start() -> Result<Self, Failure> {
        if !crate::support::python_has("moto.server") {
            return Err("this test needs moto's S3-compatible server: \
                 `python3 -m pip install 'moto[server]'`"
                .into());
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p"])
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let mut moto = Self { child, port };
        moto.wait_until_listening()?;
        Ok(moto)
    }

    fn wait_until_listening(&mut self) -> Result<(), Failure> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            if let Some(status) = self.child.try_wait()? {
                return Err(format!("moto's server exited before listening: {status}").into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "moto's server did not listen on port {} within 30 s",
            self.port
        )
        .into())
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Creates `bucket` (moto does not check signatures, so a bare PUT does).
    pub fn create_bucket(&self, bucket: &str) -> Result<(), Failure> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        write!(
            stream,
            "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        if !answer.starts_with("HTTP/1.1 200") {
            return Err(format!("moto refused to create the bucket: {answer}").into());
        }
        Ok(())
    }

    /// A file store in a new bucket of this server, under `prefix`.
    pub fn store(&self, bucket: &str, prefix: &str) -> Result<ObjectFiles, Failure> {
        self.create_bucket(bucket)?;
        let s3 = AmazonS3Builder::new()
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_region("eu-west-2")
            .with_bucket_name(bucket)
            .with_access_key_id("test")
            .with_secret_access_key("test");
        Ok(ObjectFiles::s3(s3, prefix)?)
    }
}

impl Moto {
    /// The server goes away (as an object store that stops answering).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}
