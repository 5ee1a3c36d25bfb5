//! The rows of the page (the header, each body block, the related cards)
//! and where each starts, kept between frames.
//!
//! Finding what is on screen used to walk every row each frame, guessing
//! the height of each block not yet laid out from its text: at 500,000
//! words that walk was a large part of a keystroke's frame. The plan is
//! made again only when the analysis, the column or a measured height
//! changes; a frame then finds its rows by a binary search.

use std::collections::HashMap;
use std::ops::Range;

use super::GAP;
use crate::editing::analysis::Analysis;
use crate::model::article::Article;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Row {
    Header,
    Block(usize),
    /// Corrections, updates and editor's notes at the story's foot.
    Corrections,
    RelatedTitle,
    /// A pair of related cards (or one, at the end or on a phone).
    Related(usize, usize),
}

/// Measured row heights, keyed by row content and column width, and a
/// count of their changes, so a plan knows when it is out of date.
#[derive(Default)]
pub struct Heights {
    map: HashMap<u64, f32>,
    changes: u64,
}

impl Heights {
    /// Records a row's height as laid out; true when it differed from
    /// what the plan assumed.
    pub fn measured(&mut self, key: u64, height: f32, assumed: f32) -> bool {
        if (height - assumed).abs() <= 0.5 {
            return false;
        }
        self.map.insert(key, height);
        self.changes += 1;
        true
    }

    /// Heights are kept per block content, so edits leave old entries
    /// behind; drop them all once they far outnumber the blocks.
    pub fn forget_old(&mut self, blocks: usize) {
        if self.map.len() > 4 * blocks + 64 {
            self.map.clear();
            self.changes += 1;
        }
    }
}

/// What a plan was made from.
#[derive(Clone, Copy, PartialEq)]
struct Made {
    analysis: (u64, u64, usize),
    header: u64,
    related: u64,
    column: u32,
    pairs: bool,
    heights: u64,
}

pub struct Plan {
    made: Made,
    pub rows: Vec<(u64, Row)>,
    /// Where each row starts, from the first row's top; one more entry
    /// where the last one ends (gap included).
    tops: Vec<f32>,
}

impl Plan {
    /// The plan for this page, `previous` if it still fits.
    pub fn for_page(
        previous: Option<Plan>,
        article: &Article,
        analysis: &Analysis,
        header: u64,
        column: f32,
        pairs: bool,
        heights: &Heights,
    ) -> Plan {
        // The related cards are few; their keys hash their content, so an
        // edited card is laid out again.
        let mut related = related_rows(article, column, pairs);
        if !article.corrections.is_empty() {
            let key = super::hash_of(&(&article.corrections, column.to_bits()));
            related.insert(0, (key, Row::Corrections));
        }
        let made = Made {
            analysis: (analysis.revision, analysis.generation, analysis.block_keys.len()),
            header,
            related: super::hash_of(&related.iter().map(|(key, _)| *key).collect::<Vec<_>>()),
            column: column.to_bits(),
            pairs,
            heights: heights.changes,
        };
        if let Some(plan) = previous
            && plan.made == made
        {
            return plan;
        }
        let mut rows = Vec::with_capacity(analysis.block_keys.len() + related.len() + 1);
        rows.push((header, Row::Header));
        for (index, key) in analysis.block_keys.iter().enumerate() {
            rows.push((key ^ column.to_bits() as u64, Row::Block(index)));
        }
        rows.extend(related);
        let mut tops = Vec::with_capacity(rows.len() + 1);
        let mut y = 0.0;
        for (key, row) in &rows {
            tops.push(y);
            y += heights.map.get(key).copied().unwrap_or_else(|| estimate(*row, analysis, column)) + GAP;
        }
        tops.push(y);
        Plan { made, rows, tops }
    }

    /// Where row `index` starts.
    pub fn top(&self, index: usize) -> f32 {
        self.tops[index]
    }

    /// The height the plan gives row `index`.
    pub fn height(&self, index: usize) -> f32 {
        self.tops[index + 1] - self.tops[index] - GAP
    }

    /// Where the last row ends.
    pub fn end(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The rows that reach into `from..to`.
    pub fn within(&self, from: f32, to: f32) -> Range<usize> {
        // Row i spans tops[i]..tops[i] + height(i); its bottom is below
        // `from` when the next row's top, less the gap, is.
        let first = self.tops[1..].partition_point(|&next| next - GAP < from);
        let last = self.tops[..self.rows.len()].partition_point(|&top| top <= to);
        first..last.max(first)
    }

    /// The row of body block `block`.
    pub fn row_of_block(&self, block: usize) -> Option<usize> {
        let index = block + 1;
        matches!(self.rows.get(index), Some((_, Row::Block(b))) if *b == block).then_some(index)
    }
}

fn related_rows(article: &Article, column: f32, pairs: bool) -> Vec<(u64, Row)> {
    let mut rows = Vec::new();
    if article.related.is_empty() {
        return rows;
    }
    rows.push((column.to_bits() as u64 ^ 0x5e1a7ed, Row::RelatedTitle));
    let step = if pairs { 2 } else { 1 };
    let mut index = 0;
    while index < article.related.len() {
        let end = (index + step).min(article.related.len());
        let key = super::hash_of(&(&article.related[index..end], column.to_bits()));
        rows.push((key, Row::Related(index, end)));
        index = end;
    }
    rows
}

/// A guess at a row's height before it has been laid out once.
fn estimate(row: Row, analysis: &Analysis, column: f32) -> f32 {
    let chars_per_line = (column / 9.0).max(10.0);
    match row {
        Row::Header => 260.0,
        Row::RelatedTitle => 40.0,
        Row::Corrections => 80.0,
        Row::Related(..) => 130.0,
        Row::Block(index) => {
            let chars: usize =
                analysis.parsed.blocks.get(index).map_or(0, |b| b.texts().iter().map(|t| t.len()).sum());
            (chars as f32 / chars_per_line).ceil().max(1.0) * 27.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::article::Block;

    fn analysis(blocks: usize) -> Analysis {
        let mut analysis = Analysis::default();
        analysis.parsed.blocks = (0..blocks).map(|n| Block::Paragraph(format!("Paragraph {n}."))).collect();
        analysis.block_keys = (0..blocks as u64).map(|n| n * 7919).collect();
        analysis
    }

    #[test]
    fn rows_on_screen_are_found_by_their_tops() {
        let analysis = analysis(1000);
        let mut heights = Heights::default();
        let plan = Plan::for_page(None, &Article::default(), &analysis, 1, 600.0, true, &heights);
        assert_eq!(plan.rows.len(), 1001);
        let row = 500;
        let (top, height) = (plan.top(row), plan.height(row));
        let on_screen = plan.within(top + 1.0, top + height - 1.0);
        assert_eq!(on_screen, row..row + 1);
        // Everything reaches into a view of the whole page.
        assert_eq!(plan.within(-1.0, plan.end() + 1.0), 0..1001);
        assert_eq!(plan.row_of_block(499), Some(500));

        // The same inputs keep the plan; a measured height remakes it.
        let plan = Plan::for_page(Some(plan), &Article::default(), &analysis, 1, 600.0, true, &heights);
        let key = plan.rows[row].0;
        assert!(heights.measured(key, height + 100.0, height));
        let plan = Plan::for_page(Some(plan), &Article::default(), &analysis, 1, 600.0, true, &heights);
        assert_eq!(plan.height(row), height + 100.0);
        assert_eq!(plan.top(row + 1), top + height + 100.0 + GAP);
    }
}
