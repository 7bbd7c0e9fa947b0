//! Search that ignores Vietnamese diacritics and case: "nghi loc" finds "Nghi Lộc".

/// A search as typed in a page's address (`?tim=`): at most 100 characters, without control
/// characters (a NUL or an escape never reaches the page).
pub fn typed_search(query: Option<String>) -> String {
    query
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect()
}

/// Lower-cases `text` and strips Vietnamese tone and vowel marks (also đ → d), so that
/// "Nghệ An", "NGHE AN" and "nghe an" all read "nghe an".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        out.push(base_letter(c));
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// How well `text` answers `query`, both folded: `None` when some word of the query does not
/// occur in the text; otherwise lower is better: 0 the whole text, 1 every query word is a
/// whole word of the text, 2 the words occur inside others ("nghi" in "nghia").
/// An empty query matches everything equally.
pub fn rank(query: &str, text: &str) -> Option<u8> {
    let (query, text) = (fold(query), fold(text));
    if !query.split(' ').all(|word| text.contains(word)) {
        return None;
    }
    if query.is_empty() || query == text {
        return Some(0);
    }
    let words: Vec<&str> = text.split(' ').collect();
    Some(if query.split(' ').all(|q| words.contains(&q)) {
        1
    } else {
        2
    })
}

/// The items that match `query`, best first, in their original order within a rank.
pub fn filter<T: Clone>(items: &[T], query: &str, text: impl Fn(&T) -> &str) -> Vec<T> {
    let mut ranked: Vec<(u8, &T)> = items
        .iter()
        .filter_map(|item| rank(query, text(item)).map(|r| (r, item)))
        .collect();
    ranked.sort_by_key(|(r, _)| *r);
    ranked.into_iter().map(|(_, item)| item.clone()).collect()
}

/// `query` as a URL query-string value (`nghi lộc` → `nghi+l%E1%BB%99c`).
pub fn encode_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for byte in query.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

const BASES: [(char, &str); 7] = [
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
    ('d', "đ"),
];

fn base_letter(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    BASES
        .iter()
        .find(|(_, marked)| marked.contains(c))
        .map_or(c, |(base, _)| *base)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn a_typed_search_holds_no_control_character(text in "(?s).{0,300}") {
            let search = super::typed_search(Some(text));
            proptest::prop_assert!(search.chars().count() <= 100);
            proptest::prop_assert!(!search.chars().any(char::is_control));
        }
    }

    use super::*;

    #[test]
    fn folding_strips_every_vietnamese_mark() {
        assert_eq!(fold("Nghi Lộc"), "nghi loc");
        assert_eq!(fold("ĐẶC KHU Phú Quốc"), "dac khu phu quoc");
        assert_eq!(fold("  Thừa   Thiên\tHuế "), "thua thien hue");
        assert_eq!(fold("Hoà Bình"), fold("Hòa Bình"));
        assert_eq!(fold("Ưởng Ỹ"), "uong y");
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        // "Lộc" typed with combining marks (o + U+0323 + U+0302), as some keyboards do.
        assert_eq!(fold("Lo\u{0323}\u{0302}c"), "loc");
    }

    #[test]
    fn matching_ignores_marks_case_and_word_order() {
        assert_eq!(rank("nghi loc", "Nghi Lộc"), Some(0));
        assert_eq!(rank("NGHE AN", "Nghệ An"), Some(0));
        assert_eq!(rank("an nghe", "Nghệ An"), Some(1));
        assert_eq!(rank("", "Nghệ An"), Some(0));
        assert_eq!(rank("nghi loc", "Nghĩa Lộc"), Some(2));
        assert_eq!(rank("nghi loc", "Nghi Xuân"), None);
        assert_eq!(rank("ha noi", "Hà Tĩnh"), None);
    }

    #[test]
    fn filtering_puts_the_best_match_first() {
        let names = ["Nghĩa Lộc", "Vinh Phú", "Nghi Lộc", "Nghi Xuân"];
        assert_eq!(filter(&names, "nghi loc", |n| n), ["Nghi Lộc", "Nghĩa Lộc"]);
        assert_eq!(filter(&names, "", |n| n), names);
        assert!(filter(&names, "zzz", |n| n).is_empty());
    }

    #[test]
    fn queries_encode_for_urls() {
        assert_eq!(encode_query("nghi lộc"), "nghi+l%E1%BB%99c");
        assert_eq!(encode_query("a&b=c"), "a%26b%3Dc");
    }
}
