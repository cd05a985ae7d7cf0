//! Live reload: the build outcomes sent to open pages over server-sent events, and the
//! script that receives them, added to pages only as they are served.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, PoisonError};

/// Where pages fetch the reload script.
pub const SCRIPT_PATH: &str = "/__rapport/reload.js";
/// Where the script listens for build outcomes.
pub const EVENTS_PATH: &str = "/__rapport/events";
/// The reload script: reloads the page after a build, shows a failed build's message.
pub const SCRIPT: &str = include_str!("reload.js");

/// What a rebuild ended with, as told to open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Reload,
    /// The rendered diagnostic of a failed build.
    Error(String),
}

impl Outcome {
    /// The outcome as one server-sent event.
    pub fn to_event(&self) -> String {
        match self {
            Outcome::Reload => "event: reload\ndata: \n\n".to_owned(),
            Outcome::Error(text) => {
                let data: String = text.lines().map(|l| format!("data: {l}\n")).collect();
                format!("event: error\n{data}\n")
            }
        }
    }
}

/// The open pages and the last build error, shared by the builder and the server.
#[derive(Debug, Default)]
pub struct Hub {
    state: Mutex<HubState>,
}

#[derive(Debug, Default)]
struct HubState {
    pages: Vec<Sender<Outcome>>,
    error: Option<Outcome>,
}

impl Hub {
    /// A new page's stream of outcomes; it starts with the current error, if any.
    pub fn subscribe(&self) -> Receiver<Outcome> {
        let (sender, receiver) = mpsc::channel();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(error) = &state.error {
            let _ = sender.send(error.clone());
        }
        state.pages.push(sender);
        receiver
    }

    /// Tells every open page; forgets pages that have closed.
    pub fn publish(&self, outcome: Outcome) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.error = matches!(outcome, Outcome::Error(_)).then(|| outcome.clone());
        state
            .pages
            .retain(|page| page.send(outcome.clone()).is_ok());
    }
}

/// A built page as served: with the reload script and a Content-Security-Policy that
/// allows it (the built file itself stays script-free).
pub fn inject(html: &str) -> String {
    let mut html = allow_script(html);
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>\n");
    let at = html.find("</head>").unwrap_or(html.len());
    html.insert_str(at, &tag);
    html
}

/// Adds same-origin scripts and connections to the page's CSP meta tag, if it has one.
fn allow_script(html: &str) -> String {
    const CSP_CONTENT: &str = "http-equiv=\"Content-Security-Policy\" content=\"";
    let end = html.find(CSP_CONTENT).and_then(|start| {
        let value = start + CSP_CONTENT.len();
        html[value..].find('"').map(|len| value + len)
    });
    match end {
        Some(end) => format!(
            "{}; script-src 'self'; connect-src 'self'{}",
            &html[..end],
            &html[end..]
        ),
        None => html.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injection_adds_the_script_and_relaxes_the_csp() {
        let page = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n</head><body></body>";
        let served = inject(page);
        assert!(
            served
                .contains("content=\"default-src 'none'; script-src 'self'; connect-src 'self'\">")
        );
        assert!(served.contains("<script src=\"/__rapport/reload.js\" defer></script>\n</head>"));
    }

    #[test]
    fn error_events_carry_every_line() {
        let event = Outcome::Error("a.yaml:1:2: error\n  = hint".into()).to_event();
        assert_eq!(
            event,
            "event: error\ndata: a.yaml:1:2: error\ndata:   = hint\n\n"
        );
    }

    #[test]
    fn new_pages_learn_the_current_error_and_recovery_clears_it() {
        let hub = Hub::default();
        hub.publish(Outcome::Error("broken".into()));
        assert_eq!(
            hub.subscribe().try_recv(),
            Ok(Outcome::Error("broken".into()))
        );
        hub.publish(Outcome::Reload);
        assert!(hub.subscribe().try_recv().is_err());
    }
}
