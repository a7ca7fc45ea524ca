//! The parser on any lines with any structure hints: each input byte pair picks a hint and the
//! text runs to the next newline, so headings, list items and table rows meet in every order.
#![no_main]

use cypp_plan_reader::{Hint, Line, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cypp_fuzz::quiet_panics();
    let text = String::from_utf8_lossy(data);
    let lines = text
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            let (hint, rest) = match line.as_bytes().first() {
                Some(b'#') => (Hint::Heading((line.len() % 6 + 1) as u8), line.get(1..).unwrap_or_default()),
                Some(b'-') => (Hint::ListItem { ordered: false }, line.get(1..).unwrap_or_default()),
                Some(b'1') => (Hint::ListItem { ordered: true }, line),
                Some(b'|') => (Hint::TableRow, line.get(1..).unwrap_or_default()),
                _ => (Hint::Plain, line),
            };
            Line { number: i + 1, text: rest.replace('|', "\t"), hint }
        })
        .collect();
    cypp_fuzz::import(&Source { lines });
});
