//! The data-file readers (EES, Fingertips, LAIT, cypp's CSV and Excel templates): the first
//! byte picks the format, the rest is the file. Any input gives figures or an error naming
//! the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cypp_fuzz::read_figures(data));
