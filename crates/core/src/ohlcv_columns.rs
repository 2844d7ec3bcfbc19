//! The bar columns every table of market data carries, declared once: time (epoch ms), open /
//! high / low (all three or none), close, optional volume, and each row's asset code. Parsed
//! tables, frames, in-memory inputs and resampled bars all hold one.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OhlcvColumns {
  pub time: Vec<i64>,
  pub open: Option<Vec<f64>>,
  pub high: Option<Vec<f64>>,
  pub low: Option<Vec<f64>>,
  pub close: Vec<f64>,
  pub volume: Option<Vec<f64>>,
  pub asset: Vec<u32>,
}

/// Gather `v` by `order`, or keep it as is when the order is the identity.
pub fn gather<T: Copy>(v: Vec<T>, order: &[u32], identity: bool) -> Vec<T> {
  if identity {
    v
  } else {
    order.iter().map(|&i| v[i as usize]).collect()
  }
}

/// Keep the rows whose `alive` flag is set, in place.
pub fn compact<T: Copy>(v: &mut Vec<T>, alive: &[bool]) {
  let mut w = 0;
  for r in 0..v.len() {
    if alive[r] {
      v[w] = v[r];
      w += 1;
    }
  }
  v.truncate(w);
}

impl OhlcvColumns {
  /// Empty columns with open/high/low and volume present or not.
  pub fn with_layout(has_ohlc: bool, has_volume: bool) -> Self {
    OhlcvColumns {
      open: has_ohlc.then(Vec::new),
      high: has_ohlc.then(Vec::new),
      low: has_ohlc.then(Vec::new),
      volume: has_volume.then(Vec::new),
      ..Default::default()
    }
  }

  pub fn len(&self) -> usize {
    self.time.len()
  }

  pub fn is_empty(&self) -> bool {
    self.time.is_empty()
  }

  pub fn has_ohlc(&self) -> bool {
    self.open.is_some()
  }

  /// Room for `additional` more rows in every present column, as far as the allocator grants it
  /// (a size hint: a refusal only means the columns grow as rows come).
  pub fn reserve(&mut self, additional: usize) {
    let _ = self.time.try_reserve(additional);
    let _ = self.asset.try_reserve(additional);
    for (_, c) in self.f64_columns_mut() {
      if let Some(c) = c {
        let _ = c.try_reserve(additional);
      }
    }
  }

  /// Append one row; `prices` are open, high, low, close, volume (absent columns ignore theirs).
  #[inline]
  pub fn push(&mut self, time: i64, prices: [f64; 5], asset: u32) {
    self.time.push(time);
    if let (Some(o), Some(h), Some(l)) = (self.open.as_mut(), self.high.as_mut(), self.low.as_mut()) {
      o.push(prices[0]);
      h.push(prices[1]);
      l.push(prices[2]);
    }
    self.close.push(prices[3]);
    if let Some(v) = self.volume.as_mut() {
      v.push(prices[4]);
    }
    self.asset.push(asset);
  }

  /// The price / volume columns by name, present or not: open, high, low, close, volume.
  pub fn f64_columns_mut(&mut self) -> [(&'static str, Option<&mut Vec<f64>>); 5] {
    [
      ("open", self.open.as_mut()),
      ("high", self.high.as_mut()),
      ("low", self.low.as_mut()),
      ("close", Some(&mut self.close)),
      ("volume", self.volume.as_mut()),
    ]
  }

  /// Move a price / volume column out (`None` for another name; an absent column is empty).
  pub fn take_f64(&mut self, name: &str) -> Option<Vec<f64>> {
    self.f64_columns_mut().into_iter().find(|(n, _)| *n == name).map(|(_, c)| c.map(std::mem::take).unwrap_or_default())
  }

  /// Rows reordered by `order` (see `gather`).
  pub fn gather(self, order: &[u32], identity: bool) -> Self {
    let g = |v: Option<Vec<f64>>| v.map(|v| gather(v, order, identity));
    OhlcvColumns {
      time: gather(self.time, order, identity),
      open: g(self.open),
      high: g(self.high),
      low: g(self.low),
      close: gather(self.close, order, identity),
      volume: g(self.volume),
      asset: gather(self.asset, order, identity),
    }
  }

  /// Keep the rows whose `alive` flag is set.
  pub fn compact(&mut self, alive: &[bool]) {
    compact(&mut self.time, alive);
    compact(&mut self.asset, alive);
    for (_, c) in self.f64_columns_mut() {
      if let Some(c) = c {
        compact(c, alive);
      }
    }
  }
}
