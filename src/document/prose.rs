//! Data in prose: `{{ expression }}` in a chapter is evaluated with tera against the
//! report's data, and every value printed is formatted for the report's language.

mod allowed;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use tera::{Context, Tera};

use crate::analysis::suppression::WITHHELD;
use crate::diagnostic::{Diagnostic, Position, Result, SourceText, Span};
use crate::locale::{Exact, Lang, NumberError};

mod names;

const TEMPLATE: &str = "chapter";

/// Stands in for the `#` of `{#` while tera runs: markdown uses `{#id}` for heading
/// ids, so tera comments are not available in chapters (HTML comments are).
const HIDDEN_HASH: &str = "{\u{E000}";

/// A chapter body with its `{{ … }}` and `{% … %}` expanded, and where each part of it
/// came from in the body as written; or a part of it ([`Expanded::part`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    pub text: String,
    /// The body as written, which spans point into.
    pub written: Arc<str>,
    /// (offset in `text`, offset in the body): from each anchor on, `text` copies the
    /// body (until the next anchor), so an offset maps back by its distance.
    anchors: Vec<(usize, usize)>,
    /// What the printed values call for a warning about, at their `{{ }}`.
    pub notes: Vec<(Span, Note)>,
}

/// Something about a printed value the author should know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The value is withheld to protect small groups: the text shows "–" or "< 5".
    Withheld,
    /// A share (`andel`) whose part is larger than its whole: above 100 %.
    ShareOverWhole,
}

impl Note {
    /// The warning for a value written at `span` of `source`.
    pub fn warning(self, source: &SourceText, span: Span) -> Diagnostic {
        let (message, hint) = match self {
            Note::Withheld => (
                "this value is withheld to protect small groups: the text shows it as “–” or “< 5”",
                "rephrase the sentence, or speak of a larger group",
            ),
            Note::ShareOverWhole => (
                "this share is above 100 %: its part is larger than its whole",
                "check the two numbers given to `andel` (`part | andel(av=whole)`)",
            ),
        };
        Diagnostic::warning(message)
            .at_span(source, span)
            .with_hint(hint)
    }
}

impl Expanded {
    /// A body without data: the text as written.
    pub fn verbatim(body: &str) -> Expanded {
        Expanded {
            text: body.to_owned(),
            written: body.into(),
            anchors: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The offset in the body as written of an offset in the expanded text: a place
    /// in literal text maps exactly, a place inside a printed value to its expression.
    pub fn source_offset(&self, offset: usize) -> usize {
        let before = self.anchors.partition_point(|&(at, _)| at <= offset);
        match before.checked_sub(1).map(|i| self.anchors[i]) {
            Some((at, source)) => source + (offset - at),
            None => offset,
        }
    }

    /// `text`, made of pieces of this text, with offsets that map back to where each
    /// piece is written: `pieces` gives, in order, each piece's offset in `text` and
    /// the offset in this text it copies from. A directive's body is such a text:
    /// pulldown-cmark hands it over line by line, without the indentation or `>`
    /// before each line. Its notes stay with this text.
    pub fn part(&self, text: String, pieces: &[(usize, usize)]) -> Expanded {
        let mut anchors = Vec::with_capacity(pieces.len());
        for (i, &(at, from)) in pieces.iter().enumerate() {
            let end = pieces.get(i + 1).map_or(text.len(), |&(next, _)| next);
            let to = from + end.saturating_sub(at);
            anchors.push((at, self.source_offset(from)));
            let inside = self.anchors.partition_point(|&(a, _)| a <= from);
            anchors.extend(
                self.anchors[inside..]
                    .iter()
                    .take_while(|&&(a, _)| a < to)
                    .map(|&(a, source)| (at + (a - from), source)),
            );
        }
        Expanded {
            text,
            written: Arc::clone(&self.written),
            anchors,
            notes: Vec::new(),
        }
    }
}

/// Sentinels around the number of a tag in the rendered text: where the text after
/// the tag starts (`END`) and where the value of an expression starts (`START`).
const START: char = '\u{E001}';
const END: char = '\u{E002}';
const CLOSE: char = '\u{E003}';
/// Put after a share by the `andel` filter when its part is larger than its whole.
const OVER: char = '\u{E004}';

/// Expands the `{{ … }}` and `{% … %}` of a chapter body. `line_offset` is the number
/// of file lines before `body` (the front matter), so positions match the file.
pub fn expand(
    body: &str,
    data: &Value,
    lang: Lang,
    path: &Path,
    line_offset: usize,
) -> Result<Expanded> {
    if !body.contains("{{") && !body.contains("{%") {
        return Ok(Expanded::verbatim(body));
    }
    let spans: Vec<(usize, usize)> = tags(body).map(|t| (t.start, t.end)).collect();
    let written = body;
    let body = &names::rewrite(&body.replace("{#", HIDDEN_HASH));
    let locate = |e: Diagnostic| e.in_file(path).shifted(line_offset);
    let context = Context::from_value(data.clone())
        .map_err(|_| Diagnostic::error("the report data is not a mapping of names"))?;
    allowed::check_tags(body).map_err(locate)?;
    let (rewritten, positions) = format_every_output(body);
    // One parse of the rewritten chapter; the chapter as written is parsed only to
    // place a syntax error in it.
    let parsed = tera::Template::new(TEMPLATE, None, &rewritten).map_err(|e| {
        let written = tera::Template::new(TEMPLATE, None, body).err();
        locate(syntax_error(written.as_ref().unwrap_or(&e), body))
    })?;
    allowed::check(&parsed.ast, body).map_err(locate)?;
    let mut tera = Tera::default();
    register_filters(&mut tera, lang);
    let started = Arc::new(AtomicUsize::new(usize::MAX));
    let marker = Arc::clone(&started);
    tera.register_function(MARKER, move |args: &HashMap<String, Value>| {
        let n = args.get("n").and_then(Value::as_u64).unwrap_or(u64::MAX);
        marker.store(n as usize, Ordering::Relaxed);
        Ok(Value::String(format!("{START}{n}{CLOSE}")))
    });
    tera.register_function(MARKER_END, |args: &HashMap<String, Value>| {
        let n = args.get("n").and_then(Value::as_u64).unwrap_or(u64::MAX);
        Ok(Value::String(format!("{END}{n}{CLOSE}")))
    });
    tera.templates.insert(TEMPLATE.to_owned(), parsed);
    tera.build_inheritance_chains()
        .map_err(|e| locate(syntax_error(&e, body)))?;
    let expanded = tera.render(TEMPLATE, &context).map_err(|e| {
        let at = positions.get(started.load(Ordering::Relaxed)).copied();
        locate(render_error(&e, body, data, at))
    })?;
    Ok(anchored(
        &expanded.replace(HIDDEN_HASH, "{#"),
        &spans,
        written,
    ))
}

/// The text without its sentinels, and the anchors they mark: the start of a value
/// maps to its tag's start, the text after a tag to the tag's end. A value shown
/// withheld, and a share marked [`OVER`], give a note at their tag.
fn anchored(rendered: &str, spans: &[(usize, usize)], written: &str) -> Expanded {
    let mut expanded = Expanded {
        text: String::with_capacity(rendered.len()),
        written: written.into(),
        anchors: Vec::new(),
        notes: Vec::new(),
    };
    let text = &mut expanded.text;
    let mut value_start = 0;
    let mut tag = None;
    let mut rest = rendered;
    while let Some(at) = rest.find([START, END, OVER]) {
        text.push_str(&rest[..at]);
        let kind = rest[at..].chars().next().unwrap_or(START);
        let after = &rest[at + kind.len_utf8()..];
        if kind == OVER {
            expanded
                .notes
                .extend(tag.map(|t| (t, Note::ShareOverWhole)));
            rest = after;
            continue;
        }
        let Some(close) = after.find(CLOSE) else {
            rest = after;
            continue;
        };
        if let Some(&(start, end)) = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|n| spans.get(n))
        {
            if kind == START {
                (tag, value_start) = (Some(Span::new(start, end)), text.len());
            } else if is_withheld_text(&text[value_start..].replace('\\', "")) {
                expanded.notes.extend(tag.map(|t| (t, Note::Withheld)));
            }
            expanded
                .anchors
                .push((text.len(), if kind == START { start } else { end }));
        }
        rest = &after[close + CLOSE.len_utf8()..];
    }
    text.push_str(rest);
    expanded
}

/// The function that records which expression runs, so an error can name its place,
/// and marks where its value starts in the rendered text.
const MARKER: &str = "__at";

/// The function that marks where the text after a tag starts in the rendered text.
const MARKER_END: &str = "__to";

/// The variable each printed value is set to, and the filter that formats it. The
/// internal names are short: a chapter has one of each per `{{ }}`, and Tera's parser
/// reads them all.
const VALUE: &str = "__v";
const FORMAT: &str = "__f";

/// Rewrites `{{ x }}` to `{% set __v = x %}{{ __v | __f }}` so every printed
/// value is formatted (a filter appended to `x` would bind to its last operand only),
/// and puts `{{ __at(n=K) }}` before the K-th expression or tag and a mark of its
/// end after it (the formatted value carries it; a tag is followed by
/// `{{ __to(n=K) }}`, which takes over the tag's `-` so whitespace is trimmed as
/// before). The marks print sentinels that [`anchored`] removes. Returns the
/// rewritten text and the line and column of every expression. No line breaks are
/// added, so lines keep their numbers.
fn format_every_output(body: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(body.len() + 64);
    let mut positions = Vec::new();
    let mut copied = 0;
    let mut cursor = (0, Position { line: 1, column: 1 });
    for tag in tags(body) {
        out.push_str(&body[copied..tag.start]);
        let inner = &body[tag.start + 2..tag.end - 2];
        let (trim_left, inner) = inner.strip_prefix('-').map_or(("", inner), |i| ("-", i));
        let (trim_right, inner) = inner.strip_suffix('-').map_or(("", inner), |i| ("-", i));
        let n = positions.len();
        let at = advance(body, &mut cursor, tag.start);
        out.push_str(&format!("{{{{{trim_left} {MARKER}(n={n}) }}}}"));
        positions.push((at.line, at.column));
        if tag.expression {
            out.push_str(&format!(
                "{{% set {VALUE} = {inner} %}}{{{{ {VALUE} | {FORMAT}(to={n}) {trim_right}}}}}"
            ));
        } else {
            out.push_str(&format!(
                "{{%{inner}%}}{{{{ {MARKER_END}(n={n}) {trim_right}}}}}"
            ));
        }
        copied = tag.end;
    }
    out.push_str(&body[copied..]);
    (out, positions)
}

/// One `{{ … }}` or `{% … %}` outside `{% raw %}`: its byte range, and whether it
/// prints a value.
struct Tag {
    start: usize,
    end: usize,
    expression: bool,
}

/// The tags of a body in order (a `{% raw %}` block's content is text).
fn tags(body: &str) -> impl Iterator<Item = Tag> + '_ {
    let mut from = 0;
    let mut in_raw = false;
    std::iter::from_fn(move || {
        loop {
            let start = from + next_opener(&body[from..])?;
            let expression = body[start..].starts_with("{{");
            let close = if expression { "}}" } else { "%}" };
            let len = body[start..].find(close)?;
            let end = start + len + 2;
            from = end;
            let word = body[start + 2..end - 2].trim_matches('-').trim();
            in_raw = (in_raw || word == "raw") && word != "endraw";
            if !in_raw && word != "endraw" {
                return Some(Tag {
                    start,
                    end,
                    expression,
                });
            }
        }
    })
}

/// The byte offset of the first `{{` or `{%` in `text`.
fn next_opener(text: &str) -> Option<usize> {
    text.match_indices('{')
        .map(|(i, _)| i)
        .find(|&i| matches!(text.as_bytes().get(i + 1), Some(b'{' | b'%')))
}

/// Moves `cursor` (a byte offset and its position) forward to `offset`, so positions
/// are found in one pass over the chapter.
fn advance(body: &str, cursor: &mut (usize, Position), offset: usize) -> Position {
    let (from, mut at) = *cursor;
    for c in body[from..offset].chars() {
        match c {
            '\n' => (at.line, at.column) = (at.line + 1, 1),
            _ => at.column += 1,
        }
    }
    *cursor = (offset, at);
    at
}

/// A formatting filter: the value, the filter's arguments, the report's language.
type Filter = fn(&Value, &HashMap<String, Value>, Lang) -> tera::Result<Value>;

/// Every filter of the prose, by its Swedish and English names.
const FILTERS: [(&[&str], Filter); 6] = [
    (&[FORMAT], |v, args, lang| {
        let value = format_value(v, lang)?;
        Ok(match args.get("to") {
            Some(n) => Value::String(format!(
                "{}{END}{n}{CLOSE}",
                value.as_str().unwrap_or_default()
            )),
            None => value,
        })
    }),
    (&["tal", "number"], number),
    (&["procent", "percent"], |v, _, lang| percent(v, lang)),
    (&["andel", "share"], share),
    (&["datum", "date"], |v, _, lang| long_date(v, lang)),
    (&[names::FILTER], |v, args, _| {
        names::key(v, args.get("key").unwrap_or(&Value::Null))
    }),
];

fn register_filters(tera: &mut Tera, lang: Lang) {
    for (names, filter) in FILTERS {
        for name in names {
            tera.register_filter(name, move |v: &Value, args: &HashMap<String, Value>| {
                filter(v, args, lang)
            });
        }
    }
}

/// The default formatting of a printed value.
fn format_value(value: &Value, lang: Lang) -> tera::Result<Value> {
    let text = match value {
        Value::Number(n) => {
            let exact = exact(n)?;
            match exact.decimals() {
                0 => lang.number(exact, 0),
                _ => {
                    let rounded = exact.rounded(2);
                    lang.number(rounded, rounded.decimals())
                }
            }
        }
        Value::String(s) => escape_markdown(s),
        Value::Bool(b) => String::from(match (b, lang) {
            (true, Lang::Sv) => "ja",
            (false, Lang::Sv) => "nej",
            (true, Lang::En) => "yes",
            (false, Lang::En) => "no",
        }),
        Value::Null => return Err(tera::Error::msg("this name has no value")),
        Value::Array(_) | Value::Object(_) => {
            return Err(tera::Error::msg(
                "this is a group of values, not a single value: name one of its parts, e.g. `x.totalt`",
            ));
        }
    };
    Ok(Value::String(text))
}

/// A number as an exact decimal, or the reason it cannot be printed.
fn exact(n: &serde_json::Number) -> tera::Result<Exact> {
    Exact::from_json(n).map_err(|e| tera::Error::msg(format!("{n}: {e}")))
}

/// Escapes the characters markdown would interpret, so data prints as text.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#!|~&{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn number(value: &Value, args: &HashMap<String, Value>, lang: Lang) -> tera::Result<Value> {
    let x = as_number(value, "tal")?;
    let decimals = match args.get("decimaler").or_else(|| args.get("decimals")) {
        Some(d) => d
            .as_u64()
            .filter(|d| *d <= 6)
            .ok_or_else(|| tera::Error::msg("`decimaler` must be a whole number from 0 to 6"))?,
        None if x.decimals() == 0 => 0,
        None => 2,
    };
    Ok(Value::String(lang.number(x, decimals as u32)))
}

fn percent(value: &Value, lang: Lang) -> tera::Result<Value> {
    let x = as_number(value, "procent")?;
    Ok(Value::String(lang.with_percent_sign(lang.number(x, 2))))
}

/// `{{ kvinnor | andel(av=totalt) }}`: the share of two numbers, as a percentage.
/// A suppressed count (`< 5`, `–`) gives a withheld share: "–". Any other text, and a
/// whole of zero or below, is an error. A part larger than its whole is printed, and
/// marked [`OVER`] for a warning.
fn share(value: &Value, args: &HashMap<String, Value>, lang: Lang) -> tera::Result<Value> {
    let whole = args.get("av").or_else(|| args.get("of")).ok_or_else(|| {
        tera::Error::msg("`andel` needs the whole to divide by: `andel(av=totalt)`")
    })?;
    if is_suppressed(value) || is_suppressed(whole) {
        return Ok(Value::String(WITHHELD.to_owned()));
    }
    let part = as_number(value, "andel")?;
    let whole = as_number(whole, "andel(av=…)")?;
    if whole.is_negative() || whole.is_zero() {
        return Err(tera::Error::msg(
            "`andel` needs a whole above zero: a share of nothing or of a negative number means nothing",
        ));
    }
    let share = Exact::percent_of(part, whole)
        .ok_or_else(|| tera::Error::msg(NumberError::TooLarge.to_string()))?;
    let mut shown = lang.with_percent_sign(lang.number(share, 2));
    // `share` is in hundredths of a per cent: 10 000 is 100 %.
    if share.digits() > 10_000 {
        shown.push(OVER);
    }
    Ok(Value::String(shown))
}

/// A count withheld by suppression: `< 5` or `–`.
fn is_suppressed(value: &Value) -> bool {
    value.as_str().is_some_and(is_withheld_text)
}

/// Whether `text` is a withheld count as printed: `< 5` or `–`.
fn is_withheld_text(text: &str) -> bool {
    text == WITHHELD
        || text
            .strip_prefix("< ")
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn long_date(value: &Value, lang: Lang) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`datum` needs a date written as YYYY-MM-DD"))?;
    let date = crate::load::date::parse(text)
        .ok_or_else(|| tera::Error::msg(format!("`{text}` is not a date written as YYYY-MM-DD")))?;
    Ok(Value::String(lang.long_date(date)))
}

fn as_number(value: &Value, filter: &str) -> tera::Result<Exact> {
    match value {
        Value::Number(n) => exact(n),
        other => Err(tera::Error::msg(format!(
            "`{filter}` needs a number, got {other}"
        ))),
    }
}

/// A tera syntax error in `body` at the position tera reports (`--> line:col`), else
/// at the first `{{ }}` that does not parse on its own.
fn syntax_error(err: &tera::Error, body: &str) -> Diagnostic {
    let chain = messages(err);
    let position = chain
        .iter()
        .find_map(|m| parse_arrow_position(m))
        .or_else(|| unreadable_expression(body));
    let detail = chain
        .iter()
        .flat_map(|m| m.lines())
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("the expression cannot be read")
        .to_owned();
    let diagnostic = Diagnostic::error(format!("syntax error in a data expression: {detail}"))
        .with_hint("data is written as {{ name }} or {{ name | filter }}");
    match position {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    }
}

/// The line and column of the first `{{ }}` of `body` that tera cannot read.
fn unreadable_expression(body: &str) -> Option<(usize, usize)> {
    let tag = tags(body).find(|t| {
        t.expression && tera::Template::new(TEMPLATE, None, &body[t.start..t.end]).is_err()
    })?;
    let p = Position::of_offset(body, tag.start);
    Some((p.line, p.column))
}

fn parse_arrow_position(message: &str) -> Option<(usize, usize)> {
    let after = message.split("--> ").nth(1)?;
    let (line, rest) = after.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// A failed evaluation, placed at the expression that was running (`at`), else at the
/// expression that names what failed.
fn render_error(
    err: &tera::Error,
    body: &str,
    data: &Value,
    at: Option<(usize, usize)>,
) -> Diagnostic {
    let chain = messages(err);
    let innermost = chain.last().cloned().unwrap_or_default();
    let culprit = chain.iter().find_map(|m| quoted_name(m));
    let (message, hint) = match (&culprit, innermost.contains("not found in context")) {
        (Some(name), true) => (
            format!("unknown name `{name}`"),
            Some(names::hint(data, name)),
        ),
        _ => (innermost.replace(VALUE, "value"), None),
    };
    let mut diagnostic = Diagnostic::error(message);
    if let Some(hint) = hint {
        diagnostic = diagnostic.with_hint(hint);
    }
    match at.or_else(|| culprit.and_then(|name| expression_position(body, &name))) {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic.at(1, 1),
    }
}

fn messages(err: &tera::Error) -> Vec<String> {
    let mut chain = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    chain
}

/// The first name quoted with backticks or single quotes in a tera message,
/// skipping the template's own name.
fn quoted_name(message: &str) -> Option<String> {
    ['`', '\''].iter().find_map(|q| {
        message
            .split(*q)
            .skip(1)
            .step_by(2)
            .find(|name| ![TEMPLATE, VALUE, FORMAT, MARKER, names::FILTER].contains(name))
            .map(str::to_owned)
    })
}

/// The line and column of the first `{{ … }}` or `{% … %}` mentioning `name`.
fn expression_position(body: &str, name: &str) -> Option<(usize, usize)> {
    body.lines().enumerate().find_map(|(i, line)| {
        let start = line.find(name)?;
        let open = line[..start]
            .rfind("{{")
            .or_else(|| line[..start].rfind("{%"))?;
        Some((i + 1, line[..open].chars().count() + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(body: &str, data: Value) -> Result<String> {
        expand(body, &data, Lang::Sv, Path::new("kap.md"), 0).map(|e| e.text)
    }

    #[test]
    fn offsets_after_a_value_map_back_to_the_body_as_written() {
        let body = "Vi har {{ deltagare.totalt }} deltagare ![bild](x.png)\n{% if ja %}Ja {{ n }}{% endif %} slut";
        let data = json!({"deltagare": {"totalt": 267}, "ja": true, "n": 1234});
        let expanded = expand(body, &data, Lang::Sv, Path::new("kap.md"), 0).unwrap();
        assert_eq!(
            expanded.text,
            "Vi har 267 deltagare ![bild](x.png)\nJa 1\u{202F}234 slut"
        );
        for needle in ["![bild]", "deltagare ![", "Ja ", " slut"] {
            let at = expanded.text.find(needle).unwrap();
            assert_eq!(
                expanded.source_offset(at),
                body.find(needle).unwrap(),
                "{needle}"
            );
        }
        // Inside a printed value: the expression's start.
        let value = expanded.text.find("267").unwrap();
        assert_eq!(
            expanded.source_offset(value),
            body.find("{{ deltagare").unwrap()
        );
    }

    #[test]
    fn a_part_of_the_text_maps_back_through_its_pieces_and_values() {
        let body = "A {{ n }}\n> B {{ n }} C\n";
        let expanded = expand(body, &json!({"n": 5}), Lang::Sv, Path::new("k.md"), 0).unwrap();
        assert_eq!(expanded.text, "A 5\n> B 5 C\n");
        // The two lines without the "> ": "A 5\n" from 0 and "B 5 C\n" from 6.
        let part = expanded.part("A 5\nB 5 C\n".to_owned(), &[(0, 0), (4, 6)]);
        let written: Vec<usize> = [0, 2, 4, 6, 8].map(|at| part.source_offset(at)).into();
        // "A" at 0, "{{" at 2, "B" at 12, the second "{{" at 14, "C" at 22.
        assert_eq!(written, [0, 2, 12, 14, 22]);
        assert_eq!(&*part.written, body);
        assert!(part.notes.is_empty());
    }

    #[test]
    fn whitespace_control_and_raw_blocks_are_kept() {
        let out = run(
            "a {{- x -}} b {%- if x %} c{% endif -%}\n d {% raw %}{{ y }}{% endraw %}",
            json!({"x": 1}),
        );
        assert_eq!(out.unwrap(), "a1b cd {{ y }}");
    }

    #[test]
    fn values_are_formatted_for_swedish() {
        let data =
            json!({"deltagare": {"totalt": 267, "kvinnor": 123}, "budget": 33088611, "snitt": 2.5});
        let out = run("{{ deltagare.totalt }} deltagare, {{ deltagare.kvinnor | andel(av=deltagare.totalt) }} kvinnor, {{ budget }} kr, {{ snitt }}", data).unwrap();
        assert_eq!(
            out,
            "267 deltagare, 46,07\u{A0}% kvinnor, 33\u{202F}088\u{202F}611 kr, 2,5"
        );
    }

    #[test]
    fn heading_ids_survive_expansion() {
        let out = run("## Mål {#sec-mal}\n{{ n }}", json!({"n": 1})).unwrap();
        assert_eq!(out, "## Mål {#sec-mal}\n1");
    }

    #[test]
    fn suppressed_counts_give_withheld_shares() {
        let out = run("{{ n | andel(av=t) }}", json!({"n": "< 5", "t": 40})).unwrap();
        assert_eq!(out, "–");
        let out = run("{{ n | andel(av=t) }}", json!({"n": 3, "t": "–"})).unwrap();
        assert_eq!(out, "–");
    }

    /// The line, column and message of the error `body` gives.
    fn failure(body: &str, data: Value) -> (usize, usize, String) {
        let err = run(body, data).unwrap_err();
        let p = err.position.expect("a position");
        (p.line, p.column, err.message)
    }

    #[test]
    fn every_number_rounds_half_away_from_zero() {
        let data = json!({"a": 0.125, "b": 2.5, "c": -0.125, "d": 1.005});
        let out = run(
            "{{ a }} {{ a | tal(decimaler=2) }} {{ b | tal(decimaler=0) }} {{ c }} {{ d | procent }}",
            data,
        )
        .unwrap();
        assert_eq!(out, "0,13 0,13 3 −0,13 1,01\u{A0}%");
    }

    #[test]
    fn large_whole_numbers_print_exactly() {
        let data = json!({"n": 18_446_744_073_709_551_615u64, "m": -9_007_199_254_740_992.0});
        let out = run("{{ n }} {{ m }}", data).unwrap();
        let n = "18\u{202F}446\u{202F}744\u{202F}073\u{202F}709\u{202F}551\u{202F}615";
        let m = "−9\u{202F}007\u{202F}199\u{202F}254\u{202F}740\u{202F}992";
        assert_eq!(out, format!("{n} {m}"));
    }

    #[test]
    fn numbers_too_large_to_print_exactly_are_refused_at_their_place() {
        let data = json!({"stor": 9.3e16, "enorm": -1e300, "liten": 1});
        let (line, column, message) = failure("{{ liten }}\nText {{ stor }}", data.clone());
        assert_eq!((line, column), (2, 6));
        assert!(message.contains("too large to print exactly"), "{message}");
        let (line, column, _) = failure(
            "{% for i in [1, 2] %}\n  {{ enorm | tal(decimaler=2) }}{% endfor %}",
            data,
        );
        assert_eq!((line, column), (2, 3));
    }

    #[test]
    fn a_syntax_error_tera_gives_no_place_for_is_placed_at_its_expression() {
        // Tera reads an integer literal too large for it without saying where.
        let body = "{{ n }} först.\n\nSedan {{ 2222222222222222222222222222 }} här.";
        let (line, column, message) = failure(body, json!({"n": 1}));
        assert_eq!((line, column), (3, 7));
        assert!(
            message.starts_with("syntax error in a data expression"),
            "{message}"
        );
    }

    #[test]
    fn shares_need_numbers_and_a_positive_whole() {
        let data = json!({"n": 5, "noll": 0, "neg": -10, "text": "många", "stor": 93_000_000_000_000_000u64, "hel": 100_000_000_000_000_000u64});
        let (_, _, message) = failure("{{ n | andel(av=noll) }}", data.clone());
        assert!(message.contains("whole above zero"), "{message}");
        let (_, _, message) = failure("{{ n | andel(av=neg) }}", data.clone());
        assert!(message.contains("whole above zero"), "{message}");
        let (line, column, message) = failure("a\nb {{ text | andel(av=n) }}", data.clone());
        assert_eq!((line, column), (2, 3));
        assert!(message.contains("needs a number"), "{message}");
        let out = run(
            "{{ stor | andel(av=hel) }} {{ hel | andel(av=stor) }}",
            data,
        )
        .unwrap();
        // 93/100 = 93 %; 100/93 = 107.526… % (a part larger than its whole is printed)
        assert_eq!(out, "93,00\u{A0}% 107,53\u{A0}%");
    }

    #[test]
    fn the_environment_and_other_templates_are_out_of_reach() {
        let data = json!({"n": 1});
        let (line, column, message) =
            failure("Text\n\nNyckel: {{ get_env(name=\"HOME\") }}", data.clone());
        assert_eq!((line, column), (3, 9));
        assert!(
            message.contains("function `get_env` is not available"),
            "{message}"
        );
        for (tag, word) in [
            ("{% include \"x\" %}", "include"),
            ("{% import \"m\" as m %}", "import"),
            ("{% extends \"x\" %}", "extends"),
            ("{% macro m() %}x{% endmacro m %}", "macro"),
        ] {
            let (line, column, message) = failure(&format!("a\n  {tag}"), data.clone());
            assert_eq!((line, column), (2, 3), "{tag}");
            assert!(message.contains(word), "{message}");
        }
        let (_, _, message) = failure("{{ n | round }}", data);
        assert!(message.contains("unknown filter `round`"), "{message}");
    }

    #[test]
    fn raw_blocks_and_trimming_are_kept() {
        let out = run(
            "{% raw %}{{ x }}{% endraw %} a  {{- n }} {%- if n %} b{% endif %}",
            json!({"n": 1}),
        )
        .unwrap();
        assert_eq!(out, "{{ x }} a1 b");
    }

    #[test]
    fn data_strings_cannot_inject_markdown() {
        let out = run("{{ namn }}", json!({"namn": "<script>*x*</script>"})).unwrap();
        assert_eq!(out, "\\<script\\>\\*x\\*\\</script\\>");
    }

    #[test]
    fn unknown_names_are_located() {
        let err = run(
            "Rad ett\nVi har {{ deltagare.totalx }} personer",
            json!({"deltagare": {"totalt": 1}}),
        )
        .unwrap_err();
        assert!(err.message.contains("deltagare.totalx"), "{}", err.message);
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (2, 8));
        assert!(err.hint.unwrap().contains("deltagare"));
    }

    #[test]
    fn keys_with_swedish_letters_work() {
        let data = json!({"d": {"kommun": {"Lövstad": {"antal": 105}, "Åsby": {"antal": 61}}}});
        let out = run(
            "{{ d.kommun[\"Lövstad\"].antal }} och {{ d.kommun['Åsby'].antal }}",
            data.clone(),
        );
        assert_eq!(out.unwrap(), "105 och 61");
        let err = run("x\n  {{ d.kommun[\"Lövsta\"].antal }}", data).unwrap_err();
        assert!(
            err.message.contains("unknown name `Lövsta`"),
            "{}",
            err.message
        );
        assert!(err.message.contains("Lövstad"), "{}", err.message);
        let p = err.position.unwrap();
        assert_eq!((p.line, p.column), (2, 3));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = run("Text\n\nEtt {{ x | }} fel", json!({"x": 1})).unwrap_err();
        let p = err.position.unwrap();
        assert_eq!(p.line, 3);
        assert!(err.message.starts_with("syntax error"), "{}", err.message);
    }

    #[test]
    fn filter_errors_are_located() {
        let err = expand(
            "a\n{{ x | andel }}",
            &json!({"x": 1}),
            Lang::Sv,
            Path::new("k.md"),
            4,
        )
        .unwrap_err();
        assert!(err.message.contains("andel(av=totalt)"), "{}", err.message);
        assert_eq!(err.position.unwrap().line, 6);
    }
}
