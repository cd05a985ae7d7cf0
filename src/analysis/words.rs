//! The fixed words of computed tables and charts, in Swedish and English.

use crate::analysis::progression::{Change, Class};
use crate::document::Mark;
use crate::load::dataset::{Dim, Gender};
use crate::locale::Lang;

/// Column heads, row labels and legend texts of the statistics.
pub struct Words {
    pub women: &'static str,
    pub men: &'static str,
    pub gender: &'static str,
    pub total: &'static str,
    pub count: &'static str,
    pub share: &'static str,
    pub balanced: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub group: &'static str,
    pub progression: &'static str,
    pub question: &'static str,
    pub first: &'static str,
    pub last: &'static str,
    pub difference: &'static str,
    pub round: &'static str,
    pub mean: &'static str,
    dims: [&'static str; 4],
    classes: [&'static str; 3],
    changes: [&'static str; 3],
    marks: [&'static str; 3],
}

static SV: Words = Words {
    women: "Kvinnor",
    men: "Män",
    gender: "Kön",
    total: "Totalt",
    count: "Antal",
    share: "Andel",
    balanced: "Jämn könsfördelning (40/60)",
    yes: "Ja",
    no: "Nej",
    group: "Grupp",
    progression: "Progression",
    question: "Fråga",
    first: "Första mätningen",
    last: "Sista mätningen",
    difference: "Skillnad",
    round: "Mätning",
    mean: "Medelvärde",
    dims: ["Åldersgrupp", "Kommun", "Remittent", "Avslutsorsak"],
    classes: ["Positiv", "Negativ", "Oförändrad"],
    changes: ["Förbättrade", "Försämrade", "Oförändrade"],
    marks: [
        "flest förbättrade",
        "näst flest förbättrade",
        "minst andel förbättrade",
    ],
};

static EN: Words = Words {
    women: "Women",
    men: "Men",
    gender: "Gender",
    total: "Total",
    count: "Number",
    share: "Share",
    balanced: "Gender balance (40/60)",
    yes: "Yes",
    no: "No",
    group: "Group",
    progression: "Progression",
    question: "Question",
    first: "First rating",
    last: "Last rating",
    difference: "Difference",
    round: "Rating",
    mean: "Mean",
    dims: ["Age group", "Municipality", "Referrer", "Exit reason"],
    classes: ["Positive", "Negative", "Unchanged"],
    changes: ["Improved", "Worsened", "Unchanged"],
    marks: ["most improved", "next most improved", "fewest improved"],
};

impl Words {
    /// The words of a language.
    pub fn of(lang: Lang) -> &'static Words {
        match lang {
            Lang::Sv => &SV,
            Lang::En => &EN,
        }
    }

    pub fn dim(&self, dim: Dim) -> &'static str {
        self.dims[dim as usize]
    }

    pub fn gender_plural(&self, gender: Gender) -> &'static str {
        match gender {
            Gender::Kvinna => self.women,
            Gender::Man => self.men,
        }
    }

    pub fn class(&self, class: Class) -> &'static str {
        self.classes[class as usize]
    }

    pub fn change(&self, change: Change) -> &'static str {
        self.changes[change as usize]
    }

    /// The default legend text of a mark.
    pub fn mark(&self, mark: Mark) -> &'static str {
        match mark {
            Mark::Best => self.marks[0],
            Mark::Good => self.marks[1],
            Mark::Weak => self.marks[2],
        }
    }

    pub fn yes_no(&self, flag: bool) -> &'static str {
        if flag { self.yes } else { self.no }
    }
}
