//! PDFs, through their text layer (pdf-extract). Each page's text is read as plain text is; a
//! PDF with no text at all is a scan, and says so rather than giving an empty plan. The library
//! can panic on malformed files, so it runs behind `catch_unwind`: a bad PDF is an error, never
//! a crash.

use crate::{ReadError, Source};

pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Source, ReadError> {
    let bad = |reason: String| ReadError::BadPdf { file: name.to_string(), reason };
    let owned = bytes.to_vec();
    let pages = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem_by_pages(&owned))
        .map_err(|_| bad("its structure is damaged".into()))?
        .map_err(|e| bad(e.to_string()))?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(ReadError::NoTextLayer { file: name.to_string() });
    }
    Ok(crate::text::read(&pages.join("\n")))
}
