//! The html reader, then the parser, plan builder and review on whatever it reads.
#![no_main]

use cypp_plan_reader::Kind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| cypp_fuzz::read_then_import(Kind::Html, data));
