//! Honest numbers: the methods the NHS and the public-health Fingertips profiles use to judge
//! figures, as pure functions with no I/O.
//!
//! - [`spc`]: statistical process control (XmR charts) as the NHS "Making Data Count"
//!   programme and the NHSRplotthedots package do it.
//! - [`interval`]: confidence intervals as PHEindicatormethods computes them (Wilson score for
//!   proportions; exact Poisson below 10 and Byar's method from 10 for counts and rates).
//! - [`compare`]: comparison with a benchmark, as Fingertips does it.
//! - [`suppress`]: small-number suppression for public outputs, with secondary suppression.
//! - [`rank`]: an area's rank and quartile band among other areas, as the DfE's LAIT gives them.

pub mod compare;
pub mod interval;
pub mod rank;
pub mod spc;
mod special;
pub mod suppress;
