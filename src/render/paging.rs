//! Long lists split into numbered pages, as Hugo's and Zola's paginators
//! do: the first page at the list's own address, page `n` at
//! `<address>page/<n>/`, each linking to its neighbours. One place decides
//! the addresses and the slices, so sections, level indexes and the health
//! pages page alike.

use crate::urls;
use serde::Serialize;
use std::ops::Range;

/// How many pages `count` items take, `per_page` at a time (at least one).
pub fn page_count(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page.max(1)).max(1)
}

/// The site path of page `n` (from 1) of the list at `base`.
pub fn page_path(base: &str, n: usize) -> String {
    match n {
        1 => base.to_string(),
        n => format!("{base}page/{n}/"),
    }
}

/// The site paths of pages 2 and after of a list at `base`.
pub fn further_pages(base: &str, count: usize, per_page: usize) -> Vec<String> {
    (2..=page_count(count, per_page))
        .map(|n| page_path(base, n))
        .collect()
}

/// The items on page `n` of a list of `count`.
pub fn slice(count: usize, per_page: usize, n: usize) -> Range<usize> {
    let per_page = per_page.max(1);
    let from = (n.saturating_sub(1) * per_page).min(count);
    from..(from + per_page).min(count)
}

/// The links between the pages of one list, as templates see them
/// (`partials/pager.html`); `None` for a list that fits on one page.
#[derive(Serialize, Debug)]
pub struct Pager {
    /// This page's number, from 1, and how many there are.
    pub number: usize,
    pub pages: usize,
    /// Positions of the first and last item shown, from 1, of `count`.
    pub first: usize,
    pub last: usize,
    pub count: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first and last pages, and those around this one: a list of
    /// seventy pages links to seven, not seventy.
    pub links: Vec<PagerLink>,
}

/// One numbered link of a [`Pager`].
#[derive(Serialize, Debug)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages are left out before this one.
    pub gap: bool,
}

/// Pages on either side of the current one that get a numbered link.
const AROUND: usize = 2;

/// The pager of page `n` of a list of `count` items at `base`.
pub fn pager(
    base_path: &str,
    base: &str,
    count: usize,
    per_page: usize,
    n: usize,
) -> Option<Pager> {
    let pages = page_count(count, per_page);
    if pages < 2 {
        return None;
    }
    let url = |number: usize| urls::href(base_path, &page_path(base, number));
    let shown = |number: usize| number == 1 || number == pages || number.abs_diff(n) <= AROUND;
    let mut links: Vec<PagerLink> = Vec::new();
    for number in (1..=pages).filter(|m| shown(*m)) {
        let gap = links.last().is_some_and(|l| l.number + 1 != number);
        links.push(PagerLink {
            number,
            url: url(number),
            current: number == n,
            gap,
        });
    }
    let range = slice(count, per_page, n);
    Some(Pager {
        number: n,
        pages,
        first: range.start + 1,
        last: range.end,
        count,
        prev: (n > 1).then(|| url(n - 1)),
        next: (n < pages).then(|| url(n + 1)),
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_item_once() {
        let covered: Vec<usize> = (1..=page_count(451, 200))
            .flat_map(|n| slice(451, 200, n))
            .collect();
        assert_eq!(covered, (0..451).collect::<Vec<_>>());
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
    }

    #[test]
    fn a_long_list_links_to_its_ends_and_neighbours() {
        let p = pager("/", "/levels/daily/", 7000, 100, 35).unwrap();
        let numbers: Vec<usize> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 33, 34, 35, 36, 37, 70]);
        let gaps: Vec<bool> = p.links.iter().map(|l| l.gap).collect();
        assert_eq!(gaps, [false, true, false, false, false, false, true]);
        assert_eq!(p.prev.as_deref(), Some("/levels/daily/page/34/"));
        assert_eq!(p.next.as_deref(), Some("/levels/daily/page/36/"));
        assert_eq!((p.first, p.last), (3401, 3500));
        let first = pager("/docs/", "/levels/daily/", 7000, 100, 1).unwrap();
        assert_eq!(first.prev, None);
        assert_eq!(first.links[0].url, "/docs/levels/daily/");
        assert!(pager("/", "/x/", 100, 100, 1).is_none());
    }
}
