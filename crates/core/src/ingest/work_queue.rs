//! Independent jobs run on up to `threads` scoped threads (the caller opts in to more than one);
//! each job writes its own result, so the outcome does not depend on the thread count.

use std::sync::Mutex;

pub type Job<'a> = Box<dyn FnOnce() + Send + 'a>;

/// Run every job; with `threads` ≤ 1 in order on the calling thread.
pub fn run_jobs(jobs: Vec<Job<'_>>, threads: usize) {
  let threads = threads.min(jobs.len());
  if threads <= 1 {
    jobs.into_iter().for_each(|j| j());
    return;
  }
  // Taken from the front, so jobs listed first (put the big ones there) start first.
  let queue = Mutex::new(jobs.into_iter().rev().collect::<Vec<_>>());
  std::thread::scope(|s| {
    for _ in 0..threads {
      s.spawn(|| loop {
        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match job {
          Some(j) => j(),
          None => break,
        }
      });
    }
  });
}
