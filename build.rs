//! Rebuilds the binary when a file under `templates/` changes: the house styles are
//! embedded with include_dir, which cargo cannot see through.

fn main() {
    println!("cargo:rerun-if-changed=templates");
}
