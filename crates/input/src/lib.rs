//! Reading files that people upload without being hurt by them. Both readers of untrusted
//! files (`cypp-figures` for data files, `cypp-plan-reader` for plan documents) use it:
//!
//! - [`check_zip`]: an XLSX or DOCX is a zip archive, and a small one can expand to gigabytes
//!   (a "zip bomb"). Its entries are counted and each is inflated into nothing, counting bytes,
//!   and the archive is refused as soon as an entry or the whole would pass the caps, before
//!   any reader inflates it for real.
//! - [`decode_text`]: a text file's bytes as text: UTF-8 (with or without a byte-order mark),
//!   UTF-16 with a byte-order mark, or otherwise Windows-1252 (which Excel on Windows writes,
//!   and of which Latin-1's printable characters are a part), saying which it was.
//! - [`excerpt`]: at most a few words of a file's text, for an error message, so that a
//!   message never repeats a megabyte of someone's file back to them.

use std::io::Read;

/// The most an archive may hold.
#[derive(Clone, Copy, Debug)]
pub struct ZipLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
}

/// Enough for any real workbook or plan document (the largest seed plan's document.xml is
/// under 2 MB), far short of what would hurt a server.
pub const ZIP_LIMITS: ZipLimits =
    ZipLimits { max_entries: 10_000, max_entry_bytes: 64 * 1024 * 1024, max_total_bytes: 128 * 1024 * 1024 };

fn megabytes(bytes: u64) -> u64 {
    bytes / (1024 * 1024)
}

/// Checks a zip archive against `limits` without keeping what it inflates. The error says
/// what was too big, in words; a file that is not a zip archive is left to the reader, which
/// says so in its own words.
pub fn check_zip(bytes: &[u8], limits: ZipLimits) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    if archive.len() > limits.max_entries {
        return Err(format!(
            "it holds {} files inside it, more than the {} a real one would",
            archive.len(),
            limits.max_entries
        ));
    }
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(e) => return Err(format!("part {} of it is damaged ({e})", i + 1)),
        };
        let name = excerpt(&entry.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("{}", i + 1)), 60);
        let too_big = |what: &str, cap: u64| {
            format!("{what} would expand to more than {} MB, more than a real one would", megabytes(cap))
        };
        // The sizes in the archive's directory may lie, so the entry is inflated and counted,
        // stopping one byte past the cap.
        if entry.size() > limits.max_entry_bytes {
            return Err(too_big(&format!("its part {name}"), limits.max_entry_bytes));
        }
        let counted = std::io::copy(&mut (&mut entry).take(limits.max_entry_bytes + 1), &mut std::io::sink());
        let counted = match counted {
            Ok(n) => n,
            Err(e) => return Err(format!("its part {name} is damaged ({e})")),
        };
        if counted > limits.max_entry_bytes {
            return Err(too_big(&format!("its part {name}"), limits.max_entry_bytes));
        }
        total += counted;
        if total > limits.max_total_bytes {
            return Err(too_big("it", limits.max_total_bytes));
        }
    }
    Ok(())
}

/// The encoding a text file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1252 (Western European), which covers Latin-1's printable characters.
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
            Encoding::Windows1252 => "Windows-1252 (Western European)",
        }
    }
}

/// Windows-1252's characters for the bytes 0x80 to 0x9F (Latin-1 has control codes there);
/// the five bytes it leaves undefined are read as the control codes Latin-1 gives them.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// A text file's bytes as text, and the encoding it was in. A file with NUL bytes and no
/// UTF-16 mark is not text, and is refused.
pub fn decode_text(bytes: &[u8]) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map(|t| (t, Encoding::Utf8))
            .map_err(|e| format!("it says it is UTF-8 but byte {} is not", e.utf8_error().valid_up_to() + 3));
    }
    for (mark, encoding) in [([0xFF, 0xFE], Encoding::Utf16Le), ([0xFE, 0xFF], Encoding::Utf16Be)] {
        if let Some(rest) = bytes.strip_prefix(&mark) {
            let units: Vec<u16> = rest
                .chunks(2)
                .map(|pair| {
                    let pair = [pair[0], pair.get(1).copied().unwrap_or(0)];
                    if encoding == Encoding::Utf16Le { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
                })
                .collect();
            return String::from_utf16(&units)
                .map(|t| (t, encoding))
                .map_err(|_| "it says it is UTF-16 but is not".to_string());
        }
    }
    if bytes.contains(&0) {
        return Err("it is not a text file (it holds NUL bytes): save it as CSV (UTF-8) and try again".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), Encoding::Utf8)),
        Err(_) => {
            let text = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            Ok((text, Encoding::Windows1252))
        }
    }
}

/// At most `max` characters of `text`, on one line, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let one_line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let trimmed = one_line.trim();
    if trimmed.chars().count() <= max {
        return trimmed.to_string();
    }
    let mut cut: String = trimmed.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A zip archive with one entry of `size` zero bytes, deflated.
    fn zeros(name: &str, size: usize) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(size > u32::MAX as usize);
        let _ = zip.start_file(name, options);
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..size / chunk.len() {
            let _ = zip.write_all(&chunk);
        }
        zip.finish().map(|c| c.into_inner()).unwrap_or_default()
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_inflated() {
        let small = ZipLimits { max_entries: 10, max_entry_bytes: 4 << 20, max_total_bytes: 6 << 20 };
        let bomb = zeros("xl/worksheets/sheet1.xml", 16 << 20);
        assert!(bomb.len() < 100_000, "{} bytes", bomb.len());
        let refused = check_zip(&bomb, small).err().unwrap_or_default();
        assert!(refused.contains("xl/worksheets/sheet1.xml would expand to more than 4 MB"), "{refused}");
        assert_eq!(check_zip(&zeros("a", 2 << 20), small), Ok(()));
        // Many small parts add up.
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..4 {
            let _ = zip.start_file(format!("part{i}"), zip::write::SimpleFileOptions::default());
            let _ = zip.write_all(&vec![0u8; 2 << 20]);
        }
        let many = zip.finish().map(|c| c.into_inner()).unwrap_or_default();
        assert!(check_zip(&many, small).is_err_and(|e| e.starts_with("it would expand")));
        let too_many = ZipLimits { max_entries: 3, ..small };
        assert!(check_zip(&many, too_many).is_err_and(|e| e.contains("holds 4 files")));
        // Not a zip: left to the reader.
        assert_eq!(check_zip(b"plain text", small), Ok(()));
    }

    #[test]
    fn text_is_read_in_the_encoding_it_was_saved_in() {
        assert_eq!(decode_text(b"caf\xc3\xa9"), Ok(("café".into(), Encoding::Utf8)));
        assert_eq!(decode_text(b"\xef\xbb\xbfarea"), Ok(("area".into(), Encoding::Utf8)));
        assert_eq!(decode_text(b"caf\xe9 \x80 \x96"), Ok(("café € –".into(), Encoding::Windows1252)));
        assert_eq!(decode_text(b"\xff\xfea\x00b\x00"), Ok(("ab".into(), Encoding::Utf16Le)));
        assert!(decode_text(b"PK\x03\x04\x00\x00").is_err_and(|e| e.contains("not a text file")));
    }

    #[test]
    fn excerpts_are_short_and_on_one_line() {
        assert_eq!(excerpt("  a\nb  ", 10), "a b");
        assert_eq!(excerpt(&"x".repeat(1000), 10).chars().count(), 10);
        assert!(excerpt(&"é".repeat(100), 5).ends_with('…'));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_or_say_why(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
            let _ = decode_text(&bytes);
        }

        #[test]
        fn excerpts_never_pass_their_length(text in "\\PC*", max in 1usize..50) {
            proptest::prop_assert!(excerpt(&text, max).chars().count() <= max);
        }
    }
}
