//! Directives: fenced blocks named `{name}` that put computed or structured content
//! into a chapter. `{table}` and `{chart}` take a YAML body naming analysed data;
//! `{ruta}` (callout) takes markdown.

use super::Block;
use super::markdown::{self, Directive};
use crate::diagnostic::{Diagnostic, Result};
use crate::locale::Lang;

/// What directives can draw on: the analysed statistics, if the report has any.
#[derive(Default)]
pub struct Sources {}

/// Runs one directive, giving the block it stands for.
pub fn run(directive: Directive, sources: &Sources, lang: Lang) -> Result<Block> {
    match directive.name {
        "ruta" | "callout" => callout(&directive, sources, lang),
        other => Err(
            Diagnostic::error(format!("unknown directive `{{{other}}}`"))
                .with_hint("known directives: {table}, {chart}, {ruta}"),
        ),
    }
}

/// A framed box; the argument is its title, the body is markdown.
fn callout(directive: &Directive, sources: &Sources, lang: Lang) -> Result<Block> {
    let parsed = markdown::parse(directive.body, lang, &mut |d| run(d, sources, lang))
        .map_err(|e| e.shifted(directive.line - 1))?;
    Ok(Block::Callout {
        title: (!directive.argument.is_empty()).then(|| directive.argument.to_owned()),
        blocks: parsed.blocks,
    })
}
