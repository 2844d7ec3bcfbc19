//! Stable in-place partition of a node's row indices by a split, so children own contiguous
//! ranges of one index array and rows stay in ascending order (sequential bin reads).

/// Move rows going left to the front of `idx` (order kept); returns how many went left.
pub fn partition(idx: &mut [u32], scratch: &mut Vec<u32>, col: &[u8], bin: u8, nan_bin: u8, default_left: bool) -> usize {
  scratch.clear();
  let mut w = 0;
  for i in 0..idx.len() {
    let r = idx[i];
    let b = col[r as usize];
    let left = b <= bin || (b == nan_bin && default_left);
    if left {
      idx[w] = r;
      w += 1;
    } else {
      scratch.push(r);
    }
  }
  idx[w..].copy_from_slice(scratch);
  w
}
