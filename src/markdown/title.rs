//! The one rule for a body's title heading.
//!
//! A page without `title:` takes its body's first `# heading` (or
//! `===`-underlined one) outside code; a page shows its title once, so
//! that heading is left out when it became the title or says what
//! `title:` says, and a body that keeps a `# heading` shows every heading
//! one level down. Loading decides this with [`scan`] and [`plan`] (every
//! page needs its title before any body is rendered, and a line scan costs
//! less than parsing); rendering only applies the [`HeadingPlan`], finding
//! the heading left out by its position, so both mean the same heading.

/// A body's first `# heading` outside code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleHeading {
    /// 0-based body line of its text.
    pub line: usize,
    /// Byte offset in the body where its `#` (or its text) starts.
    pub offset: usize,
    /// Its text without markup: `The *new* plan` → `The new plan`.
    pub text: String,
}

/// What one scan of a body finds about its `# headings`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyHeadings {
    pub title: Option<TitleHeading>,
    /// How many `# headings` the body has, the title one included.
    pub h1_count: usize,
}

/// How a page shows its body's headings, decided once at load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeadingPlan {
    /// Byte offset of the `# heading` left out: it is the page's title.
    pub omitted: Option<usize>,
    /// Every heading shows one level down: the body keeps a `# heading`,
    /// and the page's header already holds its one `<h1>`.
    pub shifted: bool,
}

/// Finds the first `# heading` outside code blocks and counts them all,
/// in one pass over the lines.
pub fn scan(body: &str) -> BodyHeadings {
    let mut found = BodyHeadings::default();
    for heading in h1_lines(body) {
        found.h1_count += 1;
        found.title.get_or_insert(heading);
    }
    found
}

/// What to leave out and whether to shift, for a page whose frontmatter
/// sets `title` (or not).
pub fn plan(headings: &BodyHeadings, title: Option<&str>) -> HeadingPlan {
    let omitted = headings
        .title
        .as_ref()
        .filter(|heading| title.is_none_or(|title| same_title(title, &heading.text)))
        .map(|heading| heading.offset);
    HeadingPlan {
        omitted,
        shifted: headings.h1_count > usize::from(omitted.is_some()),
    }
}

/// Whether a `# heading` says what the title says, ignoring case,
/// spacing, punctuation and "and" for "&".
fn same_title(title: &str, heading: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| !w.is_empty() && w != "and")
            .collect()
    };
    words(title) == words(heading)
}

/// Each `# heading` outside code blocks, in body order.
fn h1_lines(body: &str) -> impl Iterator<Item = TitleHeading> + '_ {
    let mut fenced = false;
    // The line before, if it can be the text of a setext heading.
    let mut previous: Option<(usize, usize, &str)> = None;
    let mut offset = 0;
    body.split_inclusive('\n')
        .enumerate()
        .filter_map(move |(index, raw)| {
            let line = raw.trim_end_matches(['\n', '\r']);
            let start = offset;
            offset += raw.len();
            let trimmed = line.trim_start();
            let at = start + line.len() - trimmed.len();
            // Four spaces of indentation make a code block, not a heading.
            let code = line.len() - trimmed.len() >= 4;
            let fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
            fenced ^= fence;
            let text_line = !fenced && !fence && !code && !trimmed.is_empty();
            let found = if !text_line {
                None
            } else if let Some(title) = trimmed.strip_prefix("# ") {
                let title = title.trim().trim_end_matches('#').trim();
                Some(heading(index, at, title))
            } else if trimmed.trim_end().chars().all(|c| c == '=') {
                previous.map(|(index, at, text)| heading(index, at, text.trim()))
            } else {
                None
            };
            previous =
                (text_line && !is_atx(trimmed) && found.is_none()).then_some((index, at, line));
            found
        })
}

/// Whether a line is an ATX heading of any level (`## Part`), which no
/// `===` can underline.
fn is_atx(trimmed: &str) -> bool {
    let text = trimmed.trim_start_matches('#');
    (1..=6).contains(&(trimmed.len() - text.len()))
        && text.chars().next().is_none_or(|c| c == ' ' || c == '\t')
}

fn heading(line: usize, offset: usize, markdown: &str) -> TitleHeading {
    TitleHeading {
        line,
        offset,
        text: super::inline_text(without_attributes(markdown)),
    }
}

/// `Intro {#intro}` → `Intro`.
fn without_attributes(title: &str) -> &str {
    match title.rfind(" {") {
        Some(at) if title.ends_with('}') => title[..at].trim_end(),
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(body: &str) -> Option<String> {
        scan(body).title.map(|heading| heading.text)
    }

    #[test]
    fn finds_first_h1_outside_code() {
        assert_eq!(title("```\n# not\n```\n# Yes #\n").as_deref(), Some("Yes"));
        assert_eq!(title("~~~\n# not\n~~~\n# Yes\n").as_deref(), Some("Yes"));
        assert_eq!(title("    # code\n\n# Real\n").as_deref(), Some("Real"));
        assert_eq!(title("# The *new* plan\n").as_deref(), Some("The new plan"));
        assert_eq!(title("## no"), None);
        assert_eq!(title("# Intro {#intro}\n").as_deref(), Some("Intro"));
        assert_eq!(title("<h1>Raw</h1>\n\n## no\n"), None, "HTML is no title");
        assert_eq!(title("> # Quoted\n"), None, "a quote is no title");
    }

    #[test]
    fn setext_headings_are_titles_at_their_text_line() {
        let body = "Intro\n\nSetext title\n===\n\n# Second\n";
        let headings = scan(body);
        let first = headings.title.unwrap();
        assert_eq!((first.text.as_str(), first.line), ("Setext title", 2));
        assert_eq!(&body[first.offset..first.offset + 6], "Setext");
        assert_eq!(headings.h1_count, 2);
        assert_eq!(title("Title\r\n=====\r\n").as_deref(), Some("Title"));
    }

    #[test]
    fn an_underline_needs_text_above_it() {
        assert_eq!(title("===\n"), None);
        assert_eq!(title("\n===\n"), None);
        assert_eq!(title("```\ncode\n```\n===\n"), None, "not under a fence");
        assert_eq!(title("## Two\n===\n"), None, "not under a heading");
        assert_eq!(title("#tag\n===\n").as_deref(), Some("#tag"));
    }

    #[test]
    fn blank_lines_after_the_frontmatter_move_the_heading_down() {
        let body = "\n\n# Title\n";
        let heading = scan(body).title.unwrap();
        assert_eq!((heading.line, heading.offset), (2, 2));
    }

    #[test]
    fn the_plan_leaves_out_the_title_heading_and_shifts_the_rest() {
        let body = "# Roles, Teams and Charters\n\n## Who\n";
        let headings = scan(body);
        let omitted = HeadingPlan {
            omitted: Some(0),
            shifted: false,
        };
        assert_eq!(plan(&headings, None), omitted, "it became the title");
        assert_eq!(
            plan(&headings, Some("Roles, teams & charters")),
            omitted,
            "it says what the title says"
        );
        let kept = HeadingPlan {
            omitted: None,
            shifted: true,
        };
        assert_eq!(plan(&headings, Some("Sprint 10")), kept);
        let two = scan("# Roles\n\n# Risks\n");
        assert!(plan(&two, None).shifted, "a second `# heading` stays");
        assert_eq!(plan(&scan("## Part\n"), None), HeadingPlan::default());
    }
}
