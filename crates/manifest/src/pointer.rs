//! JSON pointers (RFC 6901).

/// Appends `/segment` to `pointer`, escaping `~` and `/`.
pub fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.contains(['~', '/']) {
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

/// The unescaped segments of a pointer.
pub fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
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
    fn dotted_paths() {
        assert_eq!(dotted("/peering/0/cidrs/1"), "peering[0].cidrs[1]");
        assert_eq!(dotted("/cluster/vpcCidr"), "cluster.vpcCidr");
        assert_eq!(dotted(""), "the manifest");
    }
}
