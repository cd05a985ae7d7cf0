//! `rapport serve`: pages are served with the reload script, an edit gives a reload
//! event and the new content, a broken input gives an error event while the last good
//! build stays served, fixing it recovers, and Ctrl-C stops the server cleanly.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// How long any one step may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `rapport serve --port 0`.
struct Server {
    child: Child,
    /// `host:port`, from the URL the server printed.
    addr: String,
    /// What the server prints to the terminal's error stream, line by line.
    errors: Receiver<String>,
}

/// A server-sent event: its name and its data lines joined.
#[derive(Debug)]
struct Event {
    name: String,
    data: String,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(["serve", "--port", "0", "."])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = lines_of(child.stdout.take().unwrap());
        let errors = lines_of(child.stderr.take().unwrap());
        let line = line_containing(&lines, "http://");
        let url = &line[line.find("http://").unwrap()..];
        let addr = url.trim_start_matches("http://").split('/').next().unwrap();
        Server {
            child,
            addr: addr.to_owned(),
            errors,
        }
    }

    /// The response to `GET path`: the head and the body.
    fn get(&self, path: &str) -> (String, String) {
        let mut stream = self.request(path);
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        (head.to_owned(), body.to_owned())
    }

    /// The reload events, subscribed to before this returns.
    fn events(&self) -> Receiver<Event> {
        let mut reader = BufReader::new(self.request("/__rapport/events"));
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
            line.clear();
        }
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let (mut name, mut data) = (String::new(), Vec::new());
            for line in reader.lines().map_while(Result::ok) {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = value.to_owned();
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data.push(value.to_owned());
                } else if line.is_empty() && !name.is_empty() {
                    let event = Event {
                        name: std::mem::take(&mut name),
                        data: std::mem::take(&mut data).join("\n"),
                    };
                    if sender.send(event).is_err() {
                        return;
                    }
                }
            }
        });
        receiver
    }

    fn request(&self, path: &str) -> TcpStream {
        request(&self.addr, path, &self.addr)
    }
}

/// Sends `GET path` with the `Host` header `host` to `addr`.
fn request(addr: &str, path: &str, host: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
    stream
}

/// The status line of the answer to `GET path` with the `Host` header `host`.
fn status(addr: &str, path: &str, host: &str) -> String {
    let mut answer = String::new();
    request(addr, path, host)
        .read_to_string(&mut answer)
        .unwrap();
    answer.lines().next().unwrap_or_default().to_owned()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines a child prints, read on a thread so that its pipe never fills.
fn lines_of(output: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(output).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    receiver
}

/// The next line that contains `needle`.
fn line_containing(lines: &Receiver<String>, needle: &str) -> String {
    loop {
        let line = lines
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no line with `{needle}`"));
        if line.contains(needle) {
            return line;
        }
    }
}

fn next_event(events: &Receiver<Event>) -> Event {
    events
        .recv_timeout(PATIENCE)
        .expect("no event from the server")
}

#[test]
fn pages_carry_the_reload_script_only_when_served() {
    let dir = common::fixture("basic");
    let server = Server::start(dir.path());
    let (head, page) = server.get("/inledning.html");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/html"), "{head}");
    assert!(page.contains("847 deltagare"), "{page}");
    assert!(page.contains("<script src=\"/__rapport/reload.js\" defer></script>"));
    assert!(page.contains("script-src 'self'; connect-src 'self'"));
    assert!(!common::read(&dir, "output/inledning.html").contains("<script"));

    let (head, script) = server.get("/__rapport/reload.js");
    assert!(head.contains("Content-Type: text/javascript"), "{head}");
    assert!(script.contains("EventSource"));
    assert!(
        server
            .get("/style.css")
            .0
            .contains("Content-Type: text/css")
    );
    assert!(
        server
            .get("/")
            .1
            .contains("<script src=\"/__rapport/reload.js\"")
    );
    assert!(server.get("/../report.yaml").0.starts_with("HTTP/1.1 404"));
    assert!(server.get("/saknas.html").0.starts_with("HTTP/1.1 404"));
}

#[test]
fn edits_reload_errors_keep_the_last_good_build_and_fixes_recover() {
    let dir = common::fixture("basic");
    let server = Server::start(dir.path());
    let events = server.events();
    let chapter = dir.path().join("content/01-inledning.md");
    let original = std::fs::read_to_string(&chapter).unwrap();

    let mut latencies = Vec::new();
    for edit in 1..=8 {
        let text = format!("Ändring nummer {edit}.");
        let edited = original.replacen("# Inledning\n", &format!("# Inledning\n\n{text}\n"), 1);
        let saved = Instant::now();
        std::fs::write(&chapter, edited).unwrap();
        let event = next_event(&events);
        latencies.push(saved.elapsed());
        assert_eq!(event.name, "reload", "{}", event.data);
        assert!(server.get("/inledning.html").1.contains(&text));
    }
    latencies.sort();
    println!(
        "edit → reload event over {} edits: min {:?}, median {:?}, max {:?}",
        latencies.len(),
        latencies[0],
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1]
    );

    let data = dir.path().join("data/siffror.yaml");
    let good = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, "deltagare: [1847\n").unwrap();
    let event = next_event(&events);
    assert_eq!(event.name, "error");
    assert!(event.data.contains("siffror.yaml:"), "{}", event.data);
    line_containing(&server.errors, "siffror.yaml:");
    let (head, page) = server.get("/inledning.html");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(page.contains("Ändring nummer 8."));
    let late_page = server.events();
    assert_eq!(
        next_event(&late_page).name,
        "error",
        "a page opened later sees it too"
    );

    std::fs::write(&data, good.replace("1847", "1848")).unwrap();
    assert_eq!(next_event(&events).name, "reload");
    assert!(server.get("/inledning.html").1.contains("848 deltagare"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let dir = common::fixture("basic");
    let mut server = Server::start(dir.path());
    let interrupted = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "serve did not stop");
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".rapport-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_pdf_is_kept_through_quick_rebuilds_and_typeset_right_after() {
    let dir = common::fixture("basic");
    let server = Server::start(dir.path());
    let pdf = dir.path().join("output/testrapport.pdf");
    assert!(pdf.is_file(), "the first build typesets the PDF");
    let events = server.events();
    let chapter = dir.path().join("content/01-inledning.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(
        &chapter,
        text.replace("# Inledning", "# Inledning\n\nNytt stycke om Ödeshög."),
    )
    .unwrap();
    assert_eq!(next_event(&events).name, "reload");
    assert!(pdf.is_file(), "the quick rebuild keeps the PDF");
    assert!(
        server.get("/inledning.html").1.contains("testrapport.pdf"),
        "and the site still links to it"
    );
    if common::pdf_text(&pdf).is_none() {
        return;
    }
    let typeset = (0..50).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        common::pdf_text(&pdf).is_some_and(|t| t.contains("Ödeshög"))
    });
    assert!(
        typeset,
        "the PDF is typeset again right after the site, with no wait for quiet"
    );
}

#[test]
fn escaped_names_are_found_and_requests_for_other_hosts_refused() {
    let dir = common::fixture("basic");
    let server = Server::start(dir.path());
    std::fs::write(dir.path().join("output/min bild.svg"), "<svg/>").unwrap();
    std::fs::write(dir.path().join("output/översikt.svg"), "<svg/>").unwrap();
    let addr = server.addr.as_str();
    assert_eq!(status(addr, "/min%20bild.svg", addr), "HTTP/1.1 200 OK");
    assert_eq!(status(addr, "/%C3%B6versikt.svg", addr), "HTTP/1.1 200 OK");
    assert_eq!(status(addr, "/", "localhost"), "HTTP/1.1 200 OK");
    assert_eq!(
        status(addr, "/", "rebound.example:8000"),
        "HTTP/1.1 403 Forbidden"
    );
}

#[test]
fn no_request_fails_while_the_site_is_rebuilt() {
    let dir = common::fixture("basic");
    let server = Server::start(dir.path());
    let events = server.events();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let client = {
        let (addr, done) = (server.addr.clone(), std::sync::Arc::clone(&done));
        thread::spawn(move || {
            let mut failed = Vec::new();
            let mut requests = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                for path in ["/inledning.html", "/style.css", "/"] {
                    let answer = status(&addr, path, &addr);
                    requests += 1;
                    if answer != "HTTP/1.1 200 OK" {
                        failed.push(format!("{path}: {answer}"));
                    }
                }
            }
            (requests, failed)
        })
    };
    let chapter = dir.path().join("content/01-inledning.md");
    let original = std::fs::read_to_string(&chapter).unwrap();
    for edit in 1..=10 {
        let edited = original.replacen(
            "# Inledning\n",
            &format!("# Inledning\n\nÄndring {edit}.\n"),
            1,
        );
        std::fs::write(&chapter, edited).unwrap();
        assert_eq!(next_event(&events).name, "reload");
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let (requests, failed) = client.join().unwrap();
    assert!(requests > 30, "only {requests} requests");
    assert!(
        failed.is_empty(),
        "{} of {requests} failed: {failed:?}",
        failed.len()
    );
}
