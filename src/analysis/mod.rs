//! Everything numeric happens here and only here: counts, shares, progression,
//! goal verdicts and small-cell suppression, as pure functions over loaded data.

pub mod series;
