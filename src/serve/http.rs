//! A small HTTP/1.1 server for the built site: `GET` and `HEAD` of the output folder's
//! files, the reload script and the reload event stream. One thread per connection.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::thread;
use std::time::Duration;

use super::reload::{self, Hub};
use crate::diagnostic::{Diagnostic, Result};

/// The longest request head read; longer ones are cut off.
const MAX_HEAD: u64 = 16 * 1024;
/// How long a connection may take to send its request.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How often an idle event stream is sent a comment, to notice closed pages.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The listening server, not yet answering.
pub struct Server {
    listener: TcpListener,
    site: Arc<Site>,
}

/// What requests are answered from.
struct Site {
    out: PathBuf,
    hub: Arc<Hub>,
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
        thread::spawn(move || {
            for stream in self.listener.incoming().flatten() {
                let site = Arc::clone(&self.site);
                thread::spawn(move || {
                    let _ = answer(stream, &site);
                });
            }
        });
    }
}

fn answer(mut stream: TcpStream, site: &Site) -> io::Result<()> {
    stream.set_read_timeout(Some(REQUEST_TIMEOUT))?;
    let (method, target) = read_request(&stream)?;
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let response = match (method.as_str(), path) {
        ("GET", reload::EVENTS_PATH) => return stream_events(stream, &site.hub),
        ("GET" | "HEAD", reload::SCRIPT_PATH) => Response::ok("js", reload::SCRIPT.into()),
        ("GET" | "HEAD", _) => site.file(path),
        _ => Response::error("405 Method Not Allowed"),
    };
    response.write_to(&mut stream, method == "HEAD")
}

/// The method and target of the request line; the headers are read and ignored.
fn read_request(stream: &TcpStream) -> io::Result<(String, String)> {
    let mut reader = BufReader::new(stream.take(MAX_HEAD));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 0 && !header.trim().is_empty() {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(method), Some(target)) => Ok((method.to_owned(), target.to_owned())),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no request line",
        )),
    }
}

/// Sends build outcomes to one page until it goes away.
fn stream_events(mut stream: TcpStream, hub: &Hub) -> io::Result<()> {
    let outcomes = hub.subscribe();
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
    /// The output file at the URL path `path`, read now so that a rebuilt output
    /// folder is served as soon as it is swapped in. Pages get the reload script.
    fn file(&self, path: &str) -> Response {
        let Some(file) = self.resolve(path) else {
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

    fn write_to(&self, stream: &mut TcpStream, head_only: bool) -> io::Result<()> {
        write!(
            stream,
            "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.status,
            self.content_type,
            self.body.len()
        )?;
        if !head_only {
            stream.write_all(&self.body)?;
        }
        stream.flush()
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
        }
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
