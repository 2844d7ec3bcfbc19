//! Handing freed heap pages back to the operating system. glibc keeps freed blocks below its
//! (self-raising, up to 32 MiB) mmap threshold in its arenas, so a frame's parsed columns, freed
//! piece by piece while they are copied into shared buffers, would stay resident beside their
//! copies and double the peak memory of a load. Elsewhere this is a no-op.

/// Return the free pages of every malloc arena to the system.
pub fn release_free_heap() {
  #[cfg(all(target_os = "linux", target_env = "gnu"))]
  // SAFETY: malloc_trim only reorganises the allocator's own free lists; no live block moves.
  unsafe {
    libc::malloc_trim(0);
  }
}
