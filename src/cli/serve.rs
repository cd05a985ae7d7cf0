//! `rapport serve`: the site on this machine, rebuilt and reloaded as you write.

use super::Folders;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use rapport::diagnostic::Result;
use rapport::serve::{self, Options};

/// Serve the site on this machine, rebuild it when an input changes and reload the
/// open pages. Build errors show in the terminal and over the page. Ctrl-C stops.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    folders: Folders,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// The address to listen on; the default reaches this machine only.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Open the site in the browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let options = Options {
        out: args.folders.output(),
        root: args.folders.dir,
        addr: SocketAddr::new(args.bind, args.port),
        open: args.open,
    };
    serve::serve(&options)?;
    Ok(ExitCode::SUCCESS)
}
