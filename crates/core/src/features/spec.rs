//! The per-asset feature kinds, their parameters with defaults and allowed ranges, and how a
//! validated spec becomes an indicator state, column names and a warm-up length. This table is
//! the single source the TypeScript plan validates against.

use super::averages::{Ema, Wma};
use super::bands::{Atr, Bollinger, PricePosition};
use super::calendar::{BarsSinceStart, Calendar, CALENDAR_COLUMNS};
use super::kernel::{Kernel, RowKernel};
use super::levels::{BarsSince, Breakout, SupportResistance};
use super::oscillators::{Macd, Rsi, Stochastic};
use super::returns::{Acceleration, Change, ExtremeReturn, MomentumConsistency, Return, Volatility};
use super::rolling_mean::{Report, RollingMean, Series};
use super::volume::{DollarVolume, Obv, VolumeRoc, VolumeSpike, Vwap};
use crate::{CoreError, CoreResult};

/// Longest window any feature may use.
pub const MAX_PERIOD: f64 = 1_000_000.0;

#[derive(Debug)]
pub struct ParamDef {
  pub name: &'static str,
  pub default: f64,
  pub min: f64,
  pub max: f64,
  pub integer: bool,
}

const fn period(name: &'static str, default: f64) -> ParamDef {
  ParamDef { name, default, min: 1.0, max: MAX_PERIOD, integer: true }
}

const fn multiplier(name: &'static str, default: f64) -> ParamDef {
  ParamDef { name, default, min: 0.0, max: 100.0, integer: false }
}

/// What a kind reads besides the close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Needs {
  Close,
  Volume,
}

#[derive(Debug)]
pub struct KindDef {
  pub name: &'static str,
  pub params: &'static [ParamDef],
  pub needs: Needs,
}

const P: ParamDef = period("period", 14.0);

pub static KINDS: &[KindDef] = &[
  KindDef { name: "return", params: &[period("period", 1.0)], needs: Needs::Close },
  KindDef { name: "logReturn", params: &[period("period", 1.0)], needs: Needs::Close },
  KindDef { name: "volatility", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "sma", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "ema", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "wma", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "smaRatio", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "emaRatio", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "wmaRatio", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "rsi", params: &[P], needs: Needs::Close },
  KindDef {
    name: "macd",
    params: &[period("fast", 12.0), period("slow", 26.0), period("signal", 9.0)],
    needs: Needs::Close,
  },
  KindDef { name: "bollinger", params: &[period("period", 20.0), multiplier("stdDev", 2.0)], needs: Needs::Close },
  KindDef { name: "atr", params: &[P], needs: Needs::Close },
  KindDef { name: "stochastic", params: &[period("period", 14.0), period("smooth", 3.0)], needs: Needs::Close },
  KindDef { name: "williamsR", params: &[P], needs: Needs::Close },
  KindDef { name: "momentum", params: &[period("period", 10.0)], needs: Needs::Close },
  KindDef { name: "roc", params: &[period("period", 10.0)], needs: Needs::Close },
  KindDef { name: "pricePosition", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "obv", params: &[], needs: Needs::Volume },
  KindDef { name: "vwap", params: &[period("period", 20.0)], needs: Needs::Volume },
  KindDef { name: "volumeSma", params: &[period("period", 20.0)], needs: Needs::Volume },
  KindDef { name: "volumeRatio", params: &[period("period", 20.0)], needs: Needs::Volume },
  KindDef { name: "volumeRoc", params: &[period("period", 5.0)], needs: Needs::Volume },
  KindDef { name: "volumeSpike", params: &[period("period", 20.0), multiplier("stdDev", 2.0)], needs: Needs::Volume },
  KindDef { name: "dollarVolume", params: &[], needs: Needs::Volume },
  KindDef { name: "dollarVolumeSma", params: &[period("period", 20.0)], needs: Needs::Volume },
  KindDef { name: "maxReturn", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "minReturn", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "barsSinceHigh", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "barsSinceLow", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "breakout", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "supportResistance", params: &[period("period", 20.0)], needs: Needs::Close },
  KindDef { name: "momentumConsistency", params: &[period("period", 10.0)], needs: Needs::Close },
  KindDef { name: "acceleration", params: &[period("period", 5.0)], needs: Needs::Close },
  KindDef { name: "calendar", params: &[], needs: Needs::Close },
  KindDef { name: "barsSinceStart", params: &[], needs: Needs::Close },
];

/// A validated per-asset feature: its kind and one value per parameter, in table order.
#[derive(Debug, Clone)]
pub struct FeatureSpec {
  pub kind: &'static KindDef,
  pub values: Vec<f64>,
}

pub fn kind_names() -> Vec<&'static str> {
  KINDS.iter().map(|k| k.name).collect()
}

impl FeatureSpec {
  /// Validate a kind name and named parameters (missing ones take their defaults).
  pub fn parse(kind: &str, params: &[(String, f64)]) -> CoreResult<FeatureSpec> {
    let def = KINDS.iter().find(|k| k.name == kind).ok_or_else(|| {
      CoreError::new(
        "ERR_FEATURE_UNKNOWN_KIND",
        format!("unknown feature kind '{kind}'; allowed kinds: {}", kind_names().join(", ")),
      )
    })?;
    for (name, _) in params {
      if !def.params.iter().any(|p| p.name == name) {
        let allowed: Vec<&str> = def.params.iter().map(|p| p.name).collect();
        return Err(CoreError::new(
          "ERR_FEATURE_PARAM_UNKNOWN",
          format!(
            "feature '{kind}' has no parameter '{name}'; allowed: {}",
            if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") }
          ),
        ));
      }
    }
    let mut values = Vec::with_capacity(def.params.len());
    for p in def.params {
      let v = params.iter().find(|(n, _)| n == p.name).map(|(_, v)| *v).unwrap_or(p.default);
      let ok = v.is_finite() && v >= p.min && v <= p.max && (!p.integer || v.fract() == 0.0);
      if !ok {
        return Err(CoreError::new(
          "ERR_FEATURE_PARAM_RANGE",
          format!(
            "{kind}.{} must be {} in [{}, {}], got {v}",
            p.name,
            if p.integer { "an integer" } else { "a number" },
            p.min,
            p.max
          ),
        ));
      }
      values.push(v);
    }
    if def.name == "macd" && values[0] >= values[1] {
      return Err(CoreError::new(
        "ERR_FEATURE_PARAM_RANGE",
        format!("macd.fast ({}) must be smaller than macd.slow ({})", values[0], values[1]),
      ));
    }
    Ok(FeatureSpec { kind: def, values })
  }

  fn n(&self, i: usize) -> usize {
    self.values[i] as usize
  }

  fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 {
      format!("{}", v as i64)
    } else {
      format!("{v}")
    }
  }

  /// Output column names, one per column this spec writes.
  pub fn names(&self) -> Vec<String> {
    let p = |i: usize| Self::fmt_num(self.values[i]);
    let one = |s: String| vec![s];
    match self.kind.name {
      "return" => one(format!("ret_{}", p(0))),
      "logReturn" => one(format!("logret_{}", p(0))),
      "volatility" => one(format!("volatility_{}", p(0))),
      "sma" | "ema" | "wma" => one(format!("{}_{}", self.kind.name, p(0))),
      "smaRatio" | "emaRatio" | "wmaRatio" => one(format!("close_{}_{}_ratio", &self.kind.name[..3], p(0))),
      "rsi" => one(format!("rsi_{}", p(0))),
      "macd" => {
        let s = format!("{}_{}_{}", p(0), p(1), p(2));
        vec![format!("macd_{s}"), format!("macd_signal_{s}"), format!("macd_hist_{s}")]
      }
      "bollinger" => vec![format!("bb_position_{}_{}", p(0), p(1)), format!("bb_width_{}_{}", p(0), p(1))],
      "atr" => one(format!("atr_{}", p(0))),
      "stochastic" => vec![format!("stoch_k_{}", p(0)), format!("stoch_d_{}_{}", p(0), p(1))],
      "williamsR" => one(format!("williams_r_{}", p(0))),
      "momentum" => one(format!("momentum_{}", p(0))),
      "roc" => one(format!("roc_{}", p(0))),
      "pricePosition" => one(format!("price_position_{}", p(0))),
      "obv" => one("obv".into()),
      "vwap" => one(format!("vwap_{}", p(0))),
      "volumeSma" => one(format!("volume_sma_{}", p(0))),
      "volumeRatio" => one(format!("volume_ratio_{}", p(0))),
      "volumeRoc" => one(format!("volume_roc_{}", p(0))),
      "volumeSpike" => one(format!("volume_spike_{}_{}", p(0), p(1))),
      "dollarVolume" => one("dollar_volume".into()),
      "dollarVolumeSma" => one(format!("dollar_volume_sma_{}", p(0))),
      "maxReturn" => one(format!("max_return_{}", p(0))),
      "minReturn" => one(format!("min_return_{}", p(0))),
      "barsSinceHigh" => one(format!("bars_since_high_{}", p(0))),
      "barsSinceLow" => one(format!("bars_since_low_{}", p(0))),
      "breakout" => vec![format!("breakout_up_{}", p(0)), format!("breakout_down_{}", p(0))],
      "supportResistance" => vec![
        format!("support_{}", p(0)),
        format!("resistance_{}", p(0)),
        format!("support_distance_{}", p(0)),
        format!("resistance_distance_{}", p(0)),
      ],
      "momentumConsistency" => one(format!("momentum_consistency_{}", p(0))),
      "acceleration" => one(format!("acceleration_{}", p(0))),
      "calendar" => CALENDAR_COLUMNS.iter().map(|s| s.to_string()).collect(),
      "barsSinceStart" => one("bars_since_start".into()),
      other => unreachable!("kind {other} is in KINDS but has no names"),
    }
  }

  /// Index of an asset's first row where every column of this spec is defined.
  pub fn warmup(&self) -> usize {
    let n = if self.values.is_empty() { 0 } else { self.n(0) };
    match self.kind.name {
      "return" | "logReturn" | "volatility" | "rsi" | "momentum" | "roc" | "volumeRoc" | "maxReturn"
      | "minReturn" | "breakout" | "momentumConsistency" => n,
      "acceleration" => 2 * n,
      "macd" => self.n(1) - 1,
      "stochastic" => n + self.n(1) - 2,
      "obv" | "dollarVolume" | "calendar" | "barsSinceStart" => 0,
      _ => n - 1,
    }
  }

  /// A fresh kernel state for one asset.
  pub fn build(&self) -> Box<dyn Kernel> {
    let n = if self.values.is_empty() { 0 } else { self.n(0) };
    let row = |i: Box<dyn super::indicator::Indicator>| -> Box<dyn Kernel> { Box::new(RowKernel::new(i)) };
    match self.kind.name {
      "return" | "roc" => Box::new(Return::new(n, Change::Simple)),
      "logReturn" => Box::new(Return::new(n, Change::Log)),
      "volatility" => Box::new(Volatility::new(n)),
      "sma" => Box::new(RollingMean::new(n, Series::Close, Report::Mean)),
      "ema" => Box::new(Ema::new(n, false)),
      "wma" => Box::new(Wma::new(n, false)),
      "smaRatio" => Box::new(RollingMean::new(n, Series::Close, Report::Ratio)),
      "emaRatio" => Box::new(Ema::new(n, true)),
      "wmaRatio" => Box::new(Wma::new(n, true)),
      "rsi" => Box::new(Rsi::new(n)),
      "macd" => Box::new(Macd::new(n, self.n(1), self.n(2))),
      "bollinger" => Box::new(Bollinger::new(n, self.values[1])),
      "atr" => Box::new(Atr::new(n)),
      "stochastic" => Box::new(Stochastic::new(n, self.n(1))),
      "williamsR" => Box::new(PricePosition::williams_r(n)),
      "momentum" => Box::new(Return::new(n, Change::Difference)),
      "pricePosition" => Box::new(PricePosition::new(n)),
      "obv" => Box::new(Obv::default()),
      "vwap" => Box::new(Vwap::new(n)),
      "volumeSma" => Box::new(RollingMean::new(n, Series::Volume, Report::Mean)),
      "volumeRatio" => Box::new(RollingMean::new(n, Series::Volume, Report::Ratio)),
      "volumeRoc" => Box::new(VolumeRoc::new(n)),
      "volumeSpike" => row(Box::new(VolumeSpike::new(n, self.values[1]))),
      "dollarVolume" => Box::new(DollarVolume),
      "dollarVolumeSma" => Box::new(RollingMean::new(n, Series::DollarVolume, Report::Mean)),
      "maxReturn" => Box::new(ExtremeReturn::new(n, true)),
      "minReturn" => Box::new(ExtremeReturn::new(n, false)),
      "barsSinceHigh" => Box::new(BarsSince::new(n, true)),
      "barsSinceLow" => Box::new(BarsSince::new(n, false)),
      "breakout" => Box::new(Breakout::new(n)),
      "supportResistance" => Box::new(SupportResistance::new(n)),
      "momentumConsistency" => Box::new(MomentumConsistency::new(n)),
      "acceleration" => Box::new(Acceleration::new(n)),
      "calendar" => Box::new(Calendar::default()),
      "barsSinceStart" => Box::new(BarsSinceStart::default()),
      other => unreachable!("kind {other} is in KINDS but cannot be built"),
    }
  }
}
