//! Every fixed word of a report, in Swedish and English: the words of the rendered
//! pages, of computed tables and charts, of chart summaries and of the building blocks.
//! A new language is one more `Words` here.

use serde::Serialize;

/// The fixed words of one language.
pub struct Words {
    pub labels: Labels,
    pub statistics: StatisticsWords,
    pub charts: ChartWords,
    pub blocks: BlockWords,
    pub months: [&'static str; 12],
}

pub static SV: Words = Words {
    labels: SV_LABELS,
    statistics: SV_STATISTICS,
    charts: SV_CHARTS,
    blocks: SV_BLOCKS,
    months: SV_MONTHS,
};

pub static EN: Words = Words {
    labels: EN_LABELS,
    statistics: EN_STATISTICS,
    charts: EN_CHARTS,
    blocks: EN_BLOCKS,
    months: EN_MONTHS,
};

/// Every fixed word a rendered report uses, in one language.
#[derive(Debug, Serialize)]
pub struct Labels {
    pub figure: &'static str,
    pub table: &'static str,
    pub contents: &'static str,
    pub appendix: &'static str,
    pub chapter: &'static str,
    pub page: &'static str,
    pub page_of: &'static str,
    pub source: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub print_version: &'static str,
    pub download_pdf: &'static str,
    pub skip_to_content: &'static str,
    pub commissioner: &'static str,
    pub evaluator: &'static str,
    pub authors: &'static str,
    pub project: &'static str,
    pub date: &'static str,
    pub footnotes: &'static str,
    pub on_page: &'static str,
    pub show_data: &'static str,
    pub total: &'static str,
    pub women: &'static str,
    pub men: &'static str,
    pub count: &'static str,
    pub share: &'static str,
    pub suppressed_note: &'static str,
    pub verdict_met: &'static str,
    pub verdict_partly: &'static str,
    pub verdict_not_met: &'static str,
    pub verdict_not_assessable: &'static str,
}

const SV_LABELS: Labels = Labels {
    figure: "Figur",
    table: "Tabell",
    contents: "Innehåll",
    appendix: "Bilaga",
    chapter: "Kapitel",
    page: "Sida",
    page_of: "av",
    source: "Källa",
    previous: "Föregående",
    next: "Nästa",
    print_version: "Hela rapporten på en sida",
    download_pdf: "Ladda ner som PDF",
    skip_to_content: "Hoppa till innehållet",
    commissioner: "Uppdragsgivare",
    evaluator: "Utvärderare",
    authors: "Författare",
    project: "Projekt",
    date: "Datum",
    footnotes: "Fotnoter",
    on_page: "på sidan",
    show_data: "Visa siffrorna som tabell",
    total: "Totalt",
    women: "Kvinnor",
    men: "Män",
    count: "Antal",
    share: "Andel",
    suppressed_note: "Grupper med färre än {n} personer redovisas inte.",
    verdict_met: "Uppfyllt",
    verdict_partly: "Delvis uppfyllt",
    verdict_not_met: "Ej uppfyllt",
    verdict_not_assessable: "Kan inte bedömas",
};

const EN_LABELS: Labels = Labels {
    figure: "Figure",
    table: "Table",
    contents: "Contents",
    appendix: "Appendix",
    chapter: "Chapter",
    page: "Page",
    page_of: "of",
    source: "Source",
    previous: "Previous",
    next: "Next",
    print_version: "The whole report on one page",
    download_pdf: "Download as PDF",
    skip_to_content: "Skip to content",
    commissioner: "Commissioned by",
    evaluator: "Evaluator",
    authors: "Authors",
    project: "Project",
    date: "Date",
    footnotes: "Footnotes",
    on_page: "on page",
    show_data: "Show the figures as a table",
    total: "Total",
    women: "Women",
    men: "Men",
    count: "Number",
    share: "Share",
    suppressed_note: "Groups of fewer than {n} people are not shown.",
    verdict_met: "Met",
    verdict_partly: "Partly met",
    verdict_not_met: "Not met",
    verdict_not_assessable: "Not assessable",
};

/// Column heads, row labels and legend texts of the statistics.
pub struct StatisticsWords {
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
    /// A declared non-answer ("Vet ej"), counted apart from the scale.
    pub no_answer: &'static str,
    /// A question left blank.
    pub blank: &'static str,
    /// The share giving one of the highest answers.
    pub agreeing: &'static str,
    /// How many answered on the scale.
    pub answered: &'static str,
    /// The category of a breakdown for a missing value.
    pub missing: &'static str,
    /// The gender category for a third value or a missing one.
    pub other_gender: &'static str,
    /// "2023 K1": the label of a quarter.
    pub quarter: &'static str,
    /// Headings of the breakdowns the declaration can leave unnamed.
    dims: [(&'static str, &'static str); 4],
    /// The progression classes: positive, negative, unchanged (in `Class` order).
    pub classes: [&'static str; 3],
    /// How a question changed: improved, worsened, unchanged (in `Change` order).
    pub changes: [&'static str; 3],
    /// The default legend texts of the marks best, good, weak (in `Mark` order).
    pub marks: [&'static str; 3],
}

const SV_STATISTICS: StatisticsWords = StatisticsWords {
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
    no_answer: "Ej svar",
    blank: "Blankt",
    agreeing: "Instämmer",
    answered: "Svarande",
    missing: "Uppgift saknas",
    other_gender: "Annat/uppgift saknas",
    quarter: "K",
    dims: [
        ("aldersgrupp", "Åldersgrupp"),
        ("kommun", "Kommun"),
        ("remittent", "Remittent"),
        ("avslutsorsak", "Avslutsorsak"),
    ],
    classes: ["Positiv", "Negativ", "Oförändrad"],
    changes: ["Förbättrade", "Försämrade", "Oförändrade"],
    marks: [
        "flest förbättrade",
        "näst flest förbättrade",
        "minst andel förbättrade",
    ],
};

const EN_STATISTICS: StatisticsWords = StatisticsWords {
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
    no_answer: "No answer",
    blank: "Blank",
    agreeing: "Agreeing",
    answered: "Answering",
    missing: "Not stated",
    other_gender: "Other/not stated",
    quarter: "Q",
    dims: [
        ("aldersgrupp", "Age group"),
        ("kommun", "Municipality"),
        ("remittent", "Referrer"),
        ("avslutsorsak", "Exit reason"),
    ],
    classes: ["Positive", "Negative", "Unchanged"],
    changes: ["Improved", "Worsened", "Unchanged"],
    marks: ["most improved", "next most improved", "fewest improved"],
};

impl StatisticsWords {
    /// The heading of a breakdown by its key, for the keys rapport has always known.
    pub fn dimension(&self, key: &str) -> Option<&'static str> {
        self.dims.iter().find(|(k, _)| *k == key).map(|(_, h)| *h)
    }

    pub fn yes_no(&self, flag: bool) -> &'static str {
        if flag { self.yes } else { self.no }
    }
}

/// The fixed words of a chart summary in one language.
pub struct ChartWords {
    pub bar: &'static str,
    pub column: &'static str,
    pub grouped_bar: &'static str,
    pub stacked_bar: &'static str,
    pub radar: &'static str,
    pub dumbbell: &'static str,
    pub line: &'static str,
    pub largest: &'static str,
    pub suppressed: &'static str,
}

const SV_CHARTS: ChartWords = ChartWords {
    bar: "Liggande stapeldiagram",
    column: "Stapeldiagram",
    grouped_bar: "Grupperat stapeldiagram",
    stacked_bar: "Staplat stapeldiagram (100\u{A0}%)",
    radar: "Spindeldiagram",
    dumbbell: "Hanteldiagram",
    line: "Linjediagram",
    largest: "Störst",
    suppressed: "för få för att redovisas",
};

const EN_CHARTS: ChartWords = ChartWords {
    bar: "Horizontal bar chart",
    column: "Column chart",
    grouped_bar: "Grouped bar chart",
    stacked_bar: "100% stacked bar chart",
    radar: "Radar chart",
    dumbbell: "Dumbbell chart",
    line: "Line chart",
    largest: "Largest",
    suppressed: "too few to report",
};

/// Column heads, captions and phrases of the evaluation building blocks and citations.
pub struct BlockWords {
    /// The sustainability statuses, in the order of `Status`.
    pub statuses: [&'static str; 5],
    pub sustainability_columns: [&'static str; 3],
    /// "Av {total} organisationer: {counts}."
    pub sustainability_summary: &'static str,
    pub interview_name: &'static str,
    /// Role, organisation, date, number of people.
    pub interview_columns: [&'static str; 4],
    pub checklist_columns: [&'static str; 2],
    pub participant: &'static str,
    /// The note under the outcome matrix; `{reached}` is the mark of a reached outcome.
    pub outcome_legend: &'static str,
    pub goal_table_title: &'static str,
    pub goal_tree_title: &'static str,
    /// Between the two authors of a citation.
    pub and: &'static str,
    /// After the first author when there are three or more.
    pub et_al: &'static str,
    /// In place of the year of an undated work.
    pub no_date: &'static str,
}

const SV_BLOCKS: BlockWords = BlockWords {
    statuses: [
        "Beslutat",
        "Planerat",
        "Under övervägande",
        "Ej planerat",
        "Okänt",
    ],
    sustainability_columns: ["Organisation", "Vad som behålls", "Status"],
    sustainability_summary: "Av {total} organisationer: {counts}.",
    interview_name: "Namn",
    interview_columns: ["Roll", "Organisation", "Datum", "Antal personer"],
    checklist_columns: ["Fråga", "Bedömning"],
    participant: "Deltagare",
    outcome_legend: "{reached} = utfallet är uppnått, – = inte uppnått.",
    goal_table_title: "Måluppfyllelse per mål",
    goal_tree_title: "Projektets mål; de mål som utvärderingen följer är markerade",
    and: "och",
    et_al: "m.fl.",
    no_date: "u.å.",
};

const EN_BLOCKS: BlockWords = BlockWords {
    statuses: [
        "Decided",
        "Planned",
        "Under consideration",
        "Not planned",
        "Unknown",
    ],
    sustainability_columns: ["Organisation", "What is kept", "Status"],
    sustainability_summary: "Of {total} organisations: {counts}.",
    interview_name: "Name",
    interview_columns: ["Role", "Organisation", "Date", "People"],
    checklist_columns: ["Question", "Assessment"],
    participant: "Participant",
    outcome_legend: "{reached} = outcome reached, – = not reached.",
    goal_table_title: "Goal fulfilment per goal",
    goal_tree_title: "The project's goals; the goals the evaluation follows are marked",
    and: "and",
    et_al: "et al.",
    no_date: "n.d.",
};

const SV_MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
