//! `rapport serve`: builds the site, serves it on this machine, rebuilds it when an
//! input changes and reloads the open pages (or shows them the build error).

mod http;
mod reload;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use self::reload::{Hub, Outcome};
use crate::diagnostic::{Diagnostic, Result};
use crate::pipeline::{self, Formats};

/// How long the inputs must stay quiet before a rebuild: an editor's save is a burst
/// of events (write, rename, attributes) that should give one build.
const QUIET: Duration = Duration::from_millis(25);

/// What each rebuild writes. The PDF takes far longer than the site, so it is left to
/// `rapport build`; a debounced PDF rebuild would be started next to this one.
const FORMATS: Formats = Formats {
    html: true,
    pdf: false,
};

/// What `rapport serve` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The report folder.
    pub root: PathBuf,
    /// The output folder, rebuilt and served.
    pub out: PathBuf,
    /// Where to listen (port 0: any free port).
    pub addr: SocketAddr,
    /// Whether to open the site in the browser.
    pub open: bool,
}

/// What the serving loop reacts to.
#[derive(Debug)]
pub enum Signal {
    /// An input file changed.
    Changed(PathBuf),
    /// Ctrl-C.
    Stop,
}

/// Serves the report until Ctrl-C: the first build, then one build per burst of changes.
pub fn serve(options: &Options) -> Result<()> {
    let (signals, received) = mpsc::channel();
    let hub = Arc::new(Hub::default());
    let server = http::Server::bind(options.addr, &options.out, Arc::clone(&hub))?;
    let url = format!("http://{}/", server.local_addr()?);
    let mut inputs = watch::Inputs::start(&options.root, &options.out, signals.clone())?;
    stop_on_ctrl_c(signals)?;
    rebuild(options, &hub);
    server.spawn();
    println!("Serving {} at {url} (Ctrl-C stops)", options.root.display());
    if options.open {
        open_browser(&url);
    }
    while let Some(changed) = next_change(&received) {
        inputs.follow(&changed);
        rebuild(options, &hub);
    }
    println!("Stopped.");
    Ok(())
}

fn stop_on_ctrl_c(signals: Sender<Signal>) -> Result<()> {
    ctrlc::set_handler(move || {
        let _ = signals.send(Signal::Stop);
    })
    .map_err(|e| Diagnostic::error(format!("cannot catch Ctrl-C: {e}")))
}

/// The files changed in the next burst of changes; `None` when it is time to stop.
fn next_change(received: &Receiver<Signal>) -> Option<Vec<PathBuf>> {
    let mut changed = match received.recv().ok()? {
        Signal::Changed(path) => vec![path],
        Signal::Stop => return None,
    };
    loop {
        match received.recv_timeout(QUIET) {
            Ok(Signal::Changed(path)) => changed.push(path),
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(changed),
        }
    }
}

/// Builds the site and tells the terminal and the open pages how it went. A failed
/// build leaves the output folder, and so the served site, as it was.
fn rebuild(options: &Options, hub: &Hub) {
    let started = Instant::now();
    match pipeline::build(&options.root, &options.out, FORMATS) {
        Ok(built) => {
            println!(
                "Built {} chapters in {} ms.",
                built.chapters,
                started.elapsed().as_millis()
            );
            hub.publish(Outcome::Reload);
        }
        Err(diagnostic) => {
            let text = diagnostic.render();
            eprint!("{text}");
            hub.publish(Outcome::Error(text));
        }
    }
}

/// Opens `url` in the desktop's browser, if there is one; failing is fine.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
