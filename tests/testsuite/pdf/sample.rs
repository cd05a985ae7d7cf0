//! A hand-built evaluation report, shared by the PDF tests and the PDF benchmark.

use rapport::document::{
    Align, Block, Cell, Chapter, ChapterKind, CrossRef, Document, Figure, Heading, Inline,
    LegendItem, Mark, Spanned, Table,
};
use rapport::load::config::Meta;
use rapport::locale::Lang;

/// A report with a front chapter, three main chapters, an appendix and
/// `extra_chapters` more result chapters (each about five pages) to make it long.
pub fn report(lang: Lang, numbered: bool, extra_chapters: usize) -> Document {
    let mut chapters = vec![
        summary(),
        introduction(numbered),
        results(numbered),
        assessment(numbered),
    ];
    for n in 0..extra_chapters {
        chapters.push(long_chapter(n + 4, numbered));
    }
    chapters.push(appendix());
    Document {
        meta: Meta {
            title: "Utvärdering av projekt Spira".into(),
            subtitle: Some("Slutrapport från följeutvärderingen 2021–2024".into()),
            project: Some("Spira – vägen till arbete".into()),
            commissioner: Some("Samordningsförbundet Östra Södertörn".into()),
            evaluator: Some("Ingenjörsfirman Utvärdering & Analys AB".into()),
            authors: vec!["Åsa Öberg".into(), "Erik Ärlig".into()],
            date: "2024-11-30".into(),
            logo: None,
        },
        lang,
        numbered,
        chapters,
        images: Vec::new(),
        warnings: Vec::new(),
    }
}

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

/// A paragraph, as a block or as a block inside another (with a span).
fn para<T: From<Block>>(inlines: Vec<Inline>) -> T {
    Block::Paragraph(inlines).into()
}

fn plain<T: From<Block>>(s: &str) -> T {
    para(vec![text(s)])
}

fn section(level: u8, id: &str, number: Option<String>, title: &str) -> Block {
    Block::Heading(Heading {
        level,
        id: id.into(),
        number,
        content: vec![text(title)],
    })
}

fn chapter(
    slug: &str,
    title: &str,
    number: Option<&str>,
    kind: ChapterKind,
    blocks: Vec<Block>,
) -> Chapter {
    Chapter {
        slug: slug.into(),
        title: title.into(),
        number: number.map(str::to_owned),
        kind,
        blocks: blocks.into_iter().map(Spanned::from).collect(),
        footnotes: Vec::new(),
        source: format!("kapitel/{slug}.md"),
        text: Default::default(),
    }
}

fn number(numbered: bool, n: &str) -> Option<String> {
    numbered.then(|| n.to_owned())
}

const LOREM: &str = "Projektet har under perioden arbetat med att stärka deltagarnas väg mot arbete \
    och studier. Utvärderingen bygger på intervjuer med deltagare, personal och styrgrupp samt \
    på den statistik som projektet har fört över insatserna. Samverkan mellan myndigheterna \
    har fördjupats, även om det återstår frågor om hur arbetssättet ska leva vidare när \
    projektmedlen upphör. Särskilt värdefullt har det varit att deltagarna själva har fått \
    formulera sina mål och följa sin egen utveckling över tid.";

fn summary() -> Chapter {
    let mut c = chapter(
        "sammanfattning",
        "Sammanfattning",
        None,
        ChapterKind::Front,
        vec![
            para(vec![
                text("Den här rapporten sammanfattar följeutvärderingen av projekt Spira"),
                Inline::FootnoteRef(0),
                text(". Av deltagarna har "),
                Inline::Strong(vec![text("46,07\u{a0}%")]),
                text(
                    " gått vidare till arbete eller studier. Specialtecken som #, $, *, _, @, <, [ och \\ ska synas som de är: 5 * 3 = 15 // ingen kommentar. Räksmörgås: åäö ÅÄÖ.",
                ),
            ]),
            plain(LOREM),
            Block::Callout {
                title: Some("Slutsatser i korthet".into()),
                blocks: vec![
                    Block::List {
                        start: None,
                        items: vec![
                            vec![plain(
                                "Målet om andel till arbete eller studier har nästan nåtts.",
                            )],
                            vec![plain(
                                "Kvinnor och män har tagit del av insatserna i lika hög grad.",
                            )],
                            vec![plain("Samverkan behöver förankras i ordinarie verksamhet.")],
                        ],
                    }
                    .into(),
                ],
            },
        ],
    );
    c.footnotes = vec![vec![plain(
        "Projektet finansierades av Europeiska socialfonden, ESF+.",
    )]];
    c
}

fn introduction(numbered: bool) -> Chapter {
    chapter(
        "inledning",
        "Inledning",
        number(numbered, "1").as_deref(),
        ChapterKind::Main,
        vec![
            plain(LOREM),
            section(2, "bakgrund", number(numbered, "1.1"), "Bakgrund"),
            para(vec![
                text("Resultaten redovisas i kapitel 2, se "),
                Inline::Ref(CrossRef {
                    id: "tab-utfall".into(),
                    chapter: "resultat".into(),
                    text: "tabell 1".into(),
                    span: Default::default(),
                }),
                text(" och "),
                Inline::Ref(CrossRef {
                    id: "fig-utfall".into(),
                    chapter: "resultat".into(),
                    text: "figur 1".into(),
                    span: Default::default(),
                }),
                text("."),
            ]),
            plain(LOREM),
            section(
                2,
                "fragor",
                number(numbered, "1.2"),
                "Utvärderingens frågor",
            ),
            Block::List {
                start: Some(1),
                items: vec![
                    vec![plain("Har projektet nått sina mål?")],
                    vec![plain("Hur har samverkan fungerat?")],
                    vec![plain("Vad lever kvar efter projektet?")],
                ],
            },
            section(3, "metod", number(numbered, "1.2.1"), "Metod och material"),
            plain(LOREM),
        ],
    )
}

fn marked(s: &str, mark: Mark) -> Cell {
    Cell {
        mark: Some(mark),
        ..Cell::text(s)
    }
}

fn outcome_table() -> Table {
    Table {
        id: Some("tab-utfall".into()),
        number: Some(1),
        caption: Some("Deltagarnas utfall efter kön".into()),
        align: vec![Align::Left, Align::Right, Align::Right, Align::Right],
        header: vec![vec![
            Cell::text("Utfall"),
            Cell::text("Kvinnor"),
            Cell::text("Män"),
            Cell::text("Andel"),
        ]],
        rows: vec![
            vec![
                Cell::text("Arbete"),
                Cell::text("41"),
                Cell::text("38"),
                marked("29,59\u{a0}%", Mark::Best),
            ],
            vec![
                Cell::text("Studier"),
                Cell::text("24"),
                Cell::text("20"),
                marked("16,48\u{a0}%", Mark::Good),
            ],
            vec![
                Cell::text("Övrigt"),
                Cell::text("70"),
                Cell::text("74"),
                marked("53,93\u{a0}%", Mark::Weak),
            ],
        ],
        footer: vec![vec![
            Cell::text("Totalt"),
            Cell::text("135"),
            Cell::text("132"),
            Cell::text("100,00\u{a0}%"),
        ]],
        legend: vec![
            LegendItem {
                mark: Mark::Best,
                text: "högst andel".into(),
            },
            LegendItem {
                mark: Mark::Good,
                text: "mellan".into(),
            },
            LegendItem {
                mark: Mark::Weak,
                text: "lägst andel".into(),
            },
        ],
        notes: vec!["Grupper med färre än 5 personer redovisas inte.".into()],
        source: Some("Projektets deltagarstatistik".into()),
        landscape: false,
    }
}

/// A nine-column outcome matrix with long header words, shaped like the Kraft
/// report's: it must fit the text width without overprinting.
fn wide_matrix() -> Table {
    let outcomes = [
        "Handlingsplan",
        "Arbetsträning",
        "Avslutad praktik genom arbetsenheten",
        "Studier på gymnasienivå",
        "Sysselsättning",
        "Vårdkontakt",
        "Till Arbetsförmedlingen som arbetsför",
        "Avslutad",
        "Deltar i program på Arbetsförmedlingen",
    ];
    let mut header = vec![Cell::text("Deltagare")];
    header.extend(outcomes.iter().map(|o| Cell::text(*o)));
    let rows = ["AA", "BB", "CC", "DD", "EE", "FF"]
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut row = vec![Cell::text(*id)];
            row.extend((0..outcomes.len()).map(|c| {
                Cell::text(if (i + c) % 3 == 0 {
                    "✓ 1 ämne"
                } else {
                    "–"
                })
            }));
            row
        })
        .collect();
    Table {
        id: Some("tab-matris".into()),
        number: Some(2),
        caption: Some("Utfall per deltagare".into()),
        align: vec![Align::Center; outcomes.len() + 1],
        header: vec![header],
        rows,
        source: Some("Coachernas dokumentation".into()),
        ..Table::default()
    }
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="480" height="220" viewBox="0 0 480 220" role="img"><title>Utfall efter kön</title><desc>Stapeldiagram</desc><rect x="60" y="40" width="60" height="140" fill="#1d4f73"/><rect x="200" y="100" width="60" height="80" fill="#5b8db3"/><rect x="340" y="60" width="60" height="120" fill="#9cbdd6"/><line x1="40" y1="180" x2="460" y2="180" stroke="#333"/><text x="90" y="200" font-family="Inter" font-size="12" text-anchor="middle">Arbete</text><text x="230" y="200" font-family="Inter" font-size="12" text-anchor="middle">Studier</text><text x="370" y="200" font-family="Inter" font-size="12" text-anchor="middle">Övrigt</text></svg>"##;

fn results(numbered: bool) -> Chapter {
    chapter(
        "resultat",
        "Resultat för deltagarna",
        number(numbered, "2").as_deref(),
        ChapterKind::Main,
        vec![
            plain(LOREM),
            section(2, "utfall", number(numbered, "2.1"), "Utfall efter avslut"),
            Block::Table(outcome_table()),
            plain(LOREM),
            Block::Figure(Figure {
                id: Some("fig-utfall".into()),
                number: Some(1),
                caption: "Deltagarnas utfall efter avslut".into(),
                svg: SVG.into(),
                alt: "Stapeldiagram: 79 till arbete, 44 till studier, 144 övrigt.".into(),
                data: Table::default(),
                source: Some("Projektets deltagarstatistik".into()),
                landscape: false,
            }),
            Block::Table(wide_matrix()),
            section(2, "citat", number(numbered, "2.2"), "Deltagarnas röster"),
            Block::Quote {
                blocks: vec![plain("Jag fick hjälp att se vad jag faktiskt kan.")],
                attribution: Some("en kvinna".into()),
            },
            plain(LOREM),
        ],
    )
}

fn assessment(numbered: bool) -> Chapter {
    chapter(
        "bedomning",
        "Utvärderarens bedömning",
        number(numbered, "3").as_deref(),
        ChapterKind::Main,
        vec![
            para(vec![Inline::Strong(vec![text(
                "› Projektmålet har delvis infriats.",
            )])]),
            plain(LOREM),
            section(
                2,
                "hallbarhet",
                number(numbered, "3.1"),
                "Hållbarhet och implementering",
            ),
            plain(LOREM),
            Block::Code {
                text: "mål: 50 %\nutfall: 46,07 %".into(),
            },
            Block::Rule,
            plain(LOREM),
        ],
    )
}

fn long_chapter(n: usize, numbered: bool) -> Chapter {
    let slug = format!("delrapport-{n}");
    let num = n.to_string();
    let mut blocks = Vec::new();
    for s in 1..=4 {
        blocks.push(section(
            2,
            &format!("{slug}-{s}"),
            number(numbered, &format!("{n}.{s}")),
            &format!("Delområde {s}"),
        ));
        for _ in 0..5 {
            blocks.push(plain(LOREM));
        }
        let mut table = outcome_table();
        table.id = None;
        table.number = None;
        blocks.push(Block::Table(table));
    }
    chapter(
        &slug,
        &format!("Delrapport {n}: fördjupning"),
        number(numbered, &num).as_deref(),
        ChapterKind::Main,
        blocks,
    )
}

fn appendix() -> Chapter {
    chapter(
        "intervjuer",
        "Intervjuade personer",
        Some("1"),
        ChapterKind::Appendix,
        vec![Block::Table(Table {
            id: Some("tab-intervjuer".into()),
            number: Some(3),
            caption: Some("Intervjuer efter funktion".into()),
            align: vec![Align::Left, Align::Left],
            header: vec![vec![Cell::text("Funktion"), Cell::text("Datum")]],
            rows: interviews(),
            source: Some("Utvärderarnas intervjulogg".into()),
            ..Table::default()
        })],
    )
}

/// Enough interviews that the appendix table breaks across pages.
fn interviews() -> Vec<Vec<Cell>> {
    let roles = [
        "Projektledare",
        "Handläggare, Försäkringskassan",
        "Coach",
        "Deltagare",
    ];
    (0..60)
        .map(|i| {
            vec![
                Cell::text(format!(
                    "{} {}",
                    roles[i % roles.len()],
                    i / roles.len() + 1
                )),
                Cell::text(format!("2023-{:02}-{:02}", i % 12 + 1, i % 28 + 1)),
            ]
        })
        .collect()
}
