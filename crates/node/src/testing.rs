//! TEST-ONLY natives for the worker-pool fault and cancellation tests. Nothing in the library
//! calls them; they exist so tests can reproduce what a real native crash or a long native loop
//! does to a worker (a JS stand-in would not behave the same way).
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// TEST ONLY: abort the whole OS process at once (`std::process::abort`, SIGABRT), as a native
/// crash would. Never call it outside the fault tests.
#[napi]
pub fn test_abort_process() {
  std::process::abort();
}

/// TEST ONLY: a native loop that runs for up to `max_ms` milliseconds, polling `cancel[0]` every
/// iteration the way the GBDT trainer polls its cancel slot. Returns the exit reason: the
/// non-zero flag value that stopped it, or 0 when `max_ms` ran out.
#[napi]
pub fn test_native_spin(cancel: Int32Array, max_ms: u32) -> Result<i32> {
  if cancel.is_empty() {
    return Err(crate::error::invalid("ERR_NATIVE_ARGUMENT", "cancel must hold at least one Int32 slot"));
  }
  // SAFETY: the slot lives in a (Shared)ArrayBuffer that outlives this call; another thread may
  // write it concurrently, so it is read through an atomic of the same size and alignment.
  let slot = unsafe { &*(cancel.as_ptr() as *const AtomicI32) };
  let start = Instant::now();
  let limit = Duration::from_millis(u64::from(max_ms));
  loop {
    let v = slot.load(Ordering::Relaxed);
    if v != 0 {
      return Ok(v);
    }
    if start.elapsed() >= limit {
      return Ok(0);
    }
    std::hint::spin_loop();
  }
}
