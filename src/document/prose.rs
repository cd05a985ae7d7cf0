//! Data in prose: `{{ expression }}` in a chapter is evaluated with tera against the
//! report's data, and every value printed is formatted for the report's language.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use tera::{Context, Tera};

use crate::diagnostic::{Diagnostic, Result};
use crate::locale::{Hundredths, Lang};

mod names;

const TEMPLATE: &str = "chapter";

/// Stands in for the `#` of `{#` while tera runs: markdown uses `{#id}` for heading
/// ids, so tera comments are not available in chapters (HTML comments are).
const HIDDEN_HASH: &str = "{\u{E000}";

/// Expands the `{{ … }}` and `{% … %}` of a chapter body. `line_offset` is the number
/// of file lines before `body` (the front matter), so positions match the file.
pub fn expand(
    body: &str,
    data: &Value,
    lang: Lang,
    path: &Path,
    line_offset: usize,
) -> Result<String> {
    if !body.contains("{{") && !body.contains("{%") {
        return Ok(body.to_owned());
    }
    let original = body;
    let body = &names::rewrite(&body.replace("{#", HIDDEN_HASH));
    let locate = |e: Diagnostic| e.in_file(path).shifted(line_offset);
    let context = Context::from_value(data.clone())
        .map_err(|_| Diagnostic::error("the report data is not a mapping of names"))?;
    let mut tera = Tera::default();
    tera.add_raw_template(TEMPLATE, body)
        .map_err(|e| locate(syntax_error(&e)))?;
    register_filters(&mut tera, lang);
    tera.add_raw_template(TEMPLATE, &format_every_output(body))
        .map_err(|e| locate(syntax_error(&e)))?;
    let expanded = tera
        .render(TEMPLATE, &context)
        .map_err(|e| locate(render_error(&e, original, data)))?;
    Ok(expanded.replace(HIDDEN_HASH, "{#"))
}

/// Rewrites `{{ x }}` to `{% set v = x %}{{ v | rapport_format }}` so every printed
/// value is formatted (a filter appended to `x` would bind to its last operand only).
/// No line breaks are added, so lines keep their numbers.
fn format_every_output(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let inner = &rest[start + 2..start + len];
        let (trim_left, inner) = inner.strip_prefix('-').map_or(("", inner), |i| ("-", i));
        let (trim_right, inner) = inner.strip_suffix('-').map_or(("", inner), |i| ("-", i));
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "{{%{trim_left} set rapport_value = {inner} %}}{{{{ rapport_value | rapport_format {trim_right}}}}}"
        ));
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// A formatting filter: the value, the filter's arguments, the report's language.
type Filter = fn(&Value, &HashMap<String, Value>, Lang) -> tera::Result<Value>;

/// Every filter of the prose, by its Swedish and English names.
const FILTERS: [(&[&str], Filter); 6] = [
    (&["rapport_format"], |v, _, lang| format_value(v, lang)),
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
        Value::Number(n) => match n.as_i64() {
            Some(i) => lang.integer(i),
            None => lang.decimal(n.as_f64().unwrap_or(f64::NAN)),
        },
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
        None if x.fract() == 0.0 => 0,
        None => 2,
    };
    Ok(Value::String(lang.fixed(x, decimals as usize)))
}

fn percent(value: &Value, lang: Lang) -> tera::Result<Value> {
    let x = as_number(value, "procent")?;
    Ok(Value::String(lang.percent(Hundredths::round_f64(x))))
}

/// `{{ kvinnor | andel(av=totalt) }}`: the share of two counts, as a percentage.
/// A suppressed count (a text such as "< 5") gives a withheld share: "–".
fn share(value: &Value, args: &HashMap<String, Value>, lang: Lang) -> tera::Result<Value> {
    let whole = args.get("av").or_else(|| args.get("of")).ok_or_else(|| {
        tera::Error::msg("`andel` needs the whole to divide by: `andel(av=totalt)`")
    })?;
    let text = match (value.as_i64(), whole.as_i64()) {
        (Some(part), Some(whole)) => {
            Hundredths::percent(part, whole).map_or("–".to_owned(), |h| lang.percent(h))
        }
        _ if value.is_string() || whole.is_string() => "–".to_owned(),
        _ => return Err(tera::Error::msg("`andel` divides two whole counts")),
    };
    Ok(Value::String(text))
}

fn long_date(value: &Value, lang: Lang) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`datum` needs a date written as YYYY-MM-DD"))?;
    let date = crate::load::date::parse(text)
        .ok_or_else(|| tera::Error::msg(format!("`{text}` is not a date written as YYYY-MM-DD")))?;
    Ok(Value::String(lang.long_date(date)))
}

fn as_number(value: &Value, filter: &str) -> tera::Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| tera::Error::msg(format!("`{filter}` needs a number, got {value}")))
}

/// A tera syntax error at the position tera reports (`--> line:col`).
fn syntax_error(err: &tera::Error) -> Diagnostic {
    let chain = messages(err);
    let position = chain.iter().find_map(|m| parse_arrow_position(m));
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

fn parse_arrow_position(message: &str) -> Option<(usize, usize)> {
    let after = message.split("--> ").nth(1)?;
    let (line, rest) = after.split_once(':')?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// A failed evaluation, placed at the expression that names what failed.
fn render_error(err: &tera::Error, body: &str, data: &Value) -> Diagnostic {
    let chain = messages(err);
    let innermost = chain.last().cloned().unwrap_or_default();
    let culprit = chain.iter().find_map(|m| quoted_name(m));
    let (message, hint) = match (&culprit, innermost.contains("not found in context")) {
        (Some(name), true) => (
            format!("unknown name `{name}`"),
            Some(names::hint(data, name)),
        ),
        _ => (innermost.replace("rapport_value", "value"), None),
    };
    let mut diagnostic = Diagnostic::error(message);
    if let Some(hint) = hint {
        diagnostic = diagnostic.with_hint(hint);
    }
    match culprit.and_then(|name| expression_position(body, &name)) {
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
            .find(|name| {
                ![TEMPLATE, "rapport_value", "rapport_format", names::FILTER].contains(name)
            })
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
        expand(body, &data, Lang::Sv, Path::new("kap.md"), 0)
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
