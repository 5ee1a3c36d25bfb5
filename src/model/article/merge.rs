//! Three-way merge of one field's values by their kind: whole values
//! (text, times, status, a picture's size), keyed lists, and the body block
//! by block. Only a value (or run of blocks) changed differently on both
//! sides clashes; the merged value then holds mine there, so the article
//! stays whole until the editor chooses.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::field::ImagePart;
use super::value::Value;
use super::{Block, Image, Note};

/// One field merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// Every clean change from both sides, and mine where they clash.
    pub value: Value,
    pub clashes: Vec<Clash>,
}

/// A part of a field changed differently on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    /// For the body: where mine's blocks start in the merged body.
    pub at: usize,
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// Merges one field's three values by their kind.
pub(super) fn values(base: Value, mine: Value, theirs: Value) -> Merged {
    let list = match (&base, &mine, &theirs) {
        (Value::Strings(b), Value::Strings(m), Value::Strings(t)) => {
            Some(keyed(b, m, t, |s| s.clone()).map(Value::Strings))
        }
        (Value::Share(b), Value::Share(m), Value::Share(t)) => Some(keyed(b, m, t, |s| *s).map(Value::Share)),
        (Value::Related(b), Value::Related(m), Value::Related(t)) => {
            Some(keyed(b, m, t, |r| r.slug.clone()).map(Value::Related))
        }
        (Value::Corrections(b), Value::Corrections(m), Value::Corrections(t)) => {
            Some(keyed(b, m, t, |c| (c.at, c.kind)).map(Value::Corrections))
        }
        (Value::Notes(b), Value::Notes(m), Value::Notes(t)) => Some(
            keyed_with(b, m, t, |n| n.id.clone(), |b, m, t| note(b, m, t).map(Arc::new)).map(Value::Notes),
        ),
        (Value::Publications(b), Value::Publications(m), Value::Publications(t)) => {
            Some(keyed(b, m, t, |p| p.target.clone()).map(Value::Publications))
        }
        (Value::Blocks(b), Value::Blocks(m), Value::Blocks(t)) => {
            let (merged, clashes) = blocks(b, m, t);
            return Merged { value: Value::Blocks(merged), clashes };
        }
        _ => None,
    };
    match list {
        Some(ListMerge::Clean(value)) => Merged { value, clashes: Vec::new() },
        Some(ListMerge::Conflict { prefer_mine, prefer_theirs }) => Merged {
            value: prefer_mine.clone(),
            clashes: vec![Clash { at: 0, base, mine: prefer_mine, theirs: prefer_theirs }],
        },
        None => match three_way(&base, &mine, &theirs) {
            Some(value) => Merged { value: value.clone(), clashes: Vec::new() },
            None => Merged { value: mine.clone(), clashes: vec![Clash { at: 0, base, mine, theirs }] },
        },
    }
}

/// The merged value when at most one side changed it (or both the same
/// way); `None` when both changed it differently.
pub fn three_way<'a, T: PartialEq>(base: &'a T, mine: &'a T, theirs: &'a T) -> Option<&'a T> {
    if mine == theirs || theirs == base {
        Some(mine)
    } else if mine == base {
        Some(theirs)
    } else {
        None
    }
}

/// A picture merged attribute by attribute; `None` when one attribute was
/// changed differently on both sides.
pub fn image(base: &Image, mine: &Image, theirs: &Image) -> Option<Image> {
    let mut merged = mine.clone();
    for part in ImagePart::ALL {
        let (b, m, t) = (part.read(base), part.read(mine), part.read(theirs));
        part.put(&mut merged, three_way(&b, &m, &t)?.clone());
    }
    Some(merged)
}

/// A keyed list merged: clean, or with the items changed differently on
/// both sides taken from mine (or from theirs).
pub enum ListMerge<T> {
    Clean(T),
    Conflict { prefer_mine: T, prefer_theirs: T },
}

impl<T> ListMerge<T> {
    fn map<U>(self, f: impl Fn(T) -> U) -> ListMerge<U> {
        match self {
            ListMerge::Clean(v) => ListMerge::Clean(f(v)),
            ListMerge::Conflict { prefer_mine, prefer_theirs } => {
                ListMerge::Conflict { prefer_mine: f(prefer_mine), prefer_theirs: f(prefer_theirs) }
            }
        }
    }
}

/// A note both sides changed, merged part by part: its words, state and
/// anchor whole, its replies as a list keyed by author and time, so two
/// editors replying at once both keep their reply. `None` when one part was
/// changed differently on both sides.
fn note(base: &Note, mine: &Note, theirs: &Note) -> Option<Note> {
    let replies = match keyed(&base.replies, &mine.replies, &theirs.replies, |r| (r.at, r.author.clone())) {
        ListMerge::Clean(replies) => replies,
        ListMerge::Conflict { .. } => return None,
    };
    let Note { id, kind, on, anchor, author, at, text, replies: _, resolved } = mine.clone();
    Some(Note {
        id,
        kind: *three_way(&base.kind, &kind, &theirs.kind)?,
        on: *three_way(&base.on, &on, &theirs.on)?,
        anchor: three_way(&base.anchor, &anchor, &theirs.anchor)?.clone(),
        author: three_way(&base.author, &author, &theirs.author)?.clone(),
        at: *three_way(&base.at, &at, &theirs.at)?,
        text: three_way(&base.text, &text, &theirs.text)?.clone(),
        replies,
        resolved: *three_way(&base.resolved, &resolved, &theirs.resolved)?,
    })
}

/// Merges a list whose items are known by a key: additions from both sides
/// are kept (mine's order first), removals are honoured unless the other
/// side changed the removed item, and an item changed differently on both
/// sides is the only conflict.
pub fn keyed<T: Clone + PartialEq, K: Eq + Hash>(
    base: &[T],
    mine: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
) -> ListMerge<Vec<T>> {
    keyed_with(base, mine, theirs, key, |_, _, _| None)
}

/// [`keyed`], with `item` merging an item both sides changed (`None`: a
/// conflict).
pub fn keyed_with<T: Clone + PartialEq, K: Eq + Hash>(
    base: &[T],
    mine: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
    item_merge: impl Fn(&T, &T, &T) -> Option<T>,
) -> ListMerge<Vec<T>> {
    if mine == theirs || theirs == base {
        return ListMerge::Clean(mine.to_vec());
    }
    if mine == base {
        return ListMerge::Clean(theirs.to_vec());
    }
    let index = |items: &[T]| {
        let mut map = HashMap::new();
        for item in items {
            map.entry(key(item)).or_insert(item.clone());
        }
        map
    };
    let (base_map, mine_map, theirs_map) = (index(base), index(mine), index(theirs));
    let mut prefer_mine = Vec::new();
    let mut prefer_theirs = Vec::new();
    let mut conflict = false;
    for item in mine {
        let k = key(item);
        match (base_map.get(&k), theirs_map.get(&k)) {
            // Removed by theirs: gone unless mine changed it.
            (Some(b), None) if b == item => {}
            (b, Some(t)) => {
                match b.and_then(|b| three_way(b, item, t).cloned().or_else(|| item_merge(b, item, t))) {
                    Some(v) => {
                        prefer_mine.push(v.clone());
                        prefer_theirs.push(v);
                    }
                    None if item == t => {
                        prefer_mine.push(item.clone());
                        prefer_theirs.push(item.clone());
                    }
                    None => {
                        conflict = true;
                        prefer_mine.push(item.clone());
                        prefer_theirs.push(t.clone());
                    }
                }
            }
            _ => {
                prefer_mine.push(item.clone());
                prefer_theirs.push(item.clone());
            }
        }
    }
    for item in theirs {
        let k = key(item);
        if mine_map.contains_key(&k) {
            continue;
        }
        match base_map.get(&k) {
            // Removed by mine and untouched by theirs.
            Some(b) if b == item => {}
            _ => {
                prefer_mine.push(item.clone());
                prefer_theirs.push(item.clone());
            }
        }
    }
    if conflict { ListMerge::Conflict { prefer_mine, prefer_theirs } } else { ListMerge::Clean(prefer_mine) }
}

/// Three-way merge of block lists (diff3): runs of blocks unchanged on both
/// sides anchor the merge; between anchors, a side's change is taken when
/// the other side left the run alone, and a run both sides changed block
/// for block (no block added, removed or moved) merges block by block.
pub fn blocks(base: &[Block], mine: &[Block], theirs: &[Block]) -> (Vec<Block>, Vec<Clash>) {
    let mine_at = matches(base, mine);
    let theirs_at = matches(base, theirs);
    let mut merged = Vec::with_capacity(mine.len().max(theirs.len()));
    let mut clashes = Vec::new();
    let (mut b, mut m, mut t) = (0, 0, 0);
    let mut chunk = |b_end: usize,
                     m_end: usize,
                     t_end: usize,
                     (b, m, t): (usize, usize, usize),
                     merged: &mut Vec<Block>| {
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
        } else if in_place(b..b_end, m, &mine_at)
            && in_place(b..b_end, t, &theirs_at)
            && bs.len() == ms.len()
            && bs.len() == ts.len()
        {
            for ((bb, mb), tb) in bs.iter().zip(ms).zip(ts) {
                match one_block(bb, mb, tb) {
                    Some(block) => merged.push(block),
                    None => {
                        clashes.push(block_clash(merged.len(), alone(bb), alone(mb), alone(tb)));
                        merged.push(mb.clone());
                    }
                }
            }
        } else {
            clashes.push(block_clash(merged.len(), bs.to_vec(), ms.to_vec(), ts.to_vec()));
            merged.extend_from_slice(ms);
        }
    };
    for i in 0..base.len() {
        let (Some(mi), Some(ti)) = (mine_at[i], theirs_at[i]) else { continue };
        if mi < m || ti < t {
            continue;
        }
        chunk(i, mi, ti, (b, m, t), &mut merged);
        merged.push(mine[mi].clone());
        (b, m, t) = (i + 1, mi + 1, ti + 1);
    }
    chunk(base.len(), mine.len(), theirs.len(), (b, m, t), &mut merged);
    (merged, clashes)
}

fn alone(block: &Block) -> Vec<Block> {
    vec![block.clone()]
}

fn block_clash(at: usize, base: Vec<Block>, mine: Vec<Block>, theirs: Vec<Block>) -> Clash {
    Clash { at, base: Value::Blocks(base), mine: Value::Blocks(mine), theirs: Value::Blocks(theirs) }
}

/// One block both sides may have changed in place: a side's change, or
/// for pictures each side's changed attributes.
fn one_block(base: &Block, mine: &Block, theirs: &Block) -> Option<Block> {
    if let Some(block) = three_way(base, mine, theirs) {
        return Some(block.clone());
    }
    match (base, mine, theirs) {
        (Block::Image(b), Block::Image(m), Block::Image(t)) => image(b, m, t).map(Block::Image),
        _ => None,
    }
}

/// True when every block of base run `run` that a side kept unchanged sits
/// at the same offset in that side's run (starting at `start`): the side
/// only replaced blocks where they stood.
fn in_place(run: std::ops::Range<usize>, start: usize, at: &[Option<usize>]) -> bool {
    let first = run.start;
    run.into_iter().all(|i| at[i].is_none_or(|j| j == start + (i - first)))
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
