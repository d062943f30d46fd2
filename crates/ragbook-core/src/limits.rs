//! How long a piece of text may be. Commentary goes into a printed report and a PDF, where a
//! page has room for so much; a limit enforced at every way in (import, forms, API) means the
//! report never cuts text short silently.

/// A line of text: a title, a name, a label.
pub const LINE_MAX_CHARS: usize = 500;

/// Paragraphs: commentary, an issue, a response, an explanation, a note, a comment.
pub const PARAGRAPHS_MAX_CHARS: usize = 5_000;

/// What is wrong with `text` as a field limited to `limit` characters, if anything:
/// "is 5,123 characters long; the limit is 5,000".
pub fn too_long(text: &str, limit: usize) -> Option<String> {
    let length = text.chars().count();
    (length > limit).then(|| {
        format!(
            "is {} characters long; the limit is {} (shorten it, or put the detail in a linked document)",
            grouped(length),
            grouped(limit)
        )
    })
}

fn grouped(n: usize) -> String {
    crate::figure::group_thousands(&n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_at_the_limit_is_accepted_and_one_more_character_is_not() {
        let at = "é".repeat(PARAGRAPHS_MAX_CHARS);
        assert_eq!(
            too_long(&at, PARAGRAPHS_MAX_CHARS),
            None,
            "characters, not bytes"
        );
        let over = format!("{at}x");
        assert_eq!(
            too_long(&over, PARAGRAPHS_MAX_CHARS).as_deref(),
            Some(
                "is 5,001 characters long; the limit is 5,000 (shorten it, or put the detail in a linked document)"
            )
        );
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(12), "12");
    }
}
