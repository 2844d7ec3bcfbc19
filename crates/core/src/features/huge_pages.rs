//! Transparent huge pages for a large output matrix. A freshly allocated SharedArrayBuffer is
//! mapped but untouched, so the pass that first writes it takes one page fault per 4 KiB page
//! (about 100 000 for the 400 MB intraday matrix of eight years of minutes): on a VM that costs
//! more than computing the features. With the kernel's default `madvise` THP mode, advising the
//! 2 MiB-aligned interior of the buffer lets each fault map 2 MiB instead. Only whole huge pages
//! inside the buffer are advised, so memory outside it is never affected; pages already present
//! (a reused buffer) stay as they are. Elsewhere this is a no-op.

/// Below this many bytes the buffer holds too few huge pages to matter.
const MIN_BYTES: usize = 16 << 20;

/// Ask for huge pages on the whole 2 MiB pages that lie inside `buf`. A hint only: the result
/// is ignored, since a kernel without THP (or with it disabled) maps small pages as before.
pub fn advise_huge_pages<T>(buf: &mut [T]) {
  #[cfg(all(target_os = "linux", target_env = "gnu"))]
  {
    const HUGE: usize = 2 << 20;
    let bytes = std::mem::size_of_val(buf);
    if bytes < MIN_BYTES {
      return;
    }
    let start = buf.as_mut_ptr() as usize;
    let first = (start + HUGE - 1) & !(HUGE - 1);
    let last = (start + bytes) & !(HUGE - 1);
    if last > first {
      // SAFETY: [first, last) lies inside `buf`, which we borrow mutably; MADV_HUGEPAGE changes
      // how future faults in the range are served, never the contents of mapped pages.
      unsafe {
        libc::madvise(first as *mut libc::c_void, last - first, libc::MADV_HUGEPAGE);
      }
    }
  }
  #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
  let _ = buf;
}
