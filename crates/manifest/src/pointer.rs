//! JSON pointers (RFC 6901).

use std::borrow::Cow;

use serde_json::Value;

/// Appends `/segment` to `pointer`, escaping `~` and `/`.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Builds a pointer from its segments.
pub fn pointer<'a>(segments: impl IntoIterator<Item = &'a str>) -> String {
    let mut p = String::new();
    for s in segments {
        push_segment(&mut p, s);
    }
    p
}

/// A segment as written in a pointer, unescaped (`~1` is `/`, `~0` is `~`); borrowed when it
/// has nothing to unescape.
fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// The value at `pointer`, as `serde_json::Value::pointer` finds it, without its two string
/// copies per segment: a segment is copied only when it has something to unescape. The rules
/// look up some 75,000 pointers in 10,000 manifests.
pub fn get<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(value);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(value, |target, segment| {
            let segment = unescape(segment);
            match target {
                Value::Object(map) => map.get(segment.as_ref()),
                Value::Array(items) => index(&segment).and_then(|i| items.get(i)),
                _ => None,
            }
        })
}

/// An array index as RFC 6901 writes it: digits, no sign, no leading zero.
fn index(segment: &str) -> Option<usize> {
    if segment.starts_with('+') || (segment.starts_with('0') && segment.len() != 1) {
        return None;
    }
    segment.parse().ok()
}

/// The unescaped segments of a pointer.
pub fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer.split('/').skip(1).map(|s| unescape(s).into_owned())
}

/// A pointer written the way a user reads a manifest path: `cluster.vpcCidr`,
/// `peering[0].cidrs[1]`; the empty pointer is `the manifest`.
pub fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in segments(pointer) {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) && !out.is_empty() {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    if out.is_empty() {
        "the manifest".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reads_back() {
        let p = pointer(["a/b", "c~d", "0"]);
        assert_eq!(p, "/a~1b/c~0d/0");
        assert_eq!(segments(&p).collect::<Vec<_>>(), ["a/b", "c~d", "0"]);
    }

    #[test]
    fn get_finds_what_serde_json_finds() {
        let value = serde_json::json!({
            "a": {"b": [10, {"c~d": 1, "e/f": 2, "": 3}], "0": "zero"},
            "list": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        });
        for p in [
            "",
            "/",
            "/a",
            "/a/b",
            "/a/b/0",
            "/a/b/1/c~0d",
            "/a/b/1/e~1f",
            "/a/b/1/",
            "/a/0",
            "/a/b/01",
            "/a/b/+1",
            "/a/b/-1",
            "/a/b/9",
            "/list/11",
            "/list/011",
            "/x",
            "a",
            "/a/b/1/c~d",
            "/a/b/0/x",
            "/list/1e1",
            "/a/~2",
        ] {
            assert_eq!(get(&value, p), value.pointer(p), "{p:?}");
        }
    }

    #[test]
    fn dotted_paths() {
        assert_eq!(dotted("/peering/0/cidrs/1"), "peering[0].cidrs[1]");
        assert_eq!(dotted("/cluster/vpcCidr"), "cluster.vpcCidr");
        assert_eq!(dotted(""), "the manifest");
    }
}
