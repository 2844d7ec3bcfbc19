//! The per-trainer buffers that do not depend on the model being trained (the histogram pool,
//! ~0.4 MB per histogram on the seed panel, the small-node search buffer and the row-major copy of
//! the bins, refilled by each trainer), recycled across the trainers of one thread. A study trains
//! hundreds of short models one after another on each worker thread; allocating them fresh for
//! every trial cost a page fault and a kernel zeroing per page, about 5 % of a seed-panel study.
//! Histogram slices are cleared before every build and only the tree's own features are read, and
//! the small-node buffer is clean between searches, so a recycled buffer trains exactly like a
//! fresh one.
use std::cell::RefCell;

use super::compact_hist::CompactHist;
use super::histogram::HistPool;

pub struct Scratch {
  pub pool: HistPool,
  pub compact: CompactHist,
  /// Row-major bins; which trainer's they are is the trainer's to track.
  pub row_major: Vec<u8>,
}

/// Histograms kept between trainers (~25 MB at the seed panel's 95 features): more than a
/// depth-wise level of nodes above the small-node size holds on a study's folds.
const KEPT_HISTOGRAMS: usize = 64;

thread_local! {
  static SPARE: RefCell<Option<Scratch>> = const { RefCell::new(None) };
}

impl Scratch {
  /// The thread's spare buffers when they fit `cols` features, else new ones.
  pub fn take(cols: usize) -> Scratch {
    let spare = SPARE.with(|s| s.borrow_mut().take());
    match spare {
      Some(s) if s.compact.columns() == cols => s,
      _ => Scratch { pool: HistPool::new(cols), compact: CompactHist::new(cols), row_major: Vec::new() },
    }
  }

  /// Keep these buffers for the thread's next trainer: at most `KEPT_HISTOGRAMS` histograms, so
  /// an idle worker does not hold a wide leaf-wise tree's whole pool (one histogram per leaf).
  pub fn recycle(mut self) {
    self.pool.keep_at_most(KEPT_HISTOGRAMS);
    SPARE.with(|s| *s.borrow_mut() = Some(self));
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn a_recycled_scratch_is_reused_only_for_the_same_width() {
    let s = Scratch::take(3);
    let ptr = s.compact.hist_ptr();
    s.recycle();
    let again = Scratch::take(3);
    assert_eq!(again.compact.hist_ptr(), ptr);
    again.recycle();
    let wider = Scratch::take(4);
    assert_eq!(wider.compact.columns(), 4);
  }

  #[test]
  fn a_recycled_pool_keeps_a_bounded_number_of_histograms() {
    let mut s = Scratch::take(2);
    let held: Vec<_> = (0..KEPT_HISTOGRAMS + 10).map(|_| s.pool.take()).collect();
    for h in held {
      s.pool.give(h);
    }
    s.recycle();
    assert_eq!(Scratch::take(2).pool.spare(), KEPT_HISTOGRAMS);
  }
}
