//! `rapport serve`: builds the site, serves it on this machine, rebuilds it when an
//! input changes and reloads the open pages (or shows them the build error).

mod http;
mod reload;
mod watch;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use self::reload::{Hub, Outcome};
use crate::diagnostic::{Diagnostic, Result};
use crate::pipeline;
use crate::render::pdf::KeptPdf;
use crate::render::{self, Renderer};

/// How long the inputs must stay quiet before a rebuild: an editor's save is a burst
/// of events (write, rename, attributes) that should give one build.
const QUIET: Duration = Duration::from_millis(25);

/// How long the PDF waits after a rebuild of the site: not at all, it is retypeset
/// at once (incrementally, see
/// [`Typesetter`](crate::render::pdf::Typesetter)) unless another edit is already waiting.
const PDF_QUIET: Duration = Duration::ZERO;

/// The two kinds of build, each with its renderers, kept from build to build (the PDF
/// renderer keeps what it typeset).
struct Builds {
    /// A rebuild after an edit: the site at once, keeping the last PDF.
    quick: Vec<Box<dyn Renderer>>,
    /// The first build, and the one right after the site's when no edit waits: site
    /// and PDF.
    full: Vec<Box<dyn Renderer>>,
}

impl Builds {
    fn new(out: &Path) -> Result<Builds> {
        let mut quick = render::by_names(&["html"])?;
        quick.push(Box::new(KeptPdf {
            out: out.to_path_buf(),
        }));
        Ok(Builds {
            quick,
            full: render::by_names(&["html", "pdf"])?,
        })
    }
}

/// Which of the [`Builds`] to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Build {
    Quick,
    Full,
}

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
    crate::output::check_target(&options.root, &options.out)?;
    let (signals, received) = mpsc::channel();
    let hub = Arc::new(Hub::default());
    let server = http::Server::bind(options.addr, &options.out, Arc::clone(&hub))?;
    let url = format!("http://{}/", server.local_addr()?);
    let mut inputs = watch::Inputs::start(&options.root, &options.out, signals.clone())?;
    stop_on_ctrl_c(signals)?;
    let mut builds = Builds::new(&options.out)?;
    if let Err(diagnostic) = rebuild(options, &hub, Build::Full, &mut builds) {
        show_error(&hub, diagnostic);
    }
    server.spawn();
    println!("Serving {} at {url} (Ctrl-C stops)", options.root.display());
    if options.open {
        open_browser(&url);
    }
    let mut pdf_due = false;
    let mut pending = None;
    loop {
        let wait = pdf_due.then_some(PDF_QUIET);
        match pending
            .take()
            .unwrap_or_else(|| next_change(&received, wait))
        {
            Wake::Changed(changed) => {
                inputs.follow(&changed);
                let built = rebuild(options, &hub, Build::Quick, &mut builds);
                pdf_due = built
                    .map_err(|diagnostic| show_error(&hub, diagnostic))
                    .is_ok();
            }
            Wake::Quiet => {
                pdf_due = false;
                if let Err(diagnostic) = rebuild(options, &hub, Build::Full, &mut builds) {
                    // An edit saved while the PDF was typeset makes its error stale
                    // (it may have read a half-written file): that edit's build reports.
                    match next_change(&received, Some(QUIET)) {
                        Wake::Quiet => show_error(&hub, diagnostic),
                        wake => pending = Some(wake),
                    }
                }
            }
            Wake::Stop => break,
        }
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

/// Why the serving loop wakes up.
enum Wake {
    /// A burst of changes to these files ended.
    Changed(Vec<PathBuf>),
    /// No edit is waiting: time to typeset the PDF.
    Quiet,
    Stop,
}

/// Waits for the next burst of changes, for at most `wait` when given (when a PDF is
/// due, only looking whether one is waiting).
fn next_change(received: &Receiver<Signal>, wait: Option<Duration>) -> Wake {
    let first = match wait {
        Some(wait) => received.recv_timeout(wait),
        None => received.recv().map_err(|_| RecvTimeoutError::Disconnected),
    };
    let mut changed = match first {
        Ok(Signal::Changed(path)) => vec![path],
        Err(RecvTimeoutError::Timeout) => return Wake::Quiet,
        Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
    };
    loop {
        match received.recv_timeout(QUIET) {
            Ok(Signal::Changed(path)) => changed.push(path),
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Wake::Stop,
            Err(RecvTimeoutError::Timeout) => return Wake::Changed(changed),
        }
    }
}

/// Builds and tells the terminal and the open pages that it succeeded; a failed build
/// leaves the output folder, and so the served site, as it was. A full build changes
/// only the PDF, so the pages are not reloaded for it.
fn rebuild(options: &Options, hub: &Hub, build: Build, builds: &mut Builds) -> Result<()> {
    let started = Instant::now();
    let (renderers, what) = match build {
        Build::Quick => (&mut builds.quick, "site"),
        Build::Full => (&mut builds.full, "site and PDF"),
    };
    let built = pipeline::build(&options.root, &options.out, renderers)?;
    println!(
        "Built the {what} ({} chapters) in {} ms.",
        built.chapters,
        started.elapsed().as_millis()
    );
    if build == Build::Quick {
        hub.publish(Outcome::Reload);
    }
    Ok(())
}

/// Shows a build error in the terminal and over the open pages.
fn show_error(hub: &Hub, diagnostic: Diagnostic) {
    let text = diagnostic.render();
    eprint!("{text}");
    hub.publish(Outcome::Error(text));
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
