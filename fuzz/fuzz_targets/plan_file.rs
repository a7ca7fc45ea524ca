//! The cypp-plan JSON file: any input is a plan file or an error; a plan file that reads
//! writes out and reads back as the same plan, and its public edition can be made.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cypp_fuzz::read_plan_file(data));
