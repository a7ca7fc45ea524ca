//! HTML, as plans published on council websites come: headings, paragraphs, lists (nested or
//! not) and tables become lines; scripts, styles and the page's head are left out; entities
//! are decoded by the HTML parser (html5ever, through scraper), which accepts any input.

use scraper::{ElementRef, Html, Node};

use crate::text::{Counting, shown_number};
use crate::{Hint, Source};

/// Elements whose start and end break a line.
const BLOCKS: [&str; 24] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "figure",
    "figcaption",
    "address",
    "pre",
    "hr",
    "caption",
];

/// Elements whose text is never shown.
const HIDDEN: [&str; 6] = ["script", "style", "noscript", "template", "head", "svg"];

/// Elements that are the site around a page, not the page: its navigation, forms, asides and
/// footer (a page-wide header too, see [`is_furniture`]).
const FURNITURE: [&str; 6] = ["nav", "footer", "aside", "form", "dialog", "menu"];

/// Roles that mark the site around a page.
const FURNITURE_ROLES: [&str; 6] = ["navigation", "banner", "contentinfo", "search", "complementary", "dialog"];

/// Words in a class or id that mark page furniture: cookie banners, breadcrumbs, skip links,
/// "back to top", sharing and feedback boxes.
const FURNITURE_NAMES: [&str; 11] = [
    "cookie",
    "breadcrumb",
    "skip-link",
    "skiplink",
    "skip-to",
    "back-to-top",
    "backtotop",
    "share",
    "feedback",
    "site-header",
    "site-footer",
];

/// Whether an element is page furniture by what it is and where it sits: navigation, forms,
/// asides, footers, a header outside the page's main content or article, an element whose
/// role says so, or whose class or id names a cookie banner, breadcrumbs or the like.
fn is_furniture(element: ElementRef<'_>) -> bool {
    let e = element.value();
    let name = e.name();
    if FURNITURE.contains(&name) {
        return true;
    }
    if name == "header" {
        let in_content = element
            .ancestors()
            .filter_map(|a| a.value().as_element())
            .any(|a| matches!(a.name(), "main" | "article") || a.attr("role") == Some("main"));
        if !in_content {
            return true;
        }
    }
    if e.attr("role").is_some_and(|r| FURNITURE_ROLES.contains(&r.trim())) || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    let names = format!("{} {}", e.attr("class").unwrap_or_default(), e.attr("id").unwrap_or_default()).to_lowercase();
    if FURNITURE_NAMES.iter().any(|n| names.contains(n)) {
        return true;
    }
    // A link that only skips to the content or back to the top.
    if name == "a" {
        let text = squash(&text_of(element, false)).to_lowercase();
        return text.starts_with("skip to") || text == "back to top" || text == "top of page";
    }
    false
}

/// The text of an element outside any `strong` or `b` in it.
fn text_outside_bold(element: ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if !matches!(e.name(), "strong" | "b") && !HIDDEN.contains(&e.name()) => {
                if let Some(child) = ElementRef::wrap(child) {
                    text_outside_bold(child, out);
                }
            }
            _ => {}
        }
    }
}

/// The first entry of a definition list (`dt` or `dd`) among siblings, going one way.
fn first_entry<'a>(mut siblings: impl Iterator<Item = ElementRef<'a>>) -> Option<ElementRef<'a>> {
    siblings.find(|e| matches!(e.value().name(), "dt" | "dd"))
}

/// The definition right after a term, if the list's next entry is one.
fn definition_of(term: ElementRef<'_>) -> Option<ElementRef<'_>> {
    first_entry(term.next_siblings().filter_map(ElementRef::wrap)).filter(|e| e.value().name() == "dd")
}

/// Whether a definition comes right after its term.
fn follows_term(definition: ElementRef<'_>) -> bool {
    first_entry(definition.prev_siblings().filter_map(ElementRef::wrap)).is_some_and(|e| e.value().name() == "dt")
}

/// Whether a definition is made of parts (paragraphs, lists, tables) rather than a line of text.
fn has_parts(definition: ElementRef<'_>) -> bool {
    definition
        .children()
        .filter_map(ElementRef::wrap)
        .any(|c| matches!(c.value().name(), "p" | "ul" | "ol" | "table" | "div"))
}

/// Whether a paragraph's text is all inside `strong` or `b`, and short enough for a heading.
fn is_all_bold(p: ElementRef<'_>) -> bool {
    let all = squash(&text_of(p, false));
    let mut outside = String::new();
    text_outside_bold(p, &mut outside);
    !all.is_empty() && outside.trim().is_empty() && all.split_whitespace().count() <= 15
}

/// The number a list item shows: its place among the items of its `ol`, counted from the
/// list's `start`, in the list's `type` (1, a, A, i, I).
fn list_number(item: ElementRef<'_>) -> Option<String> {
    let list = item.parent().and_then(ElementRef::wrap).filter(|p| p.value().name() == "ol")?;
    let start: usize = list.value().attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
    let place = item.prev_siblings().filter_map(ElementRef::wrap).filter(|s| s.value().name() == "li").count();
    let n = start + place;
    let counting = match list.value().attr("type").unwrap_or("1") {
        "a" => Counting::LowerLetter,
        "A" => Counting::UpperLetter,
        "i" => Counting::LowerRoman,
        "I" => Counting::UpperRoman,
        _ => Counting::Decimal,
    };
    Some(shown_number(counting, n).unwrap_or_else(|| format!("{n}.")))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of an element, without that of nested lists (read as lines of their own).
fn text_of(element: ElementRef<'_>, skip_lists: bool) -> String {
    let mut out = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if HIDDEN.contains(&name) || (skip_lists && matches!(name, "ul" | "ol")) {
                    continue;
                }
                // Block elements and line breaks separate words; inline ones (<b>, <a>) do not.
                let apart = name == "br" || BLOCKS.contains(&name) || matches!(name, "li" | "td" | "th" | "tr");
                if apart {
                    out.push(' ');
                }
                if let Some(child) = ElementRef::wrap(child) {
                    out.push_str(&text_of(child, skip_lists));
                }
                if apart {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

struct Walker {
    lines: Vec<(String, Hint, u8)>,
    current: String,
}

impl Walker {
    fn flush(&mut self) {
        let text = squash(&self.current);
        if !text.is_empty() {
            self.lines.push((text, Hint::Plain, 0));
        }
        self.current.clear();
    }

    fn walk(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(t) => self.current.push_str(t),
                Node::Element(e) => {
                    let name = e.name();
                    let Some(el) = ElementRef::wrap(child) else { continue };
                    if HIDDEN.contains(&name) || is_furniture(el) {
                        continue;
                    }
                    if let Some(level) =
                        name.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=6).contains(n))
                    {
                        self.flush();
                        let text = squash(&text_of(el, false));
                        if !text.is_empty() {
                            self.lines.push((text, Hint::Heading(level), 0));
                        }
                    } else if name == "li" {
                        self.flush();
                        let ordered =
                            el.parent().and_then(|p| p.value().as_element()).is_some_and(|p| p.name() == "ol");
                        let text = squash(&text_of(el, true));
                        if !text.is_empty() {
                            let text = match list_number(el) {
                                Some(number) => format!("{number} {text}"),
                                None => text,
                            };
                            // How many lists it is in, beyond its own.
                            let depth = el
                                .ancestors()
                                .filter_map(|a| a.value().as_element())
                                .filter(|a| matches!(a.name(), "ul" | "ol"))
                                .count()
                                .saturating_sub(1);
                            self.lines.push((text, Hint::ListItem { ordered }, u8::try_from(depth).unwrap_or(u8::MAX)));
                        }
                        // Lists inside the item come after it.
                        for nested in el.children().filter_map(ElementRef::wrap) {
                            if matches!(nested.value().name(), "ul" | "ol") {
                                self.walk(nested);
                            }
                        }
                    } else if name == "tr" {
                        self.flush();
                        let cells: Vec<String> = el
                            .children()
                            .filter_map(ElementRef::wrap)
                            .filter(|c| matches!(c.value().name(), "td" | "th"))
                            .map(|c| squash(&text_of(c, false)))
                            .collect();
                        if cells.iter().any(|c| !c.is_empty()) {
                            self.lines.push((cells.join("\t"), Hint::TableRow, 0));
                        }
                    } else if name == "summary" {
                        // A disclosure's summary heads what it discloses.
                        self.flush();
                        let text = squash(&text_of(el, false));
                        if !text.is_empty() {
                            self.lines.push((text, Hint::Heading(crate::BOLD_HEADING), 0));
                        }
                    } else if name == "dt" {
                        // A term over a definition of several parts heads it; a term over a
                        // line of text is one line with it ("Term – what it means").
                        self.flush();
                        let term = squash(&text_of(el, false));
                        let definition = definition_of(el);
                        let blocks = definition.is_some_and(has_parts);
                        match definition {
                            Some(_) if blocks => self.lines.push((term, Hint::Heading(crate::BOLD_HEADING), 0)),
                            Some(d) => {
                                let text = squash(&text_of(d, false));
                                self.lines.push((format!("{term} – {text}"), Hint::Plain, 0));
                            }
                            None if !term.is_empty() => self.lines.push((term, Hint::Plain, 0)),
                            None => {}
                        }
                    } else if name == "dd" && follows_term(el) && !has_parts(el) {
                        // Read with its term.
                        continue;
                    } else if name == "p" && is_all_bold(el) {
                        // A paragraph that is only bold is a heading made by hand.
                        self.flush();
                        self.lines.push((squash(&text_of(el, false)), Hint::Heading(crate::BOLD_HEADING), 0));
                    } else if name == "br" {
                        self.flush();
                    } else if BLOCKS.contains(&name) {
                        self.flush();
                        self.walk(el);
                        self.flush();
                    } else {
                        self.walk(el);
                    }
                }
                _ => {}
            }
        }
    }
}

/// A page's lines: of its main content when it marks one (`main`, or `role="main"`), else of
/// the whole page; either way without the site around it.
pub(crate) fn read(text: &str) -> Source {
    let document = Html::parse_document(text);
    let mut walker = Walker { lines: Vec::new(), current: String::new() };
    let main = document
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"));
    // The page's title above its main content ("<h1>" in a page header) is kept.
    if let Some(main) = main {
        let has_title = main.descendants().filter_map(ElementRef::wrap).any(|e| e.value().name() == "h1");
        if !has_title
            && let Some(h1) =
                document.root_element().descendants().filter_map(ElementRef::wrap).find(|e| e.value().name() == "h1")
        {
            walker.lines.push((squash(&text_of(h1, false)), Hint::Heading(1), 0));
        }
        walker.walk(main);
    } else {
        walker.walk(document.root_element());
    }
    walker.flush();
    Source::from_nested(walker.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        read(html).lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn the_site_around_a_page_is_left_out_by_its_elements_and_roles() {
        let page = "<html><body><a class=govuk-skip-link href='#main'>Skip to main content</a>\
            <div class='cookie-banner'><p>We use cookies</p></div><header><p>Council</p><nav><a>Home</a></nav></header>\
            <div class=breadcrumbs><a>Home</a> › <a>Children</a></div><div role=navigation><a>Menu</a></div>\
            <h1>Our plan</h1><p>The plan.</p><aside><p>Related pages</p></aside><form><label>Search</label></form>\
            <p><a href='#top'>Back to top</a></p><footer><p>© Council</p></footer></body></html>";
        assert_eq!(texts(page), vec!["Our plan", "The plan."]);
        // With a main part, only it is read (a header inside an article stays).
        let main = "<html><body><div>Site banner</div><main><article><header><h1>Plan</h1></header>\
            <p>Text</p></article></main><div>Links</div></body></html>";
        assert_eq!(texts(main), vec!["Plan", "Text"]);
        // The page's title above its main part is kept.
        let titled = "<html><body><div class=hero><h1>Plan</h1></div><div role=main><p>Text</p></div></body></html>";
        assert_eq!(texts(titled), vec!["Plan", "Text"]);
    }

    #[test]
    fn definition_lists_and_disclosures_keep_their_structure() {
        let html = "<dl><dt>EHCP</dt><dd>A plan for a child with SEND</dd><dt>Outcome one</dt><dd><ul><li>Open hubs</li></ul></dd></dl>\
            <details><summary>Why it matters</summary><p>Because.</p></details>";
        let source = read(html);
        let got: Vec<(&str, Hint)> = source.lines.iter().map(|l| (l.text.as_str(), l.hint)).collect();
        assert_eq!(
            got,
            vec![
                ("EHCP – A plan for a child with SEND", Hint::Plain),
                ("Outcome one", Hint::Heading(crate::BOLD_HEADING)),
                ("Open hubs", Hint::ListItem { ordered: false }),
                ("Why it matters", Hint::Heading(crate::BOLD_HEADING)),
                ("Because.", Hint::Plain),
            ]
        );
    }

    #[test]
    fn a_numbered_list_item_shows_its_number_as_the_page_does() {
        let html = "<ol start=3><li>Third</li><li>Fourth</li></ol><ol type=a><li>First</li><li>Second</li></ol>\
            <ol type=I start=4><li>Four</li></ol>";
        assert_eq!(texts(html), vec!["3. Third", "4. Fourth", "a) First", "b) Second", "IV. Four"]);
    }

    #[test]
    fn headings_paragraphs_lists_and_tables_become_lines() {
        let html = "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>\
            <h1>Outcome&nbsp;1 &amp; more</h1><p>Why it <b>matters</b>.<br>Second line</p>\
            <ul><li>One<ul><li>Nested</li></ul></li><li>Two</li></ul><ol><li>First</li></ol>\
            <table><tr><th>Term</th><th>Meaning</th></tr><tr><td>EHCP</td><td>A plan</td></tr></table>\
            <script>alert(1)</script></body></html>";
        let source = read(html);
        let got: Vec<(&str, Hint)> = source.lines.iter().map(|l| (l.text.as_str(), l.hint)).collect();
        assert_eq!(
            got,
            vec![
                ("Outcome 1 & more", Hint::Heading(1)),
                ("Why it matters.", Hint::Plain),
                ("Second line", Hint::Plain),
                ("One", Hint::ListItem { ordered: false }),
                ("Nested", Hint::ListItem { ordered: false }),
                ("Two", Hint::ListItem { ordered: false }),
                ("1. First", Hint::ListItem { ordered: true }),
                ("Term\tMeaning", Hint::TableRow),
                ("EHCP\tA plan", Hint::TableRow),
            ]
        );
    }

    #[test]
    fn broken_html_still_reads() {
        let source = read("<p>unclosed <b>bold <li>item</p></table>&bogus; text");
        assert!(source.lines.iter().any(|l| l.text.contains("item")), "{source:?}");
    }
}

/// The deepest a web page's elements may nest. Real pages, plans included, nest a few dozen
/// deep; the HTML parser's work grows with the square of the depth, so a page nested hundreds
/// of thousands deep would keep it busy for hours.
pub const MAX_NESTING: usize = 1_000;

/// Refuses a page whose elements nest deeper than [`MAX_NESTING`], counted from its tags
/// before it is parsed (elements that need no end tag, comments and declarations are not
/// counted).
pub fn check_nesting(text: &str) -> Result<(), String> {
    const VOID: [&str; 14] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p"];
    let mut depth: usize = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + offset + 1;
        let end = bytes[start..].iter().position(|&b| b == b'>').map_or(bytes.len(), |e| start + e);
        let tag = &text[start..end];
        i = end.min(bytes.len().saturating_sub(1)).max(start);
        if end >= bytes.len() {
            break;
        }
        if let Some(closing) = tag.strip_prefix('/') {
            if !VOID.iter().any(|v| closing.trim().eq_ignore_ascii_case(v)) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() || tag.ends_with('/') || VOID.iter().any(|v| name.eq_ignore_ascii_case(v)) {
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Err(format!(
                "its elements are nested more than {MAX_NESTING} deep, which no real plan is; save the page again from a browser, or bring in the Word version"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod nesting_tests {
    use super::*;

    #[test]
    fn a_page_nested_absurdly_deep_is_refused_before_it_is_parsed() {
        let deep =
            format!("<html><body>{}<h1>Plan</h1>{}</body></html>", "<div>".repeat(5_000), "</div>".repeat(5_000));
        assert!(check_nesting(&deep).is_err_and(|e| e.contains("more than 1000 deep")));
        // Many elements one after another, void elements and paragraphs without end tags, are fine.
        let wide = format!("<html><body>{}</body></html>", "<p>One<br><img src=x><div>two</div>".repeat(50_000));
        assert_eq!(check_nesting(&wide), Ok(()));
        assert_eq!(check_nesting("<unclosed"), Ok(()));
        assert_eq!(check_nesting("text <b>bold</b> <!-- note --> & < more"), Ok(()));
    }
}
