//! Gates 1–3 (accessibility, valid HTML, a real browser) as part of `cargo test`:
//! runs `tests/gates/run.mjs` (axe-core, vnu, headless Chromium) against this build's
//! binary. `.ci/run` installs what it needs; where Node, its packages, Java or
//! Chromium are missing locally, the test says so and skips (under CI it fails).

use crate::common;

use std::path::Path;
use std::process::Command;

fn missing_tool() -> Option<&'static str> {
    let gates = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gates");
    let runs = |program: &str, arg: &str| {
        Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !runs("node", "--version") {
        Some("node")
    } else if !gates.join("node_modules").is_dir() {
        Some("tests/gates/node_modules (run `npm ci` there)")
    } else if !runs("java", "-version") {
        Some("java")
    } else if !Path::new("/usr/bin/chromium").exists() && std::env::var_os("CHROMIUM").is_none() {
        Some("chromium")
    } else {
        None
    }
}

fn run_gates(args: &[&str]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gates/run.mjs");
    let out = Command::new("node")
        .arg(script)
        .args(args)
        .env("RAPPORT_BIN", env!("CARGO_BIN_EXE_rapport"))
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "browser gates {args:?} failed:\n{report}"
    );
}

#[test]
fn every_page_is_accessible_valid_and_self_contained() {
    if let Some(tool) = missing_tool() {
        common::missing_gate_tool(tool);
        return;
    }
    run_gates(&["--self-test"]);
    run_gates(&[]);
}

/// The gate test above, run alone in a child process with no programs on its `PATH`:
/// it skips, except under CI, where it fails.
#[test]
fn a_missing_gate_tool_fails_only_under_ci() {
    let gate = |ci: Option<&str>| {
        let mut child = Command::new(std::env::current_exe().unwrap());
        child
            .args([
                "--exact",
                "browser_gates::every_page_is_accessible_valid_and_self_contained",
            ])
            .env("PATH", "")
            .env_remove("CI");
        if let Some(ci) = ci {
            child.env("CI", ci);
        }
        child.output().unwrap().status.success()
    };
    assert!(gate(None), "skipped where no CI is set");
    assert!(!gate(Some("true")), "failed under CI");
}
