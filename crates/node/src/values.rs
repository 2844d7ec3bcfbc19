//! Number arrays that may arrive as Float32Array (labels, predictions) or Float64Array
//! (returns, plain numbers converted by TypeScript); the core is generic over both, so the
//! binding takes `Either<Float32Array, Float64Array>` and dispatches on the pair instead of converting.

/// Run `$body` with `$x` and `$y` bound as `&[f32]` or `&[f64]` slices, whichever each input is.
macro_rules! with_values {
  ($a:expr, $b:expr, |$x:ident, $y:ident| $body:expr) => {{
    use napi::bindgen_prelude::Either;
    match (&$a, &$b) {
      (Either::A(a), Either::A(b)) => {
        let ($x, $y): (&[f32], &[f32]) = (a, b);
        $body
      }
      (Either::A(a), Either::B(b)) => {
        let ($x, $y): (&[f32], &[f64]) = (a, b);
        $body
      }
      (Either::B(a), Either::A(b)) => {
        let ($x, $y): (&[f64], &[f32]) = (a, b);
        $body
      }
      (Either::B(a), Either::B(b)) => {
        let ($x, $y): (&[f64], &[f64]) = (a, b);
        $body
      }
    }
  }};
}
pub(crate) use with_values;
