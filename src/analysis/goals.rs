//! Goal verdicts: computed from a target and an analysed value, or written by the
//! evaluator; an evaluator's verdict on a measured goal is an override, shown as such.

use crate::diagnostic::{Diagnostic, Result};
use crate::load::goals::{Comparator, Goal, GoalsFile, Target, Verdict};
use crate::locale::Exact;

/// One assessed goal, flattened in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: String,
    pub text: String,
    /// 0 for an overarching goal, 1 for a project goal under it.
    pub depth: usize,
    pub followed: bool,
    pub target: Option<Target>,
    /// The analysed value the target names (`None` when withheld or missing).
    pub actual: Option<f64>,
    /// The verdict the target gives, if there is a target.
    pub computed: Option<Verdict>,
    /// The verdict shown: the evaluator's, else the computed one.
    pub verdict: Option<Verdict>,
    pub rationale: Option<String>,
}

impl Assessment {
    /// True when the evaluator's verdict differs from the computed one.
    pub fn overridden(&self) -> bool {
        self.computed.is_some() && self.verdict != self.computed
    }
}

/// Assesses every goal; `value` looks up an analysed value by its prose name.
/// An unknown value name or a followed goal without any verdict is an error.
pub fn assess(
    file: &GoalsFile,
    value: &dyn Fn(&str) -> Option<Option<f64>>,
) -> Result<Vec<Assessment>> {
    let mut out = Vec::new();
    for goal in &file.goals {
        assess_tree(goal, 0, file, value, &mut out)?;
    }
    Ok(out)
}

fn assess_tree(
    goal: &Goal,
    depth: usize,
    file: &GoalsFile,
    value: &dyn Fn(&str) -> Option<Option<f64>>,
    out: &mut Vec<Assessment>,
) -> Result<()> {
    let actual = match &goal.target {
        Some(target) => value(&target.value).ok_or_else(|| {
            let (line, column) = position_of(&file.source, &[target.value.as_str()]);
            Diagnostic::error(format!(
                "goal {}: there is no analysed value `{}`",
                goal.id, target.value
            ))
            .in_file(&file.path)
            .at(line, column)
            .with_hint("use a name from docs/statistics.md, e.g. bip.positiv.andel")
        })?,
        None => None,
    };
    if let (Some(target), Some(Err(e))) = (&goal.target, actual.map(Exact::from_f64)) {
        let (line, column) = position_of(&file.source, &[target.value.as_str()]);
        return Err(Diagnostic::error(format!(
            "goal {}: the value `{}`: {e}",
            goal.id, target.value
        ))
        .in_file(&file.path)
        .at(line, column));
    }
    let computed = goal.target.as_ref().map(|t| verdict(t, actual));
    let verdict = goal.verdict.or(computed);
    if goal.followed && verdict.is_none() {
        let id = &goal.id;
        let (line, column) = position_of(
            &file.source,
            &[
                &format!("id: {id}"),
                &format!("id: \"{id}\""),
                &format!("id: '{id}'"),
            ],
        );
        return Err(Diagnostic::error(format!("goal {} is followed but has neither a target nor a verdict", goal.id))
            .in_file(&file.path)
            .at(line, column)
            .with_hint("add `target:` (value, comparator, level) or `verdict: met | partly-met | not-met | not-assessable`"));
    }
    out.push(Assessment {
        id: goal.id.clone(),
        text: goal.text.clone(),
        depth,
        followed: goal.followed,
        target: goal.target.clone(),
        actual,
        computed,
        verdict,
        rationale: goal.rationale.clone(),
    });
    for child in &goal.goals {
        assess_tree(child, depth + 1, file, value, out)?;
    }
    Ok(())
}

/// The verdict a target gives for an actual value (`None`: withheld or missing).
pub fn verdict(target: &Target, actual: Option<f64>) -> Verdict {
    let Some(actual) = actual else {
        return Verdict::NotAssessable;
    };
    let reaches = |level: f64| match target.comparator {
        Comparator::AtLeast => actual >= level,
        Comparator::Above => actual > level,
        Comparator::AtMost => actual <= level,
        Comparator::Below => actual < level,
    };
    if reaches(target.level) {
        Verdict::Met
    } else if target.partly.is_some_and(reaches) {
        Verdict::PartlyMet
    } else {
        Verdict::NotMet
    }
}

/// The value at a prose name such as `bip.positiv.andel` or
/// `deltagare.aldersgrupp["20-29"].antal`.
pub fn value_at<'a>(
    root: &'a serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<&'a serde_json::Value> {
    let mut parts = name
        .split(['.', '[', ']'])
        .map(|p| p.trim_matches(['"', '\'']))
        .filter(|p| !p.is_empty());
    let first = root.get(parts.next()?)?;
    parts.try_fold(first, |value, key| value.get(key))
}

/// The 1-based line and column of the first occurrence of any of `needles`.
fn position_of(source: &str, needles: &[&str]) -> (usize, usize) {
    source
        .lines()
        .enumerate()
        .find_map(|(i, line)| {
            let column = needles.iter().find_map(|n| line.find(n))?;
            Some((i + 1, line[..column].chars().count() + 1))
        })
        .unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::goals::TargetUnit;

    fn target(comparator: Comparator, level: f64, partly: Option<f64>) -> Target {
        Target {
            value: "bip.positiv.andel".into(),
            comparator,
            level,
            partly,
            unit: TargetUnit::Percent,
        }
    }

    #[test]
    fn names_reach_nested_values() {
        let root = serde_json::json!({"bip": {"positiv": {"andel": "65,74 %"}}, "d": {"a": {"20-29": {"n": 3}}}});
        let root = root.as_object().unwrap();
        assert_eq!(value_at(root, "bip.positiv.andel").unwrap(), "65,74 %");
        assert_eq!(value_at(root, "d.a[\"20-29\"].n").unwrap(), 3);
        assert!(value_at(root, "bip.negativ").is_none());
    }

    #[test]
    fn the_spik_goal_is_not_met() {
        assert_eq!(
            verdict(&target(Comparator::AtLeast, 80.0, None), Some(65.74)),
            Verdict::NotMet
        );
    }

    #[test]
    fn boundaries_follow_the_comparator() {
        assert_eq!(
            verdict(&target(Comparator::AtLeast, 80.0, None), Some(80.0)),
            Verdict::Met
        );
        assert_eq!(
            verdict(&target(Comparator::Above, 80.0, None), Some(80.0)),
            Verdict::NotMet
        );
        assert_eq!(
            verdict(&target(Comparator::AtMost, 10.0, None), Some(10.0)),
            Verdict::Met
        );
        assert_eq!(
            verdict(&target(Comparator::Below, 10.0, None), Some(10.0)),
            Verdict::NotMet
        );
    }

    #[test]
    fn a_partial_level_gives_partly_met() {
        let t = target(Comparator::AtLeast, 80.0, Some(60.0));
        assert_eq!(verdict(&t, Some(65.74)), Verdict::PartlyMet);
        assert_eq!(verdict(&t, Some(59.99)), Verdict::NotMet);
    }

    #[test]
    fn a_withheld_value_cannot_be_assessed() {
        assert_eq!(
            verdict(&target(Comparator::AtLeast, 80.0, None), None),
            Verdict::NotAssessable
        );
    }

    fn file(source: &str) -> GoalsFile {
        let root: serde_yaml::Value = serde_yaml::from_str(source).unwrap();
        let goals = serde_yaml::from_value(root["goals"].clone()).unwrap();
        GoalsFile {
            path: "data/goals.yaml".into(),
            source: source.into(),
            goals,
        }
    }

    #[test]
    fn overrides_are_kept_apart_from_computed_verdicts() {
        let f = file(
            "goals:\n  - id: \"1\"\n    text: Övergripande\n    goals:\n      - id: 1d\n        text: Minst 80 %\n        followed: true\n        target: {value: bip.positiv.andel, comparator: \">=\", level: 80}\n        verdict: partly-met\n",
        );
        let assessed = assess(&f, &|_| Some(Some(65.74))).unwrap();
        assert_eq!(assessed.len(), 2);
        assert_eq!(assessed[1].depth, 1);
        assert_eq!(assessed[1].computed, Some(Verdict::NotMet));
        assert_eq!(assessed[1].verdict, Some(Verdict::PartlyMet));
        assert!(assessed[1].overridden());
    }

    #[test]
    fn unknown_values_are_located() {
        let f = file(
            "goals:\n  - id: \"1\"\n    text: Mål\n    target: {value: bip.positv.andel, comparator: \">=\", level: 80}\n",
        );
        let err = assess(&f, &|_| None).unwrap_err();
        assert!(err.message.contains("bip.positv.andel"));
        assert_eq!(err.position.unwrap().line, 4);
    }

    #[test]
    fn values_that_cannot_be_printed_give_no_verdict() {
        let f = file(
            "goals:\n  - id: \"1\"\n    text: Mål\n    target: {value: budget, comparator: \">=\", level: 80}\n",
        );
        let err = assess(&f, &|_| Some(Some(1e300))).unwrap_err();
        assert!(err.message.contains("too large"), "{}", err.message);
        assert_eq!(err.position.unwrap().line, 4);
    }

    #[test]
    fn followed_goals_need_a_verdict() {
        let f = file("goals:\n  - id: \"2\"\n    text: Mål\n    followed: true\n");
        let err = assess(&f, &|_| None).unwrap_err();
        assert!(err.message.contains("goal 2"), "{}", err.message);
        assert_eq!(err.position.unwrap().line, 2);
    }
}
