//! Source line of every row, for errors raised after rows were sorted or merged. Rows mostly sit on
//! consecutive lines, so the map keeps only the runs (a run restarts after a header, a blank line,
//! a dropped row or a quoted line break) instead of one number per row.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
  /// (first row of the run, its line); rows of a run are on consecutive lines.
  runs: Vec<(usize, u64)>,
}

impl LineMap {
  /// Rows `0..n` on lines `first..first + n`.
  pub fn consecutive(first: u64) -> Self {
    LineMap { runs: vec![(0, first)] }
  }

  /// Record that row `row` (the next one, in increasing order) is on `line`.
  #[inline]
  pub fn push(&mut self, row: usize, line: u64) {
    if let Some(&(r0, l0)) = self.runs.last() {
      if l0 + (row - r0) as u64 == line {
        return;
      }
    }
    self.runs.push((row, line));
  }

  /// The line of `row`.
  pub fn line(&self, row: usize) -> u64 {
    let k = self.runs.partition_point(|&(r, _)| r <= row);
    match k {
      0 => row as u64,
      _ => {
        let (r0, l0) = self.runs[k - 1];
        l0 + (row - r0) as u64
      }
    }
  }

  /// Append another source's map whose rows follow `offset` rows of this one.
  pub fn append(&mut self, other: &LineMap, offset: usize) {
    self.runs.extend(other.runs.iter().map(|&(r, l)| (r + offset, l)));
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn lines_are_recovered_for_every_row_across_runs_and_appends() {
    let lines_a = [2u64, 3, 4, 6, 7, 11, 12, 13];
    let lines_b = [1u64, 2, 5, 6];
    let mut a = LineMap::default();
    for (r, &l) in lines_a.iter().enumerate() {
      a.push(r, l);
    }
    let mut b = LineMap::default();
    for (r, &l) in lines_b.iter().enumerate() {
      b.push(r, l);
    }
    assert_eq!(a.runs.len(), 3);
    a.append(&b, lines_a.len());
    let all: Vec<u64> = lines_a.iter().chain(lines_b.iter()).copied().collect();
    for (r, &l) in all.iter().enumerate() {
      assert_eq!(a.line(r), l, "row {r}");
    }
    let c = LineMap::consecutive(2);
    assert_eq!((c.line(0), c.line(99)), (2, 101));
  }
}
