//! Named figures computed from others (`harledda:` in `data/statistics.yaml`): sums,
//! differences, shares and ratios of counts, shares and earlier derived figures. A
//! figure is withheld when any input is, and a derived count below the threshold is
//! protected like any other.

use crate::analysis::context::{Figure, Figures};
use crate::analysis::suppression::Count;
use crate::diagnostic::{Diagnostic, Result};
use crate::load::dataset::{Derived, Operation};
use crate::locale::Hundredths;

/// One input: its value in hundredths, and whether it is a count.
#[derive(Clone, Copy)]
struct Input {
    value: Hundredths,
    count: bool,
}

/// Computes every derived figure in declaration order (each may use the ones before),
/// adding them to `figures` under `harledda.<name>`.
pub fn compute(derived: &[Derived], figures: &mut Figures, threshold: u32) -> Result<()> {
    for item in derived {
        let inputs = item
            .inputs
            .iter()
            .map(|name| input(figures, name, item))
            .collect::<Result<Vec<Option<Input>>>>()?;
        let figure = match inputs.into_iter().collect::<Option<Vec<Input>>>() {
            Some(values) => apply(item.operation, &values, threshold),
            None => withheld(item.operation, item, figures),
        };
        figures.add(&["harledda", &item.name], figure);
    }
    Ok(())
}

/// A warning for each declared share whose part is larger than its whole (above
/// 100 %), at its line; `figures` holds what [`compute`] gave for `derived`.
pub fn over_whole(derived: &[Derived], figures: &Figures) -> Vec<Diagnostic> {
    derived
        .iter()
        .filter(|item| {
            let figure = figures.get(&format!("harledda.{}", item.name));
            matches!(figure, Some(Figure::Share(Some(h))) if h.0 > 10_000)
        })
        .map(|item| {
            Diagnostic::warning(format!(
                "`harledda.{}`: this share is above 100 %: its part `{}` is larger than its whole `{}`",
                item.name, item.inputs[0], item.inputs[1]
            ))
            .at(item.line, 1)
            .with_hint("`andel: [part, whole]` names the part first")
        })
        .collect()
}

/// The value of a named input (an earlier derived figure by its bare name too);
/// `None` when it is withheld.
fn input(figures: &Figures, name: &str, item: &Derived) -> Result<Option<Input>> {
    let figure = lookup(figures, name).ok_or_else(|| {
        Diagnostic::error(format!("`harledda.{}`: unknown name `{name}`", item.name))
            .at(item.line, 1)
            .with_hint(figures.nearest(name))
    })?;
    Ok(match figure {
        Figure::Count(Count::Shown(n)) => Some(Input {
            value: Hundredths(i64::from(*n) * 100),
            count: true,
        }),
        Figure::Count(_) => None,
        Figure::Share(h) | Figure::Score(h) | Figure::Difference(h) => h.map(|value| Input {
            value,
            count: false,
        }),
        Figure::Flag(_) | Figure::Text(_) => {
            return Err(Diagnostic::error(format!(
                "`harledda.{}`: `{name}` is not a number",
                item.name
            ))
            .at(item.line, 1));
        }
    })
}

fn lookup<'a>(figures: &'a Figures, name: &str) -> Option<&'a Figure> {
    figures
        .get(name)
        .or_else(|| figures.get(&format!("harledda.{name}")))
}

fn apply(operation: Operation, inputs: &[Input], threshold: u32) -> Figure {
    let counts = inputs.iter().all(|i| i.count);
    let first = inputs[0].value.0;
    match operation {
        Operation::Sum => {
            let sum = Hundredths(inputs.iter().map(|i| i.value.0).sum());
            if counts {
                count(sum, threshold)
            } else {
                Figure::Score(Some(sum))
            }
        }
        Operation::Difference => {
            let difference = Hundredths(first - inputs[1].value.0);
            match counts && difference.0 >= 0 {
                true => count(difference, threshold),
                false => Figure::Difference(Some(difference)),
            }
        }
        Operation::Share => {
            let whole = inputs[1].value.0;
            Figure::Share(
                (whole > 0 && first >= 0)
                    .then(|| Hundredths::percent(first, whole))
                    .flatten(),
            )
        }
        Operation::Ratio => Figure::Score(Hundredths::ratio(first, inputs[1].value.0)),
    }
}

/// A derived count, protected: 1 to threshold − 1 is not published.
fn count(hundredths: Hundredths, threshold: u32) -> Figure {
    let n = u32::try_from(hundredths.0 / 100).unwrap_or(u32::MAX);
    Figure::Count(if n > 0 && n < threshold {
        Count::Small
    } else {
        Count::Shown(n)
    })
}

/// The withheld form of a figure whose inputs are not all published.
fn withheld(operation: Operation, item: &Derived, figures: &Figures) -> Figure {
    let all_counts = item
        .inputs
        .iter()
        .all(|name| matches!(lookup(figures, name), Some(Figure::Count(_))));
    match operation {
        Operation::Sum | Operation::Difference if all_counts => Figure::Count(Count::Withheld),
        Operation::Difference => Figure::Difference(None),
        Operation::Share => Figure::Share(None),
        Operation::Sum | Operation::Ratio => Figure::Score(None),
    }
}
