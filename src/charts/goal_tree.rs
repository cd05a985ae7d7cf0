//! The goal hierarchy as a figure: one column per overarching goal with its project
//! goals stacked below; the goals the evaluation follows are filled and marked.

use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};
// Marks a followed goal, besides its fill (colour never carries meaning alone).
use crate::analysis::FOLLOWED as FOLLOWED_MARK;

use super::canvas::{self, Drawing, Ink, LINE_HEIGHT, MARGIN, WIDTH};
use super::{Chart, ChartStyle, accessible_svg, style};
use crate::diagnostic::{Diagnostic, Result};
use crate::locale::Lang;

/// One goal as the figure shows it.
#[derive(Debug, Clone)]
pub struct GoalBox {
    pub id: String,
    pub text: String,
    pub followed: bool,
}

/// An overarching goal and the project goals under it.
#[derive(Debug, Clone)]
pub struct GoalColumn {
    pub goal: GoalBox,
    pub children: Vec<GoalBox>,
}

const GAP: i32 = 12;
const PADDING: i32 = 8;

/// Draws the hierarchy, with a legend line explaining the mark.
pub fn goal_tree(
    columns: &[GoalColumn],
    title: &str,
    style: &ChartStyle,
    lang: Lang,
) -> Result<Chart> {
    if columns.is_empty() {
        return Err(Diagnostic::error("the goal figure needs at least one goal"));
    }
    let count = columns.len() as i32;
    let column_width = (WIDTH - 2 * MARGIN - (count - 1) * GAP) / count;
    let text_width = f64::from(column_width - 2 * PADDING);
    let laid_out: Vec<Vec<(Vec<String>, bool, bool)>> = columns
        .iter()
        .map(|c| {
            std::iter::once((&c.goal, true))
                .chain(c.children.iter().map(|g| (g, false)))
                .map(|(g, top)| {
                    (
                        canvas::wrap(&box_text(g), text_width - 14.0),
                        g.followed,
                        top,
                    )
                })
                .collect()
        })
        .collect();
    let column_height = |boxes: &Vec<(Vec<String>, bool, bool)>| {
        boxes.iter().map(|b| box_height(&b.0) + GAP).sum::<i32>()
    };
    let legend_top = MARGIN + laid_out.iter().map(column_height).max().unwrap_or(0);
    let height = legend_top + LINE_HEIGHT + MARGIN;
    let ink = Ink {
        font: &style.font_family,
        text: style::parse_hex(&style.text_colour)?,
        grid: style::parse_hex(&style.grid_colour)?,
        background: style::parse_hex(&style.background)?,
    };
    let accent = style::parse_hex(style.palette.first().map_or("#0072B2", String::as_str))?;
    let drawing: Drawing = canvas::draw_svg((WIDTH, height), ink, |c| {
        for (i, boxes) in laid_out.iter().enumerate() {
            let left = MARGIN + i as i32 * (column_width + GAP);
            let mut top = MARGIN;
            for (lines, followed, is_parent) in boxes {
                let h = box_height(lines);
                let indent = if *is_parent { 0 } else { 10 };
                draw_box(
                    c,
                    (left + indent, top),
                    (column_width - indent, h),
                    lines,
                    *followed,
                    accent,
                )?;
                top += h + GAP;
            }
        }
        c.label(
            &legend(lang),
            (MARGIN, legend_top + LINE_HEIGHT / 2),
            (HPos::Left, VPos::Center),
        )
    })?;
    let alt = summary(columns, title, lang);
    Ok(Chart {
        svg: accessible_svg(&drawing, title, &alt),
        alt,
    })
}

fn box_text(goal: &GoalBox) -> String {
    let mark = if goal.followed {
        format!("{FOLLOWED_MARK} ")
    } else {
        String::new()
    };
    format!("{mark}{}. {}", goal.id, goal.text)
}

fn box_height(lines: &[String]) -> i32 {
    lines.len() as i32 * LINE_HEIGHT + 2 * PADDING
}

fn draw_box(
    c: &canvas::Canvas,
    (x, y): (i32, i32),
    (w, h): (i32, i32),
    lines: &[String],
    followed: bool,
    accent: RGBColor,
) -> Result<()> {
    let border = if followed { accent } else { c.ink.grid };
    c.rect((x, y), (x + w, y + h), border)?;
    let fill = if followed {
        tint(accent)
    } else {
        c.ink.background
    };
    c.rect((x + 2, y + 2), (x + w - 2, y + h - 2), fill)?;
    let first = y + PADDING + LINE_HEIGHT / 2;
    for (i, line) in lines.iter().enumerate() {
        c.label(
            line,
            (x + PADDING, first + i as i32 * LINE_HEIGHT),
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

/// A light tint of the accent colour, dark text stays readable on it.
fn tint(colour: RGBColor) -> RGBColor {
    let mix = |v: u8| ((u16::from(v) + 3 * 255) / 4) as u8;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

fn legend(lang: Lang) -> String {
    match lang {
        Lang::Sv => format!("{FOLLOWED_MARK} = målet följs upp i utvärderingen"),
        Lang::En => format!("{FOLLOWED_MARK} = the evaluation follows this goal"),
    }
}

fn summary(columns: &[GoalColumn], title: &str, lang: Lang) -> String {
    let followed: Vec<&str> = columns
        .iter()
        .flat_map(|c| std::iter::once(&c.goal).chain(&c.children))
        .filter(|g| g.followed)
        .map(|g| g.id.as_str())
        .collect();
    let goals: Vec<String> = columns
        .iter()
        .map(|c| format!("{} ({})", c.goal.id, c.children.len()))
        .collect();
    match lang {
        Lang::Sv => format!(
            "Målhierarki: {title}. Övergripande mål med antal projektmål: {}. Mål som följs upp: {}.",
            goals.join(", "),
            followed.join(", ")
        ),
        Lang::En => format!(
            "Goal hierarchy: {title}. Overarching goals with their number of project goals: {}. Goals followed: {}.",
            goals.join(", "),
            followed.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal(id: &str, followed: bool) -> GoalBox {
        GoalBox {
            id: id.into(),
            text: "Ökad samverkan mellan kommunerna och myndigheterna".into(),
            followed,
        }
    }

    #[test]
    fn the_tree_is_accessible_and_marks_followed_goals() {
        let columns = vec![
            GoalColumn {
                goal: goal("1", true),
                children: vec![goal("1a", true), goal("1b", false)],
            },
            GoalColumn {
                goal: goal("2", false),
                children: vec![goal("2a", false)],
            },
        ];
        let chart = goal_tree(&columns, "Projektets mål", &ChartStyle::id(), Lang::Sv).unwrap();
        assert!(chart.svg.contains("role=\"img\""));
        assert!(chart.svg.contains("<title"));
        assert_eq!(
            chart.svg.matches(FOLLOWED_MARK).count(),
            3,
            "two marked boxes and the legend"
        );
        assert!(
            chart.alt.contains("Mål som följs upp: 1, 1a."),
            "{}",
            chart.alt
        );
        let again = goal_tree(&columns, "Projektets mål", &ChartStyle::id(), Lang::Sv).unwrap();
        assert_eq!(chart.svg, again.svg);
    }
}
