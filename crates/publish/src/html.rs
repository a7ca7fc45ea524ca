//! The document as one standalone HTML page: semantic headings, lists and tables, the charts
//! inline as SVG with their text alternatives, a contents list linking to each chapter, and a
//! print stylesheet. Everything is escaped; nothing is loaded from elsewhere.

use std::fmt::Write;

use crate::edition::{Block, Edition, Span};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| if s.strong { format!("<strong>{}</strong>", escape(&s.text)) } else { escape(&s.text) })
        .collect()
}

/// Text with line breaks kept.
fn lines(text: &str) -> String {
    escape(text).replace('\n', "<br>")
}

const STYLE: &str = "body{font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.4;color:#0b0c0c;max-width:60em;margin:0 auto;padding:1em}\
h1{font-size:2em;margin-top:1.5em}h2{font-size:1.5em}h3{font-size:1.2em}\
table{border-collapse:collapse;width:100%;margin:1em 0}caption{text-align:left;font-weight:bold;padding:.5em 0}\
th,td{border-bottom:1px solid #b1b4b6;padding:.4em .6em .4em 0;text-align:left;vertical-align:top}\
.cover{border-bottom:4px solid #1d70b8;padding-bottom:1em}.cover p{font-size:1.2em}\
figure{margin:1em 0}\
@media print{body{max-width:none}.page-break{break-before:page}a{color:inherit;text-decoration:none}}";

/// The document as an HTML page.
pub fn render(doc: &Edition) -> String {
    let mut html = String::with_capacity(64 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<meta name=\"author\" content=\"{}\">\n<style>{STYLE}</style>\n</head>\n<body>\n",
        doc.language,
        escape(&doc.title),
        escape(&doc.author)
    );
    let _ = write!(
        html,
        "<header class=\"cover\"><p>{}</p><h1 id=\"top\">{}</h1><p>{}</p><p>{} · {}</p></header>\n<main>\n",
        escape(&doc.author),
        escape(&doc.title),
        escape(&doc.period),
        escape(&doc.status),
        escape(&doc.date)
    );
    let mut chapter = 0;
    for block in &doc.blocks {
        match block {
            Block::Contents => {
                html.push_str("<nav aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2><ol>");
                for (i, (_, text, _)) in doc.headings().filter(|(level, _, _)| *level == 1).enumerate() {
                    let _ = write!(html, "<li><a href=\"#chapter-{}\">{}</a></li>", i + 1, escape(text));
                }
                html.push_str("</ol></nav>\n");
            }
            Block::Heading { level, text, .. } => {
                // The document's own title is the page's h1, so its chapters are h2 and so on.
                let h = level + 1;
                if *level == 1 {
                    chapter += 1;
                    let _ = writeln!(html, "<h{h} id=\"chapter-{chapter}\">{}</h{h}>", escape(text));
                } else {
                    let _ = writeln!(html, "<h{h}>{}</h{h}>", escape(text));
                }
            }
            Block::Paragraph(s) => {
                let _ = writeln!(html, "<p>{}</p>", spans(s));
            }
            Block::Bullets(items) | Block::Numbered(items) => {
                let tag = if matches!(block, Block::Numbered(_)) { "ol" } else { "ul" };
                let _ = write!(html, "<{tag}>");
                for item in items {
                    let _ = write!(html, "<li>{}</li>", spans(item));
                }
                let _ = writeln!(html, "</{tag}>");
            }
            Block::Table(t) => {
                let _ = write!(html, "<table><caption>{}</caption><thead><tr>", escape(&t.caption));
                for h in &t.header {
                    let _ = write!(html, "<th scope=\"col\">{}</th>", escape(h));
                }
                html.push_str("</tr></thead><tbody>");
                for row in &t.rows {
                    html.push_str("<tr>");
                    for cell in row {
                        let _ = write!(html, "<td>{}</td>", lines(cell));
                    }
                    html.push_str("</tr>");
                }
                html.push_str("</tbody></table>\n");
            }
            Block::Figure { svg, caption, alt } => {
                // The SVG is ours (chart.rs escapes its text); it is labelled by its alternative.
                let labelled = svg.replacen("<svg ", &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(alt)), 1);
                let _ = writeln!(html, "<figure><figcaption>{}</figcaption>{labelled}</figure>", escape(caption));
            }
            Block::PageBreak => html.push_str("<div class=\"page-break\"></div>\n"),
        }
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}
