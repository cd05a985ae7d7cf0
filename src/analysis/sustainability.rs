//! How many organisations have decided, planned or are considering to keep the
//! project's way of working.

use serde_json::{Value, json};

use crate::load::sustainability::{Plan, Status};

/// The number of organisations per status, in `Status::ALL` order, and the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub counts: Vec<(Status, usize)>,
    pub total: usize,
}

/// Counts the plans per status.
pub fn tally(plans: &[Plan]) -> Tally {
    let counts = Status::ALL
        .iter()
        .map(|s| (*s, plans.iter().filter(|p| p.status == *s).count()))
        .collect();
    Tally {
        counts,
        total: plans.len(),
    }
}

impl Tally {
    /// `hallbarhet.{beslutat, planerat, overvags, ej_planerat, okant, totalt}` for prose
    /// and goals.
    pub fn context(&self) -> Value {
        let mut values = serde_json::Map::new();
        for (status, count) in &self.counts {
            values.insert(prose_name(*status).to_owned(), json!(count));
        }
        values.insert("totalt".to_owned(), json!(self.total));
        Value::Object(values)
    }
}

fn prose_name(status: Status) -> &'static str {
    match status {
        Status::Decided => "beslutat",
        Status::Planned => "planerat",
        Status::Considering => "overvags",
        Status::NotPlanned => "ej_planerat",
        Status::Unknown => "okant",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(status: Status) -> Plan {
        Plan {
            name: "Åsby".into(),
            keeps: String::new(),
            status,
        }
    }

    #[test]
    fn plans_are_counted_per_status() {
        let t = tally(&[
            plan(Status::Decided),
            plan(Status::Decided),
            plan(Status::Considering),
        ]);
        assert_eq!(t.total, 3);
        assert_eq!(t.counts[0], (Status::Decided, 2));
        assert_eq!(t.counts[2], (Status::Considering, 1));
        assert_eq!(t.context()["beslutat"], 2);
        assert_eq!(t.context()["ej_planerat"], 0);
    }
}
