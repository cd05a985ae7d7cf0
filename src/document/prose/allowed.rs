//! What a chapter's `{{ }}` and `{% %}` may use: an allow-list of tera functions and
//! filters (none reads the environment, a file or the clock), and no tag that pulls in
//! other templates (`include`, `import`, `extends`) or defines or calls macros.

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

use super::{FILTERS, FORMAT, MARKER, MARKER_END, expression_position};
use crate::diagnostic::{Diagnostic, Result};

/// The tera functions a chapter may call.
const FUNCTIONS: [&str; 1] = ["range"];

/// tera's own filters a chapter may use, besides rapport's ([`FILTERS`]). Left out:
/// `round` (rapport rounds every number one way: use `tal(decimaler=…)`), and the
/// filters that emit markup (`safe`, `escape`, `linebreaksbr`, `json_encode`).
const TERA_FILTERS: [&str; 27] = [
    "abs",
    "as_str",
    "capitalize",
    "concat",
    "default",
    "filter",
    "first",
    "float",
    "get",
    "group_by",
    "int",
    "join",
    "last",
    "length",
    "lower",
    "map",
    "nth",
    "pluralize",
    "replace",
    "reverse",
    "slice",
    "sort",
    "split",
    "title",
    "trim",
    "unique",
    "upper",
];

/// The tags that would pull in other templates or define macros.
const TAGS: [&str; 4] = ["include", "import", "extends", "macro"];

/// The first of [`TAGS`] in `body`, as an error at its place. Run before tera parses
/// the chapter, which rejects some of them (out of place) with a vaguer message.
pub(super) fn check_tags(body: &str) -> Result<()> {
    let mut offset = 0;
    while let Some(found) = body[offset..].find("{%") {
        let start = offset + found;
        let tag = body[start + 2..].trim_start_matches('-').trim_start();
        let word = tag.split(|c: char| !c.is_alphanumeric() && c != '_').next();
        if let Some(word) = word.filter(|w| TAGS.contains(w)) {
            let at = crate::diagnostic::Position::of_offset(body, start);
            return Err(Diagnostic::error(format!(
                "`{{% {word} %}}` cannot be used in a chapter: a chapter reads no other template"
            ))
            .at(at.line, at.column));
        }
        offset = start + 2;
    }
    Ok(())
}

/// The first function or filter in `nodes` a chapter may not use, as an error at its
/// place in `body`.
pub(super) fn check(nodes: &[Node], body: &str) -> Result<()> {
    nodes.iter().try_for_each(|node| check_node(node, body))
}

fn check_node(node: &Node, body: &str) -> Result<()> {
    match node {
        Node::VariableBlock(_, expr) => check_expr(expr, body),
        Node::Set(_, set) => check_expr(&set.value, body),
        Node::FilterSection(_, section, _) => {
            check_filter(&section.filter, body)?;
            check(&section.body, body)
        }
        Node::Block(_, block, _) => check(&block.body, body),
        Node::Forloop(_, forloop, _) => {
            check_expr(&forloop.container, body)?;
            check(&forloop.body, body)?;
            check(forloop.empty_body.as_deref().unwrap_or_default(), body)
        }
        Node::If(branches, _) => {
            for (_, condition, nodes) in &branches.conditions {
                check_expr(condition, body)?;
                check(nodes, body)?;
            }
            check(
                branches
                    .otherwise
                    .as_ref()
                    .map_or(&[][..], |(_, n)| n.as_slice()),
                body,
            )
        }
        Node::Extends(..)
        | Node::Include(..)
        | Node::ImportMacro(..)
        | Node::MacroDefinition(..) => check_tags(body),
        Node::Super
        | Node::Text(_)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => Ok(()),
    }
}

/// A function a chapter may call: one of [`FUNCTIONS`], or the marks rapport itself
/// puts around every expression.
fn available(name: &str) -> bool {
    FUNCTIONS.contains(&name) || name == MARKER || name == MARKER_END
}

fn check_expr(expr: &Expr, body: &str) -> Result<()> {
    expr.filters
        .iter()
        .try_for_each(|filter| check_filter(filter, body))?;
    match &expr.val {
        ExprVal::FunctionCall(call) if !available(&call.name) => Err(refused(
            body,
            &call.name,
            format!(
                "the function `{}` is not available in a chapter (only {})",
                call.name,
                FUNCTIONS.join(", ")
            ),
        )),
        ExprVal::FunctionCall(call) => call.args.values().try_for_each(|e| check_expr(e, body)),
        ExprVal::MacroCall(call) => Err(refused(
            body,
            &call.name,
            "macros cannot be used in a chapter".to_owned(),
        )),
        ExprVal::Math(math) => {
            check_expr(&math.lhs, body)?;
            check_expr(&math.rhs, body)
        }
        ExprVal::Logic(logic) => {
            check_expr(&logic.lhs, body)?;
            check_expr(&logic.rhs, body)
        }
        ExprVal::In(within) => {
            check_expr(&within.lhs, body)?;
            check_expr(&within.rhs, body)
        }
        ExprVal::Test(test) => test.args.iter().try_for_each(|e| check_expr(e, body)),
        ExprVal::Array(items) => items.iter().try_for_each(|e| check_expr(e, body)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_)
        | ExprVal::StringConcat(_) => Ok(()),
    }
}

fn check_filter(filter: &FunctionCall, body: &str) -> Result<()> {
    let name = filter.name.as_str();
    let rapport = FILTERS.iter().any(|(names, _)| names.contains(&name));
    if !rapport && !TERA_FILTERS.contains(&name) {
        let mut known: Vec<&str> = FILTERS
            .iter()
            .flat_map(|(names, _)| names.iter().copied())
            .filter(|n| *n != FORMAT)
            .collect();
        known.extend(TERA_FILTERS);
        return Err(refused(
            body,
            name,
            format!(
                "unknown filter `{name}` (a chapter may use: {})",
                known.join(", ")
            ),
        )
        .with_hint("round numbers with `tal(decimaler=2)`, shares with `andel(av=totalt)`"));
    }
    filter.args.values().try_for_each(|e| check_expr(e, body))
}

/// An error at the first expression or tag of `body` that mentions `word`.
fn refused(body: &str, word: &str, message: String) -> Diagnostic {
    let diagnostic = Diagnostic::error(message);
    match expression_position(body, word) {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic.at(1, 1),
    }
}
