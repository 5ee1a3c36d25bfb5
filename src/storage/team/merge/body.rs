//! The body merged by block: blocks both sides kept are matched, a block
//! changed on one side takes that side, and one changed differently on
//! both is a conflict.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::{Conflict, Field, Value};
use crate::model::article::Block;

/// The body merged block by block.
pub struct BlocksMerge {
    pub merged: Vec<Block>,
    pub conflicts: Vec<Conflict>,
}

/// Three-way merge of block lists (diff3): runs of blocks unchanged on both
/// sides anchor the merge; between anchors, a side's change is taken when
/// the other side left the run alone.
pub fn merge_blocks(base: &[Block], mine: &[Block], theirs: &[Block]) -> BlocksMerge {
    let mine_at = matches(base, mine);
    let theirs_at = matches(base, theirs);
    let mut merged = Vec::with_capacity(mine.len().max(theirs.len()));
    let mut conflicts = Vec::new();
    let (mut b, mut m, mut t) = (0, 0, 0);
    let mut chunk =
        |b_end: usize, m_end: usize, t_end: usize, b: usize, m: usize, t: usize, merged: &mut Vec<Block>| {
            let (bs, ms, ts) = (&base[b..b_end], &mine[m..m_end], &theirs[t..t_end]);
            if ms == ts || ts == bs {
                merged.extend_from_slice(ms);
            } else if ms == bs {
                merged.extend_from_slice(ts);
            } else if bs.is_empty() {
                // Both added blocks at the same place and changed nothing:
                // keep both, mine first; no typed text is dropped.
                merged.extend_from_slice(ms);
                merged.extend_from_slice(ts);
            } else {
                conflicts.push(Conflict {
                    field: Field::Body,
                    at: merged.len(),
                    base: Value::Blocks(bs.to_vec()),
                    mine: Value::Blocks(ms.to_vec()),
                    theirs: Value::Blocks(ts.to_vec()),
                });
                merged.extend_from_slice(ms);
            }
        };
    for i in 0..base.len() {
        let (Some(mi), Some(ti)) = (mine_at[i], theirs_at[i]) else { continue };
        if mi < m || ti < t {
            continue;
        }
        chunk(i, mi, ti, b, m, t, &mut merged);
        merged.push(mine[mi].clone());
        (b, m, t) = (i + 1, mi + 1, ti + 1);
    }
    chunk(base.len(), mine.len(), theirs.len(), b, m, t, &mut merged);
    BlocksMerge { merged, conflicts }
}

/// For each base block, where it sits unchanged in `side`, if it does.
fn matches(base: &[Block], side: &[Block]) -> Vec<Option<usize>> {
    let mut at = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            for k in 0..len {
                at[old_index + k] = Some(new_index + k);
            }
        }
    }
    at
}
