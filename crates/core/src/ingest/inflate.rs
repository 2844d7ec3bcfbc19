//! Whole-file gzip inflate with libdeflate (about twice zlib's speed, CRC by PCLMUL) for files read
//! at once. It only takes the easy, common case — one member whose ISIZE trailer is its true size —
//! and hands everything else (several members, > 4 GiB, damage) back to the streaming flate2
//! decoder, so that every error and edge case keeps one behaviour.

use libdeflate_sys::{
  libdeflate_alloc_decompressor, libdeflate_free_decompressor, libdeflate_gzip_decompress_ex,
  libdeflate_result_LIBDEFLATE_SUCCESS,
};

/// Above this the text is not held whole; the streaming decoder reads it instead.
const MAX_WHOLE_BYTES: usize = 1 << 32;

/// Inflate `gz` (a complete gzip file) in one call, or `None` when it is not a single clean member
/// whose size the trailer states.
pub fn inflate_single_member(gz: &[u8]) -> Option<Vec<u8>> {
  if gz.len() < 18 {
    return None;
  }
  let tail = &gz[gz.len() - 4..];
  let isize = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as usize;
  // Deflate expands at most ~1032:1; a larger claim is a damaged trailer.
  if isize > MAX_WHOLE_BYTES || isize / 1032 > gz.len() {
    return None;
  }
  // One spare byte: a member that fills the buffer exactly is then known to be complete, while
  // a wrapped ISIZE (> 4 GiB of text) or a later member shows up as missing space or leftover input.
  let cap = isize + 1;
  let mut out: Vec<u8> = Vec::new();
  out.try_reserve_exact(cap).ok()?;
  let mut in_used = 0usize;
  let mut out_used = 0usize;
  // SAFETY: the decompressor is allocated and freed here only; libdeflate reads `gz.len()` bytes
  // from `gz` and writes at most `cap` bytes into `out`'s reserved capacity, reporting how many
  // through `out_used`, which bounds the `set_len` below.
  let ok = unsafe {
    let d = libdeflate_alloc_decompressor();
    if d.is_null() {
      return None;
    }
    let r = libdeflate_gzip_decompress_ex(
      d,
      gz.as_ptr().cast(),
      gz.len(),
      out.as_mut_ptr().cast(),
      cap,
      &mut in_used,
      &mut out_used,
    );
    libdeflate_free_decompressor(d);
    r == libdeflate_result_LIBDEFLATE_SUCCESS && out_used <= cap
  };
  if !ok || in_used != gz.len() || out_used != isize {
    return None;
  }
  // SAFETY: libdeflate initialised the first `out_used` bytes (checked ≤ capacity above).
  unsafe { out.set_len(out_used) };
  Some(out)
}

#[cfg(test)]
mod tests {
  use super::*;
  use std::io::{Read, Write};

  fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
  }

  #[test]
  fn single_member_inflates_to_the_original_bytes() {
    let text: Vec<u8> = (0..50_000).flat_map(|i| format!("{i},{}.5\n", i * 7).into_bytes()).collect();
    assert_eq!(inflate_single_member(&gzip(&text)).as_deref(), Some(&text[..]));
  }

  #[test]
  fn several_members_are_left_to_the_streaming_decoder() {
    let mut two = gzip(b"a,b\n1,2\n");
    two.extend(gzip(b"3,4\n"));
    assert_eq!(inflate_single_member(&two), None);
    let mut all = String::new();
    flate2::read::MultiGzDecoder::new(&two[..]).read_to_string(&mut all).unwrap();
    assert_eq!(all, "a,b\n1,2\n3,4\n");
  }

  #[test]
  fn a_wrong_size_trailer_or_damage_is_left_to_the_streaming_decoder() {
    let good = gzip(b"time,close\n1,2\n");
    let mut wrapped = good.clone();
    let n = wrapped.len();
    wrapped[n - 4..].copy_from_slice(&3u32.to_le_bytes()); // as if ISIZE had wrapped past 4 GiB
    assert_eq!(inflate_single_member(&wrapped), None);
    let mut truncated = good.clone();
    truncated.truncate(n - 6);
    assert_eq!(inflate_single_member(&truncated), None);
    let mut trailing = good.clone();
    trailing.extend_from_slice(b"junk");
    assert_eq!(inflate_single_member(&trailing), None);
    assert_eq!(inflate_single_member(&good).as_deref(), Some(&b"time,close\n1,2\n"[..]));
  }
}
