//! A partnership's own heading profile (JSON): any text is a profile or an error naming what is
//! wrong, and a profile that reads extends the built-in one and parses a small plan.
#![no_main]

use cypp_plan_reader::profile::Profile;
use cypp_plan_reader::{Kind, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cypp_fuzz::quiet_panics();
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(own) = Profile::from_json(text) {
        let profile = Profile::built_in().extended_by(own);
        let plan = "# Plan 2025-28\n\nPriority 1 - Safe\n\nActions\n\n- Open hubs\n";
        if let Ok(source) = read(Kind::Markdown, "plan.md", plan.as_bytes()) {
            let _ = cypp_plan_reader::parse::parse(&source, &profile);
        }
    }
});
