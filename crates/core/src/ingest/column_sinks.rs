//! Moving a frame's columns into buffers the caller owns (JS SharedArrayBuffers): every column,
//! whole or in parts, is copied once into its sink, on up to `threads` threads, and Rust's copy
//! of each piece is freed as soon as it is written, so memory holds the frame about once.

use super::frame::{FramePart, ParsedFrame};
use super::raw_table::ExtraData;
use super::release_memory::release_free_heap;
use super::work_queue::{run_jobs, Job};
use crate::error::{CoreError, CoreResult};
use crate::ohlcv_columns::OhlcvColumns;

/// Where each column goes; every slice is `ParsedFrame::len()` long and none overlaps another.
pub struct ColumnSinks<'a> {
  pub time: &'a mut [i64],
  pub asset: &'a mut [u32],
  /// Price, volume and numeric metadata columns by name.
  pub f64: Vec<(String, &'a mut [f64])>,
  /// Categorical metadata codes by name.
  pub u32: Vec<(String, &'a mut [u32])>,
}

fn argument(message: String) -> CoreError {
  CoreError::new("ERR_NATIVE_ARGUMENT", message)
}

/// Copy the pieces end to end into `dst`, each freed once written; then the freed pages go back
/// to the system, so the column is resident once, not twice, by the time the next one is copied.
fn copy_pieces<T: Copy>(dst: &mut [T], pieces: Vec<Vec<T>>) {
  let mut at = 0;
  for p in pieces {
    dst[at..at + p.len()].copy_from_slice(&p);
    at += p.len();
  }
  release_free_heap();
}

fn check_len(name: &str, want: usize, got: usize) -> CoreResult<()> {
  if want == got {
    Ok(())
  } else {
    Err(argument(format!("target for column '{name}' has {got} elements, expected {want}")))
  }
}

const BAR_F64: [&str; 5] = ["open", "high", "low", "close", "volume"];

impl ParsedFrame {
  /// Move every named column into its sink and free Rust's copy; the frame keeps only its layout.
  /// Names and lengths are all checked before anything moves.
  pub fn write_columns(&mut self, sinks: ColumnSinks<'_>, threads: usize) -> CoreResult<()> {
    let n = self.len();
    let ColumnSinks { time, asset, f64: f64_sinks, u32: u32_sinks } = sinks;
    check_len("time", n, time.len())?;
    check_len("asset", n, asset.len())?;
    let extra_index = |name: &str, numeric: bool| -> CoreResult<usize> {
      let kind_is = |d: &ExtraData| matches!(d, ExtraData::Numeric(_)) == numeric;
      match self.extras.iter().position(|c| c.name == name) {
        Some(k) if kind_is(&self.extras[k].data) => Ok(k),
        Some(_) if numeric => Err(argument(format!("column '{name}' is categorical; give it a u32 target"))),
        Some(_) => Err(argument(format!("column '{name}' is numeric; give it an f64 target"))),
        None => Err(argument(format!("no {} column '{name}'", if numeric { "numeric" } else { "categorical" }))),
      }
    };
    enum F64Source {
      Bar(&'static str),
      Extra(usize),
    }
    let mut f64_src = Vec::with_capacity(f64_sinks.len());
    for (name, dst) in &f64_sinks {
      check_len(name, n, dst.len())?;
      f64_src.push(match BAR_F64.iter().find(|b| **b == name.as_str()) {
        Some(&b) if self.bars.f64_columns_mut().iter().any(|(c, col)| *c == b && col.is_some()) => F64Source::Bar(b),
        Some(_) => return Err(argument(format!("the frame has no '{name}' column"))),
        None => F64Source::Extra(extra_index(name, true)?),
      });
    }
    let mut u32_src = Vec::with_capacity(u32_sinks.len());
    for (name, dst) in &u32_sinks {
      check_len(name, n, dst.len())?;
      u32_src.push(extra_index(name, false)?);
    }

    let layout = OhlcvColumns::with_layout(self.bars.has_ohlc(), self.bars.volume.is_some());
    let mut parts: Vec<FramePart> = if self.parts.is_empty() {
      let extras = self.extras.iter_mut().map(|c| match &mut c.data {
        ExtraData::Numeric(v) => ExtraData::Numeric(std::mem::take(v)),
        ExtraData::Categorical(v, _) => ExtraData::Categorical(std::mem::take(v), Default::default()),
      });
      vec![FramePart { extras: extras.collect(), bars: std::mem::replace(&mut self.bars, layout) }]
    } else {
      std::mem::take(&mut self.parts)
    };
    let pieces_of = |parts: &mut Vec<FramePart>, f: &mut dyn FnMut(&mut FramePart) -> Vec<f64>| parts.iter_mut().map(f).collect::<Vec<_>>();
    let mut jobs: Vec<Job<'_>> = Vec::new();
    let time_pieces: Vec<Vec<i64>> = parts.iter_mut().map(|p| std::mem::take(&mut p.bars.time)).collect();
    jobs.push(Box::new(move || copy_pieces(time, time_pieces)));
    let asset_pieces: Vec<Vec<u32>> = parts.iter_mut().map(|p| std::mem::take(&mut p.bars.asset)).collect();
    jobs.push(Box::new(move || copy_pieces(asset, asset_pieces)));
    for ((_, dst), src) in f64_sinks.into_iter().zip(f64_src) {
      let pieces = match src {
        F64Source::Bar(b) => pieces_of(&mut parts, &mut |p| p.bars.take_f64(b).unwrap_or_default()),
        F64Source::Extra(k) => pieces_of(&mut parts, &mut |p| match &mut p.extras[k] {
          ExtraData::Numeric(v) => std::mem::take(v),
          ExtraData::Categorical(..) => Vec::new(),
        }),
      };
      jobs.push(Box::new(move || copy_pieces(dst, pieces)));
    }
    for ((_, dst), k) in u32_sinks.into_iter().zip(u32_src) {
      let pieces: Vec<Vec<u32>> = parts
        .iter_mut()
        .map(|p| match &mut p.extras[k] {
          ExtraData::Categorical(v, _) => std::mem::take(v),
          ExtraData::Numeric(_) => Vec::new(),
        })
        .collect();
      jobs.push(Box::new(move || copy_pieces(dst, pieces)));
    }
    run_jobs(jobs, threads);
    Ok(())
  }
}
