//! A tree as it is grown: nodes in creation order, children always after their parent (so
//! traversal of a loaded model always terminates).

use super::split::{Split, Sums};

#[derive(Debug, Clone, Copy)]
pub struct Node {
  /// Split feature, or -1 for a leaf.
  pub feature: i32,
  pub bin: u8,
  pub default_left: bool,
  pub left: u32,
  pub right: u32,
  /// Leaf output (already shrunk); internal nodes keep theirs for inspection.
  pub value: f64,
  pub gain: f64,
  pub count: u32,
  pub hess: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Tree {
  pub nodes: Vec<Node>,
}

/// A leaf of a freshly grown tree and the range of the index array holding its rows.
#[derive(Debug, Clone, Copy)]
pub struct LeafRange {
  pub sums: Sums,
  /// Leaf value before shrinkage when the split search computed it (`Split::outputs`).
  pub output: Option<f64>,
  pub node: u32,
  pub start: usize,
  pub end: usize,
}

impl Tree {
  pub fn with_root(s: Sums) -> Tree {
    Tree { nodes: vec![leaf(s)] }
  }
  /// Turn leaf `i` into a split; returns the ids of its two new leaves.
  pub fn split(&mut self, i: usize, s: &Split) -> (usize, usize) {
    let l = self.nodes.len();
    self.nodes.push(leaf(s.left));
    self.nodes.push(leaf(s.right));
    let n = &mut self.nodes[i];
    n.feature = s.feature as i32;
    n.bin = s.bin;
    n.default_left = s.default_left;
    n.left = l as u32;
    n.right = l as u32 + 1;
    n.gain = s.gain;
    (l, l + 1)
  }
}

fn leaf(s: Sums) -> Node {
  Node { feature: -1, bin: 0, default_left: false, left: 0, right: 0, value: 0.0, gain: 0.0, count: s.n.round() as u32, hess: s.h }
}
