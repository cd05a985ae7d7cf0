//! A small HTTP/1.1 server for the built site: `GET` and `HEAD` of the output folder's
//! files, the reload script and the reload event stream. One thread per connection,
//! at most [`Limits::connections`] at once; each request has a deadline as a whole.
//! Only requests naming this machine (`localhost`) or an address are answered, so a web
//! page whose domain was pointed at this machine (DNS rebinding) cannot read the site.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::thread;
use std::time::{Duration, Instant};

use super::reload::{self, Hub};
use crate::diagnostic::{Diagnostic, Result};

/// The longest request head read; longer ones are cut off.
const MAX_HEAD: u64 = 16 * 1024;
/// How often an idle event stream is sent a comment, to notice closed pages; also how
/// long sending one event may take.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long to pause accepting after a failed accept (such as too many open files).
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// What the server allows each client.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Connections answered at once; more wait until one ends.
    connections: usize,
    /// How long a client may take to send its whole request head.
    request: Duration,
    /// How long a client may take to receive its whole response.
    response: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 64,
            request: Duration::from_secs(5),
            response: Duration::from_secs(60),
        }
    }
}

/// The listening server, not yet answering.
pub struct Server {
    listener: TcpListener,
    site: Arc<Site>,
}

/// What requests are answered from.
struct Site {
    out: PathBuf,
    hub: Arc<Hub>,
    limits: Limits,
}

/// The parts of a request the server reads.
#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    host: Option<String>,
}

/// A complete answer to one request.
#[derive(Debug)]
struct Response {
    status: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Server {
    /// Listens on `addr` (port 0: any free port) for the files of `out`.
    pub fn bind(addr: SocketAddr, out: &Path, hub: Arc<Hub>) -> Result<Server> {
        let listener = TcpListener::bind(addr).map_err(|e| {
            Diagnostic::error(format!("cannot listen on {addr}: {e}"))
                .with_hint("choose another port with `--port N`, or `--port 0` for any free one")
        })?;
        let site = Arc::new(Site {
            out: out.to_path_buf(),
            hub,
            limits: Limits::default(),
        });
        Ok(Server { listener, site })
    }

    /// The address actually listened on.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Diagnostic::error(format!("cannot read the server's address: {e}")))
    }

    /// Answers requests on a background thread until the process ends.
    pub fn spawn(self) {
        thread::spawn(move || self.accept());
    }

    /// Accepts connections while fewer than the limit are open; the others wait in
    /// the system's queue.
    fn accept(self) {
        let (give_back, free) = mpsc::sync_channel(self.site.limits.connections);
        for _ in 0..self.site.limits.connections {
            let _ = give_back.send(());
        }
        while free.recv().is_ok() {
            let slot = Slot(give_back.clone());
            match self.listener.accept() {
                Ok((stream, _)) => {
                    let site = Arc::clone(&self.site);
                    thread::spawn(move || {
                        let _ = answer(stream, &site);
                        drop(slot);
                    });
                }
                Err(_) => thread::sleep(ACCEPT_PAUSE),
            }
        }
    }
}

/// One of the connections allowed at once, given back when dropped.
struct Slot(SyncSender<()>);

impl Drop for Slot {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

fn answer(stream: TcpStream, site: &Site) -> io::Result<()> {
    let request = read_request(Deadline::new(&stream, site.limits.request))?;
    let path = request.target.split(['?', '#']).next().unwrap_or_default();
    let local = request.host.as_deref().is_some_and(is_local_host);
    let response = match (request.method.as_str(), percent_decoded(path)) {
        _ if !local => Response::error("403 Forbidden"),
        (_, None) => Response::error("400 Bad Request"),
        ("GET", Some(path)) if path == reload::EVENTS_PATH => {
            return stream_events(stream, &site.hub);
        }
        ("GET" | "HEAD", Some(path)) if path == reload::SCRIPT_PATH => {
            Response::ok("js", reload::SCRIPT.into())
        }
        ("GET" | "HEAD", Some(path)) => site.file(&path),
        _ => Response::error("405 Method Not Allowed"),
    };
    let head_only = request.method == "HEAD";
    response.write_to(Deadline::new(&stream, site.limits.response), head_only)
}

/// A connection whose reads or writes must all be done by one moment: a client that
/// sends or receives a byte at a time cannot stretch a request past it.
struct Deadline<'a> {
    stream: &'a TcpStream,
    end: Instant,
}

impl<'a> Deadline<'a> {
    fn new(stream: &'a TcpStream, within: Duration) -> Deadline<'a> {
        Deadline {
            stream,
            end: Instant::now() + within,
        }
    }

    /// The time left, or a timeout error once there is none.
    fn left(&self) -> io::Result<Option<Duration>> {
        let left = self.end.saturating_duration_since(Instant::now());
        match left.is_zero() {
            true => Err(io::ErrorKind::TimedOut.into()),
            false => Ok(Some(left)),
        }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(self.left()?)?;
        (&mut &*self.stream).read(buf)
    }
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(self.left()?)?;
        (&mut &*self.stream).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        (&mut &*self.stream).flush()
    }
}

/// The request line and the `Host` header; other headers are read and ignored.
fn read_request(connection: Deadline<'_>) -> io::Result<Request> {
    let mut reader = BufReader::new(connection.take(MAX_HEAD));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut host = None;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 0 && !header.trim().is_empty() {
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_owned());
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(method), Some(target)) => Ok(Request {
            method: method.to_owned(),
            target: target.to_owned(),
            host,
        }),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no request line",
        )),
    }
}

/// Whether a `Host` header names this machine (`localhost`, `*.localhost`) or an
/// address, with or without a port. A domain name is refused: it is how a web page
/// whose domain was made to point at this machine (DNS rebinding) would reach it.
fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    let name = name.to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<IpAddr>().is_ok()
}

/// A URL path with its `%XX` escapes decoded (`/min%20bild.svg` → `/min bild.svg`);
/// `None` for a broken escape or bytes that are not UTF-8.
fn percent_decoded(path: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(path.len());
    let mut rest = path.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        if byte != b'%' {
            bytes.push(byte);
            continue;
        }
        let hex = rest
            .get(..2)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
        bytes.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
        rest = &rest[2..];
    }
    String::from_utf8(bytes).ok()
}

/// Sends build outcomes to one page until it goes away.
fn stream_events(mut stream: TcpStream, hub: &Hub) -> io::Result<()> {
    let outcomes = hub.subscribe();
    stream.set_write_timeout(Some(KEEP_ALIVE))?;
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    loop {
        let event = match outcomes.recv_timeout(KEEP_ALIVE) {
            Ok(outcome) => outcome.to_event(),
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(event.as_bytes())?;
    }
}

impl Site {
    /// The output file at the (decoded) URL path `path`, read now so that a rebuilt
    /// output folder is served as soon as it is swapped in. Pages get the reload script.
    fn file(&self, path: &str) -> Response {
        let Some(file) = self.resolve(path).and_then(|file| self.confined(&file)) else {
            return Response::error("404 Not Found");
        };
        match std::fs::read(&file) {
            Ok(bytes) if is_html(&file) => {
                let page = reload::inject(&String::from_utf8_lossy(&bytes));
                Response::ok("html", page.into_bytes())
            }
            Ok(bytes) => Response::ok(extension(&file), bytes),
            Err(_) => Response::error("404 Not Found"),
        }
    }

    /// The file a URL path names inside the output folder; `None` for paths that would
    /// leave it. A folder stands for its `index.html`.
    fn resolve(&self, path: &str) -> Option<PathBuf> {
        let relative = Path::new(path.trim_start_matches('/'));
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let file = self.out.join(relative);
        Some(if file.is_dir() {
            file.join("index.html")
        } else {
            file
        })
    }

    /// `file` with symbolic links resolved, if it is a regular file that is still
    /// inside the output folder then.
    fn confined(&self, file: &Path) -> Option<PathBuf> {
        let real = file.canonicalize().ok()?;
        let inside = real.starts_with(self.out.canonicalize().ok()?);
        let regular = std::fs::metadata(&real).ok()?.is_file();
        (inside && regular).then_some(real)
    }
}

impl Response {
    fn ok(extension: &str, body: Vec<u8>) -> Response {
        Response {
            status: "200 OK",
            content_type: content_type(extension),
            body,
        }
    }

    /// An error page; an HTML one, so that it too reloads once the build works.
    fn error(status: &'static str) -> Response {
        let page = format!(
            "<!DOCTYPE html>\n<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>\n"
        );
        Response {
            status,
            content_type: content_type("html"),
            body: reload::inject(&page).into_bytes(),
        }
    }

    fn write_to(&self, mut connection: impl Write, head_only: bool) -> io::Result<()> {
        write!(
            connection,
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.status,
            self.content_type,
            self.body.len()
        )?;
        if !head_only {
            connection.write_all(&self.body)?;
        }
        connection.flush()
    }
}

fn extension(path: &Path) -> &str {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
}

fn is_html(path: &Path) -> bool {
    extension(path) == "html"
}

fn content_type(extension: &str) -> &'static str {
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(out: &Path) -> Site {
        Site {
            out: out.to_path_buf(),
            hub: Arc::default(),
            limits: Limits::default(),
        }
    }

    /// A server for the files of `out` with `limits`, answering on a background thread.
    fn serving(out: &Path, limits: Limits) -> SocketAddr {
        let server = Server {
            listener: TcpListener::bind("127.0.0.1:0").unwrap(),
            site: Arc::new(Site {
                limits,
                ..site(out)
            }),
        };
        let addr = server.local_addr().unwrap();
        server.spawn();
        addr
    }

    /// The status line of the answer to `request`.
    fn status(addr: SocketAddr, request: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer.lines().next().unwrap_or_default().to_owned()
    }

    const SHORT: Limits = Limits {
        connections: 2,
        request: Duration::from_millis(300),
        response: Duration::from_millis(300),
    };

    #[test]
    fn url_paths_are_percent_decoded() {
        assert_eq!(percent_decoded("/min%20bild.svg").unwrap(), "/min bild.svg");
        assert_eq!(
            percent_decoded("/%C3%B6versikt.svg").unwrap(),
            "/översikt.svg"
        );
        assert_eq!(percent_decoded("/a+b%2Fc").unwrap(), "/a+b/c");
        for broken in ["/a%2", "/a%zz", "/a%+1", "/%FF"] {
            assert_eq!(percent_decoded(broken), None, "{broken}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("min bild.svg"), "<svg/>").unwrap();
        let site = site(dir.path());
        assert_eq!(site.file("/min bild.svg").body, b"<svg/>");
        let dots = percent_decoded("/%2e%2e/secret").unwrap();
        assert_eq!(site.resolve(&dots), None);
    }

    #[test]
    fn only_this_machine_and_addresses_are_accepted_as_hosts() {
        for host in [
            "localhost",
            "LocalHost:8000",
            "app.localhost:8000",
            "127.0.0.1:8000",
            "[::1]:8000",
            "192.168.1.5:8000",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<head></head>").unwrap();
        let addr = serving(dir.path(), Limits::default());
        let get = |host: &str| status(addr, &format!("GET / HTTP/1.1\r\n{host}\r\n"));
        assert_eq!(get("Host: localhost\r\n"), "HTTP/1.1 200 OK");
        assert_eq!(get("Host: rebound.example\r\n"), "HTTP/1.1 403 Forbidden");
        assert_eq!(get(""), "HTTP/1.1 403 Forbidden", "no Host header");
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_output_folder_and_special_files_are_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(out.join("page.txt"), "page").unwrap();
        std::os::unix::fs::symlink("../secret.txt", out.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink("page.txt", out.join("inner.txt")).unwrap();
        let fifo = std::process::Command::new("mkfifo")
            .arg(out.join("pipe.txt"))
            .status()
            .unwrap();
        assert!(fifo.success());
        let site = site(&out);
        assert_eq!(site.file("/leak.txt").status, "404 Not Found");
        assert_eq!(site.file("/pipe.txt").status, "404 Not Found");
        assert_eq!(site.file("/inner.txt").body, b"page");
    }

    #[test]
    fn a_slow_client_is_cut_off_at_the_deadline() {
        let dir = tempfile::tempdir().unwrap();
        let addr = serving(dir.path(), SHORT);
        let mut stream = TcpStream::connect(addr).unwrap();
        let mut writer = stream.try_clone().unwrap();
        // One byte every 50 ms: each byte comes well within 300 ms of the last one.
        thread::spawn(move || {
            for byte in b"GET / HTTP/1.1\r\nX-Slow: ".iter().cycle().take(60) {
                if writer.write_all(&[*byte]).is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(50));
            }
        });
        let started = Instant::now();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let _ = stream.read(&mut [0; 64]);
        let waited = started.elapsed();
        assert!(
            waited < Duration::from_millis(1500),
            "the connection stayed open for {waited:?}"
        );
    }

    #[test]
    fn connections_beyond_the_limit_wait_for_a_free_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "a").unwrap();
        let addr = serving(dir.path(), SHORT);
        let idle: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(addr).unwrap()).collect();
        thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        let answer = status(addr, "GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let waited = started.elapsed();
        assert_eq!(answer, "HTTP/1.1 200 OK");
        assert!(
            waited >= Duration::from_millis(200),
            "answered after {waited:?}, while two idle connections held both places"
        );
        drop(idle);
    }

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let site = site(Path::new("/srv/output"));
        assert_eq!(site.resolve("/../secret"), None);
        assert_eq!(site.resolve("/fonts/../../secret"), None);
        assert_eq!(
            site.resolve("/fonts/a.otf"),
            Some(PathBuf::from("/srv/output/fonts/a.otf"))
        );
    }

    #[test]
    fn pages_get_the_script_and_other_files_do_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<head></head>").unwrap();
        std::fs::write(dir.path().join("style.css"), "p {}").unwrap();
        let site = site(dir.path());
        let page = site.file("/");
        assert_eq!(page.content_type, "text/html; charset=utf-8");
        assert!(
            String::from_utf8(page.body)
                .unwrap()
                .contains(reload::SCRIPT_PATH)
        );
        assert_eq!(site.file("/style.css").body, b"p {}");
        assert_eq!(site.file("/missing.html").status, "404 Not Found");
    }
}
