//! Whether a typed number claims to be a computed value. It does only when its
//! sentence names the value unambiguously:
//!
//! - every category that sets the value apart (a gender, an age group, a municipality,
//!   a class) and every group it counts in (the BIP group) is named, and each category
//!   is the only one of its kind in the number's clause (or sentence), or is tied to the
//!   number itself ("123 kvinnor", "27 till arbete", "kvinnor (46,07 %)");
//! - a value that only splits the whole by gender or not at all (`deltagare.totalt`,
//!   `deltagare.kvinnor`) is meant only when the sentence names the whole: the
//!   project, "totalt", "av deltagarna", a partitive "av de 267 …";
//! - nothing narrows the number to a subgroup the value does not count: a predicate
//!   after it that names none of the value's categories ("8 deltagare har kontakt med
//!   sjukvården", "13 deltagare som har intervjuats") makes it a count of that
//!   subgroup, not a claim about the value;
//! - numbers coordinated with each other ("52,63 % respektive 59,38 %") each need a
//!   category of their own tied to them.

use super::literals::{Kind, Literal, Token};
use super::values::{Computed, Label, Role};

/// How well a value fits a literal; smaller is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank {
    /// The distance in words to the farthest required label.
    farthest: usize,
    /// People labels the sentence does not name (negated count of those it does).
    context: isize,
    /// Fewer labels: the more general value.
    labels: usize,
}

/// Words between a count and the category it is tied to: "27 till arbete".
const TIE_WORDS: [&str; 9] = [
    "till", "i", "från", "inom", "mot", "to", "in", "from", "into",
];

/// Words that neither narrow a number nor start a new claim: places, times, parts and
/// coordination ("267 deltagare i projektet under 2021", "… respektive 144 män").
const NEUTRAL: [&str; 32] = [
    "i",
    "under",
    "inom",
    "från",
    "på",
    "vid",
    "av",
    "ur",
    "bland",
    "per",
    "hos",
    "till",
    "mot",
    "totalt",
    "sammanlagt",
    "hittills",
    "vardera",
    "och",
    "respektive",
    "samt",
    "eller",
    "år",
    "procent",
    "in",
    "during",
    "within",
    "from",
    "at",
    "of",
    "among",
    "and",
    "or",
];

/// Coordinators between two numbers about two subjects.
const COORDINATORS: [&str; 7] = [
    "och",
    "respektive",
    "samt",
    "eller",
    "and",
    "or",
    "respectively",
];

/// Words that name the whole: the project (also as the end of a word,
/// "SPiK-projektet"), its time, all participants.
const WHOLE: [&str; 13] = [
    "projekt",
    "projektet",
    "projektets",
    "totalt",
    "totalen",
    "totalgruppen",
    "sammanlagt",
    "samtliga",
    "samlade",
    "project",
    "total",
    "overall",
    "altogether",
];

/// Beginnings of words that name the whole: the project's time ("projekttiden"),
/// the group of all participants ("deltagargruppen").
const WHOLE_PREFIXES: [&str; 3] = ["projekttid", "projektperiod", "deltagargrupp"];

/// Whether a word names the whole (see [`WHOLE`], [`WHOLE_PREFIXES`]).
fn whole_word(word: &str) -> bool {
    WHOLE
        .iter()
        .any(|w| word == *w || word.ends_with(&format!("-{w}")))
        || WHOLE_PREFIXES.iter().any(|w| word.starts_with(w))
}

/// Words that may stand between a partitive "av" and its number: "av de totalt 108".
const PARTITIVE_FILLERS: [&str; 7] = ["de", "dessa", "totalt", "samtliga", "alla", "the", "all"];

/// How well `value` fits `literal`, or `None` when the literal does not claim to be it.
/// `named` holds the categories of every value named around the literal.
pub fn rank(literal: &Literal, value: &Computed, named: &Named) -> Option<Rank> {
    let distance = |l: &Label| l.distance(&literal.sentence, literal.index);
    let farthest = value
        .labels
        .iter()
        .filter(|l| l.required())
        .map(distance)
        .collect::<Option<Vec<_>>>()?;
    let context = value
        .labels
        .iter()
        .filter(|l| !l.required() && distance(l).is_some())
        .count();
    let meant = categories_unambiguous(literal, value, named)
        && linked(literal, value, context)
        && (!coordinated(literal) || tied_to_own_subject(literal, value))
        && (!broad(value) || names_whole(literal, value))
        && match partitive_whole(literal) {
            true => categories(value).all(|l| tied_to(literal, l)),
            false => !named.narrows(value) && unrestricted(literal, value, named),
        };
    meant.then(|| Rank {
        farthest: farthest.into_iter().max().unwrap_or(0),
        context: -(context as isize),
        labels: value.labels.len(),
    })
}

/// The categories that set a value apart.
fn categories(value: &Computed) -> impl Iterator<Item = &Label> {
    value.labels.iter().filter(|l| l.is_category())
}

/// Whether each of the value's categories is tied to the number or the only one of
/// its dimension named around it.
fn categories_unambiguous(literal: &Literal, value: &Computed, named: &Named) -> bool {
    categories(value).all(|l| tied_to(literal, l) || named.unambiguous(l))
}

/// Whether the number is linked to the value by a word: a count's unit names the
/// value or its people ("267 deltagare"), or a category is tied to it; a percentage
/// needs a category and the people in its sentence.
fn linked(literal: &Literal, value: &Computed, people_named: usize) -> bool {
    match literal.kind {
        Kind::Count(_) => {
            unit_names(literal, value) || categories(value).any(|l| tied_to(literal, l))
        }
        Kind::Percent { .. } => categories(value).next().is_some() && people_named > 0,
    }
}

/// Whether a count's unit names one of the value's labels.
fn unit_names(literal: &Literal, value: &Computed) -> bool {
    let unit = literal.unit.as_deref();
    unit.is_some_and(|unit| value.labels.iter().any(|l| l.matches(unit)))
}

/// Whether the number's own subject is the value's: one of its categories is tied to
/// it, or, for a value without categories, the count's unit names it.
fn tied_to_own_subject(literal: &Literal, value: &Computed) -> bool {
    match categories(value).next() {
        Some(_) => categories(value).any(|l| tied_to(literal, l)),
        None => unit_names(literal, value),
    }
}

/// The categories named around a literal, from the labels of every value.
pub struct Named<'a> {
    clause: Vec<&'a Label>,
    sentence: Vec<&'a Label>,
    /// Whether the clause names a year.
    year: bool,
}

impl<'a> Named<'a> {
    /// The categories of `vocabulary` the clause and the sentence of `literal` name.
    pub fn around(literal: &Literal, vocabulary: &'a [Label]) -> Named<'a> {
        let named = |words: &[String]| {
            vocabulary
                .iter()
                .filter(|l| words.iter().any(|w| l.matches(w)))
                .collect()
        };
        let year = |w: &String| {
            w.len() == 4
                && (w.starts_with("19") || w.starts_with("20"))
                && w.bytes().all(|b| b.is_ascii_digit())
        };
        Named {
            clause: named(&literal.clause),
            sentence: named(&literal.sentence),
            year: literal.clause.iter().any(year),
        }
    }

    /// Whether `label` is the one category of its dimension the clause names, or, when
    /// the clause names none of them, the one the sentence names.
    fn unambiguous(&self, label: &Label) -> bool {
        let of_dimension = |named: &[&'a Label]| -> Vec<&'a Label> {
            named
                .iter()
                .copied()
                .filter(|l| l.role == label.role)
                .collect()
        };
        let clause = of_dimension(&self.clause);
        let named = match clause.is_empty() {
            true => of_dimension(&self.sentence),
            false => clause,
        };
        !named.is_empty() && named.iter().all(|l| l.words == label.words)
    }

    /// Whether the clause names a category of a dimension `value` is not split by, or
    /// a single year: the number is then about a narrower group ("33 deltagare … till
    /// arbete") or time ("under 2021 skrevs 120 deltagare in").
    fn narrows(&self, value: &Computed) -> bool {
        self.year
            || self
                .clause
                .iter()
                .any(|l| !value.labels.iter().any(|own| own.role == l.role))
    }

    /// Whether `word` names a category of one of the dimensions of `value`.
    fn same_dimension(&self, value: &Computed, word: &str) -> bool {
        self.sentence.iter().any(|l| {
            l.matches(word)
                && value
                    .labels
                    .iter()
                    .any(|own| own.is_category() && own.role == l.role)
        })
    }
}

/// Whether `label` is tied to the number itself: a count's next word ("123 kvinnor"),
/// or the word after "till", "i" … ("27 till arbete"); a percentage's word right
/// before it ("kvinnor 46,07 %"), or, after a count, that count's ("123 kvinnor
/// (46,07 %)", "Kvinna 123 st 46,07 %"), else the word right after it ("46,07 %
/// kvinnor").
fn tied_to(literal: &Literal, label: &Label) -> bool {
    let plain = |tokens: &[Token]| -> Vec<Token> {
        tokens
            .iter()
            .filter(|t| !matches!(t, Token::Mark('(' | ')' | '%')))
            .take(3)
            .cloned()
            .collect()
    };
    let (before, after) = (plain(&literal.before), plain(&literal.after));
    let names = |t: Option<&Token>| t.and_then(Token::word).is_some_and(|w| label.matches(w));
    match literal.kind {
        Kind::Count(_) => {
            let through_tie = after
                .first()
                .and_then(Token::word)
                .is_some_and(|w| TIE_WORDS.contains(&w));
            names(after.first()) || through_tie && names(after.get(1))
        }
        Kind::Percent { .. } => match before.iter().position(|t| matches!(t, Token::Number(_))) {
            Some(count @ 0..=1) => names(before.first()) || names(before.get(count + 1)),
            _ => names(before.first()) || names(after.first()),
        },
    }
}

/// Whether another number is coordinated with this one ("52,63 % respektive 59,38 %",
/// "123 kvinnor och 144 män"): only a coordinator (and one word) between them.
fn coordinated(literal: &Literal) -> bool {
    let next_number = |tokens: &[Token]| {
        let mut words = tokens
            .iter()
            .filter(|t| !matches!(t, Token::Mark('(' | ')' | '%')));
        let mut first = words.next();
        if first
            .and_then(Token::word)
            .is_some_and(|w| !COORDINATORS.contains(&w))
        {
            first = words.next();
        }
        first
            .and_then(Token::word)
            .is_some_and(|w| COORDINATORS.contains(&w))
            && matches!(words.next(), Some(Token::Number(_)))
    };
    next_number(&literal.after) || next_number(&literal.before)
}

/// A value that counts the whole, or splits it only by gender: no other category
/// makes clear which group it is about.
fn broad(value: &Computed) -> bool {
    value
        .labels
        .iter()
        .all(|l| !l.required() || l.role == Role::Category("kon".to_owned()))
}

/// Whether the sentence names the whole a broad value counts: the project or the
/// total, "av/bland deltagarna", or the group the value counts in (the BIP group).
fn names_whole(literal: &Literal, value: &Computed) -> bool {
    let of_people = literal.sentence.windows(2).any(|pair| {
        matches!(pair[0].as_str(), "av" | "bland" | "of" | "among")
            && value
                .labels
                .iter()
                .any(|l| !l.is_category() && l.matches(&pair[1]))
    });
    let group = value.labels.iter().any(|l| l.role == Role::Group);
    literal.sentence.iter().any(|w| whole_word(w)) || of_people || group
}

/// "av 267 deltagare", "3 av 5 kommuner", "av de 108", "av projektets 267": the
/// number is the whole of a part, and what the sentence says (the categories it
/// names included) is said of the part; unless a relative clause narrows the whole
/// itself ("av de 20 deltagare som gick till arbete").
fn partitive_whole(literal: &Literal) -> bool {
    let mut before = literal.before.iter().filter_map(Token::word);
    let of = before
        .find(|w| !(PARTITIVE_FILLERS.contains(w) || w.starts_with("projekt")))
        .is_some_and(|w| w == "av" || w == "of");
    let mut after = literal.after.iter().filter_map(Token::word);
    let narrowed = after
        .nth(1)
        .is_some_and(|w| w == "som" || w == "who" || w == "that");
    of && !narrowed
}

/// Whether nothing after the number narrows it to a subgroup `value` does not count:
/// up to the end of its clause, only neutral words, the value's labels, categories of
/// its dimensions and other numbers follow, or what follows names one of its
/// categories ("24 deltagare gick till arbete").
fn unrestricted(literal: &Literal, value: &Computed, named: &Named) -> bool {
    let mut rest = literal.after.as_slice();
    let own = |w: &str| value.labels.iter().any(|l| l.matches(w));
    while let Some((token, tail)) = rest.split_first() {
        match token {
            Token::Mark('(') => {
                let close = tail.iter().position(|t| *t == Token::Mark(')'));
                rest = close.map_or(&[], |c| &tail[c + 1..]);
                continue;
            }
            Token::Mark(c) if ".,;:!?".contains(*c) => return true,
            Token::Word(w) if super::literals::CLAUSE_WORDS.contains(&w.as_str()) => return true,
            Token::Word(w) if w.chars().all(|c| c.is_ascii_digit() || c == '-') => {}
            Token::Word(w)
                if !(NEUTRAL.contains(&w.as_str())
                    || whole_word(w)
                    || own(w)
                    || named.same_dimension(value, w)) =>
            {
                return names_own_category(rest, value);
            }
            _ => {}
        }
        rest = tail;
    }
    true
}

/// Whether the rest of the clause, up to the next number (what follows it is said of
/// that number), names one of the value's categories.
fn names_own_category(rest: &[Token], value: &Computed) -> bool {
    rest.iter()
        .take_while(|t| !matches!(t, Token::Mark(',' | ';' | ':') | Token::Number(_)))
        .filter_map(Token::word)
        .any(|w| value.labels.iter().any(|l| l.is_category() && l.matches(w)))
}
