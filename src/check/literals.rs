//! Number literals an author typed in a chapter: "36,23 %", "267 deltagare". Data
//! expressions, code, HTML comments and directive blocks are masked first, so only
//! the author's own typing is seen; each literal comes with the words of its sentence.

use crate::locale::Lang;

/// What a typed number claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A percentage with `decimals` (1 or 2) decimals, in hundredths: "36,23 %" → 3623.
    Percent { hundredths: i64, decimals: u32 },
    /// A whole number followed by a word: "267 deltagare".
    Count(i64),
}

/// A number typed in the chapter body.
#[derive(Debug, Clone)]
pub struct Literal {
    /// As typed, e.g. `36,23 %`.
    pub text: String,
    pub kind: Kind,
    /// 1-based line and column (in characters) in the chapter body.
    pub line: usize,
    pub column: usize,
    /// The words of the sentence holding the literal, lower-cased, with dashes
    /// written `-`.
    pub sentence: Vec<String>,
    /// The index of the literal's first word among them.
    pub index: usize,
    /// The word right after a count ("deltagare").
    pub unit: Option<String>,
    /// The tokens of the sentence before the literal, nearest first.
    pub before: Vec<Token>,
    /// The tokens of the sentence after the literal.
    pub after: Vec<Token>,
    /// The words and numbers of the literal's clause: the sentence between the
    /// commas, semicolons, colons and clause words ("medan", "varav") around it.
    pub clause: Vec<String>,
}

/// A word, a number or a mark of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Lower-cased, with dashes written `-` ("20-29" is a word).
    Word(String),
    /// Digits, with any decimals.
    Number(String),
    /// Any other character but a space.
    Mark(char),
}

impl Token {
    pub fn word(&self) -> Option<&str> {
        match self {
            Token::Word(w) => Some(w),
            _ => None,
        }
    }
}

/// Marks that end a clause.
const CLAUSE_MARKS: [char; 3] = [',', ';', ':'];

/// Words that start a new clause: what follows is about something else.
pub const CLAUSE_WORDS: [&str; 6] = ["medan", "men", "varav", "whereas", "while", "but"];

/// Silences the check for every literal on its line.
pub const IGNORE: &str = "<!-- rapport: ignore -->";

const SPACES: [char; 4] = [' ', '\u{A0}', '\u{202F}', '\u{2009}'];

/// Words before a number that make it a target or an estimate, not a computed value.
const HEDGES: [&str; 21] = [
    "minst", "högst", "över", "under", "drygt", "knappt", "cirka", "ca", "omkring", "ungefär",
    "nästan", "närmare", "runt", "mer", "fler", "färre", "mindre", "till", "about", "over",
    "least",
];

/// Words that make a sentence about goals or about one rating question: its numbers
/// are target levels, or figures of questions, which the check does not compare.
const UNCHECKED_SUBJECTS: [&str; 14] = [
    "mål",
    "målet",
    "målen",
    "målnivå",
    "målnivån",
    "målsättningen",
    "target",
    "goal",
    "fråga",
    "frågan",
    "frågor",
    "frågorna",
    "question",
    "questions",
];

/// Every checkable literal of a chapter body, except on lines with [`IGNORE`].
pub fn scan(body: &str, lang: Lang) -> Vec<Literal> {
    let chars = mask(body);
    let sentences = sentences(&chars);
    let ignored: Vec<bool> = body.lines().map(|l| l.contains(IGNORE)).collect();
    let mut found = Vec::new();
    for (start, end) in sentences {
        let words = words(&chars[start..end]);
        let tokens = tokens(&chars[start..end]);
        if words
            .iter()
            .any(|w| UNCHECKED_SUBJECTS.contains(&w.0.as_str()))
        {
            continue;
        }
        let mut i = start;
        while i < end {
            match number_at(&chars, i, end, lang) {
                Some((len, kind)) => {
                    let (line, column) = line_column(&chars, i);
                    let index = words.iter().filter(|w| w.1 + start < i).count();
                    let hedged = index > 0 && HEDGES.contains(&words[index - 1].0.as_str());
                    let skip = ignored.get(line - 1).copied().unwrap_or(false) || hedged;
                    if !skip {
                        let unit = words.iter().find(|w| w.1 + start >= i + len);
                        let unit = match kind {
                            Kind::Count(_) => unit.map(|w| w.0.clone()),
                            Kind::Percent { .. } => None,
                        };
                        let (from, to) = (i - start, i - start + len);
                        found.push(Literal {
                            text: chars[i..i + len].iter().collect(),
                            kind,
                            line,
                            column,
                            sentence: words.iter().map(|w| w.0.clone()).collect(),
                            index,
                            unit,
                            before: tokens
                                .iter()
                                .rev()
                                .filter(|t| t.2 <= from)
                                .map(|t| t.0.clone())
                                .collect(),
                            after: tokens
                                .iter()
                                .filter(|t| t.1 >= to)
                                .map(|t| t.0.clone())
                                .collect(),
                            clause: clause(&tokens, from, to),
                        });
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    found
}

/// The body with everything that is not the author's prose replaced by spaces (line
/// breaks kept, so positions stay): `{{ }}`, `{% %}`, HTML comments, code, heading
/// ids, link targets and fenced blocks (directives included).
fn mask(body: &str) -> Vec<char> {
    let mut chars: Vec<char> = body.chars().collect();
    for (open, close) in [
        ("{{", "}}"),
        ("{%", "%}"),
        ("<!--", "-->"),
        ("{#", "}"),
        ("](", ")"),
    ] {
        blank_between(&mut chars, open, close);
    }
    blank_fences(&mut chars);
    blank_between(&mut chars, "`", "`");
    chars
}

fn blank_between(chars: &mut [char], open: &str, close: &str) {
    let open: Vec<char> = open.chars().collect();
    let close: Vec<char> = close.chars().collect();
    let mut i = 0;
    while let Some(start) = find(chars, &open, i) {
        let end = find(chars, &close, start + open.len()).map_or(chars.len(), |e| e + close.len());
        blank(&mut chars[start..end]);
        i = end;
    }
}

fn find(chars: &[char], needle: &[char], from: usize) -> Option<usize> {
    (from..chars.len()).find(|&i| chars[i..].starts_with(needle))
}

fn blank(chars: &mut [char]) {
    chars
        .iter_mut()
        .filter(|c| **c != '\n')
        .for_each(|c| *c = ' ');
}

/// Blanks fenced code blocks (```` ``` ```` or `~~~`), fences included.
fn blank_fences(chars: &mut [char]) {
    let mut in_fence = false;
    let mut start = 0;
    while start < chars.len() {
        let end = (start..chars.len())
            .find(|&i| chars[i] == '\n')
            .unwrap_or(chars.len());
        let line: String = chars[start..end].iter().collect();
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if fence || in_fence {
            blank(&mut chars[start..end]);
        }
        in_fence ^= fence;
        start = end + 1;
    }
}

/// Sentence spans: split at `.`, `!` or `?` before a space and a capital letter or a
/// line break, at blank lines, before headings, list items and table rows, and at
/// table bars and bullets (`•`, `⋅`, `▪`, as text pasted from a PDF has them).
fn sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        if ends_sentence(chars, i) {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    spans.push((start, chars.len()));
    spans
}

fn ends_sentence(chars: &[char], i: usize) -> bool {
    let next = chars.get(i + 1).copied();
    match chars[i] {
        '.' | '!' | '?' => match (next, chars.get(i + 2)) {
            (None, _) | (Some('\n'), _) => true,
            (Some(' '), Some(c)) => c.is_uppercase() || c.is_ascii_digit(),
            _ => false,
        },
        '\n' => {
            let rest: String = chars[i + 1..].iter().take(3).collect();
            let rest = rest.trim_start_matches(' ');
            rest.is_empty()
                || rest.starts_with(['\n', '#', '|', '-', '*', '+'])
                || rest.starts_with(|c: char| c.is_ascii_digit()) && rest.contains('.')
        }
        '|' | '•' | '⋅' | '▪' => true,
        _ => false,
    }
}

/// The words of a span with their char offsets in it, lower-cased, with `–` and `—`
/// written `-` (so "20–29" is the word `20-29`).
fn words(chars: &[char]) -> Vec<(String, usize)> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_alphanumeric() {
            let start = i;
            words.push((word_at(chars, &mut i), start));
        } else {
            i += 1;
        }
    }
    words
}

/// The word starting at `*i` (lower-cased, dashes joining words written `-`, and
/// alternatives joined by `/` kept as one word: "kvinna/man"); moves `*i` past it.
fn word_at(chars: &[char], i: &mut usize) -> String {
    let mut word = String::new();
    while let Some(&c) = chars.get(*i) {
        let joins =
            (is_dash(c) || c == '/') && chars.get(*i + 1).is_some_and(|n| n.is_alphanumeric());
        if !(c.is_alphanumeric() || joins || c == '_') {
            break;
        }
        word.extend(if is_dash(c) { '-' } else { c }.to_lowercase());
        *i += 1;
    }
    word
}

/// The tokens of a span, each with its start and end offsets in it.
fn tokens(chars: &[char]) -> Vec<(Token, usize, usize)> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        if !chars[i].is_alphanumeric() {
            tokens.push((Token::Mark(chars[i]), i, i + 1));
            i += 1;
            continue;
        }
        let word = word_at(chars, &mut i);
        if !word.chars().all(|c| c.is_ascii_digit()) {
            tokens.push((Token::Word(word), start, i));
            continue;
        }
        while matches!(chars.get(i), Some(',' | '.'))
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            i += 1;
            word_at(chars, &mut i);
        }
        tokens.push((Token::Number(chars[start..i].iter().collect()), start, i));
    }
    tokens
}

/// The words of the clause holding `from..to` among `tokens`.
fn clause(tokens: &[(Token, usize, usize)], from: usize, to: usize) -> Vec<String> {
    let ends = |t: &(Token, usize, usize)| match &t.0 {
        Token::Mark(c) => CLAUSE_MARKS.contains(c),
        Token::Word(w) => CLAUSE_WORDS.contains(&w.as_str()),
        Token::Number(_) => false,
    };
    let first = tokens
        .iter()
        .rposition(|t| t.2 <= from && ends(t))
        .map_or(0, |k| k + 1);
    let last = tokens
        .iter()
        .position(|t| t.1 >= to && ends(t))
        .unwrap_or(tokens.len());
    let text = |t: &(Token, usize, usize)| match &t.0 {
        Token::Word(w) | Token::Number(w) => Some(w.clone()),
        Token::Mark(_) => None,
    };
    tokens[first..last].iter().filter_map(text).collect()
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‑')
}

/// A checkable number starting at `i`: its length and kind.
fn number_at(chars: &[char], i: usize, end: usize, lang: Lang) -> Option<(usize, Kind)> {
    let (decimal, groups): (char, &[char]) = match lang {
        Lang::Sv => (',', &SPACES),
        Lang::En => ('.', &[',']),
    };
    let before = i.checked_sub(1).map(|b| chars[b]);
    if !chars[i].is_ascii_digit()
        || before.is_some_and(|c| c.is_alphanumeric() || "-–—−+±.,:/#@_\\".contains(c))
    {
        return None;
    }
    let at = |j: usize| if j < end { chars.get(j).copied() } else { None };
    let digits_from = |j: usize| (j..end).take_while(|&k| chars[k].is_ascii_digit()).count();
    let mut j = i + digits_from(i);
    let mut whole: String = chars[i..j].iter().collect();
    let mut grouped = false;
    while whole.len() <= 3 || grouped {
        let is_group = at(j).is_some_and(|c| groups.contains(&c)) && digits_from(j + 1) == 3;
        if !is_group {
            break;
        }
        whole.extend(&chars[j + 1..j + 4]);
        j += 4;
        grouped = true;
    }
    let mut fraction = String::new();
    if at(j) == Some(decimal) && at(j + 1).is_some_and(|c| c.is_ascii_digit()) {
        let n = digits_from(j + 1);
        fraction = chars[j + 1..j + 1 + n].iter().collect();
        j += 1 + n;
    }
    let next = at(j);
    let after = at(j + 1);
    if next.is_some_and(char::is_alphanumeric)
        || next.is_some_and(|c| "-–—/:.,".contains(c)) && after.is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    let spaced = usize::from(next.is_some_and(|c| SPACES.contains(&c)));
    if at(j + spaced) == Some('%') {
        return percent(&whole, &fraction).map(|kind| (j + spaced + 1 - i, kind));
    }
    let procent: String = chars[(j + spaced).min(end)..end].iter().take(8).collect();
    if spaced == 1 && (procent.starts_with("procent") || procent.starts_with("percent")) {
        return percent(&whole, &fraction).map(|kind| (j + spaced + 7 - i, kind));
    }
    let year = !grouped && whole.len() == 4 && (whole.starts_with("19") || whole.starts_with("20"));
    match (fraction.is_empty() && !year && spaced == 1, whole.parse()) {
        (true, Ok(n)) => Some((j - i, Kind::Count(n))),
        _ => None,
    }
}

/// A percentage with one or two decimals; whole percentages ("80 %") are usually
/// targets or rounded figures and are not checked.
fn percent(whole: &str, fraction: &str) -> Option<Kind> {
    let decimals = u32::try_from(fraction.len())
        .ok()
        .filter(|d| (1..=2).contains(d))?;
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = fraction.parse().ok()?;
    let hundredths = whole
        .checked_mul(100)?
        .checked_add(fraction * 10_i64.pow(2 - decimals))?;
    Some(Kind::Percent {
        hundredths,
        decimals,
    })
}

/// The 1-based line and column (in characters) of a char index.
fn line_column(chars: &[char], at: usize) -> (usize, usize) {
    let line = chars[..at].iter().filter(|c| **c == '\n').count() + 1;
    let column = at
        - chars[..at]
            .iter()
            .rposition(|c| *c == '\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(body: &str) -> Vec<(String, Kind)> {
        scan(body, Lang::Sv)
            .into_iter()
            .map(|l| (l.text, l.kind))
            .collect()
    }

    #[test]
    fn swedish_percentages_and_counts() {
        let found = kinds("Av 1\u{202F}267 deltagare var 36,23\u{A0}% unga och 4,5 % äldre.");
        assert_eq!(
            found,
            vec![
                ("1\u{202F}267".to_owned(), Kind::Count(1267)),
                (
                    "36,23\u{A0}%".to_owned(),
                    Kind::Percent {
                        hundredths: 3623,
                        decimals: 2
                    }
                ),
                (
                    "4,5 %".to_owned(),
                    Kind::Percent {
                        hundredths: 450,
                        decimals: 1
                    }
                ),
            ]
        );
    }

    #[test]
    fn ranges_years_expressions_code_and_targets_are_not_literals() {
        let body = "Gruppen 20–29 år under 2022 var {{ x }} 12 %.\n\n`3 deltagare`\n\n```{table}\nn: 4 st\n```\nMinst 200 deltagare.\nMålet är 35,00 % kvinnor.";
        assert!(kinds(body).is_empty(), "{:?}", kinds(body));
    }

    #[test]
    fn odd_input_does_not_panic() {
        let odd = "99999999999999999999,5 % 123456789012345678901 deltagare ```\n{{ 1 %\n`1 2\n1 000 000 000 000 000 000 000 x 5,";
        for end in 0..odd.len() {
            if odd.is_char_boundary(end) {
                scan(&odd[..end], Lang::Sv);
                scan(&odd[..end], Lang::En);
            }
        }
    }

    #[test]
    fn ignored_lines_are_skipped() {
        assert!(kinds("Vi hade 12,50 % kvar. <!-- rapport: ignore -->").is_empty());
    }

    #[test]
    fn positions_words_and_units() {
        let found = scan("Rubrik\n\nVi har 267 deltagare i 20–29.", Lang::Sv);
        let l = &found[0];
        assert_eq!((l.line, l.column), (3, 8));
        assert_eq!(l.unit.as_deref(), Some("deltagare"));
        assert_eq!(l.sentence, ["vi", "har", "267", "deltagare", "i", "20-29"]);
        assert_eq!(l.index, 2);
    }
}
