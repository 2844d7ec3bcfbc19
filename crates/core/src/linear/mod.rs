//! Linear models as a fast baseline family: logistic regression (L1 / L2), ridge and lasso, on
//! features standardised with the training rows only, read from the shared column-major f32
//! matrix through a row subset.

mod cholesky;
mod coordinate_descent;
mod design;
mod least_squares;
mod logistic;
pub mod matrix;
pub mod model;
pub mod standardiser;

pub use model::{fit, LinearKind, LinearModel, LinearParams};
pub use standardiser::Standardiser;
