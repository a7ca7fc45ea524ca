//! The parser on any lines with any structure hints and list depths: each line's first byte
//! picks a hint and the text runs to the next newline, so headings, list items, table rows and
//! page furniture meet in every order.
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
                Some(b'~') => (Hint::PageFurniture, line.get(1..).unwrap_or_default()),
                _ => (Hint::Plain, line),
            };
            // A list item's depth from its leading spaces, so lists nest in every way.
            let depth = rest.chars().take_while(|c| *c == ' ').count().min(4) as u8;
            Line { number: i + 1, text: rest.replace('|', "\t"), hint, depth }
        })
        .collect();
    cypp_fuzz::import(&Source { lines });
});
