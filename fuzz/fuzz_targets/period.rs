//! The period parser: any text is a period or an error, and a period read from its own code
//! is the same period.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cypp_fuzz::periods(&String::from_utf8_lossy(data)));
