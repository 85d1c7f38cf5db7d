//! The closest known name to a misspelt one, by case-insensitive edit distance: for the
//! schema's messages (keys, values) and the linter's suggestions (regions, node types, rule
//! IDs).

/// The closest name by edit distance, when it is close enough to be a likely typo (the first of
/// the nearest, see [`nearest`]).
pub fn closest(word: &str, candidates: &[String]) -> Option<String> {
    nearest(word, candidates.iter().map(String::as_str)).map(|(c, _)| c.to_owned())
}

/// The candidates nearest to `word` by case-insensitive edit distance, each within a third of
/// its own length in characters (at least 1): the first of them, and whether another one is as
/// near.
pub fn nearest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<(&'c str, bool)> {
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut candidate = Vec::new();
    let mut row = Vec::new();
    let mut best: Option<(usize, &'c str)> = None;
    let mut tied = false;
    for c in candidates {
        candidate.clear();
        candidate.extend(c.chars().map(|c| c.to_ascii_lowercase()));
        // Farther than this cannot qualify, or cannot win or tie.
        let bound = (candidate.len() / 3).max(1);
        let limit = best.map_or(bound, |(b, _)| b.min(bound));
        // The distance is at least the difference in length: most candidates end here.
        if candidate.len().abs_diff(word.len()) > limit {
            continue;
        }
        let Some(d) = distance_within(&word, &candidate, limit, &mut row) else {
            continue;
        };
        match best {
            Some((b, _)) if d == b => tied = true,
            _ => {
                best = Some((d, c));
                tied = false;
            }
        }
    }
    best.map(|(_, c)| (c, tied))
}

/// Every candidate nearest to `word` (as [`nearest`] measures), in the candidates' order. When
/// several tie, those that differ from `word` only by visually confusable characters (`l`, `I`
/// and `1`; `O` and `0`) win: `us-east-l` suggests `us-east-1` alone, not `us-east-2` too.
/// Empty when none is close enough.
pub fn suggestions<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<&'c str> {
    let candidates: Vec<&'c str> = candidates.into_iter().collect();
    let Some((first, tied)) = nearest(word, candidates.iter().copied()) else {
        return Vec::new();
    };
    if !tied {
        return vec![first];
    }
    // The distance of the first nearest; every candidate at that distance ties.
    let lower = |s: &str| -> Vec<char> { s.chars().map(|c| c.to_ascii_lowercase()).collect() };
    let target = lower(word);
    let mut row = Vec::new();
    let best = distance_within(&target, &lower(first), usize::MAX, &mut row).unwrap_or(0);
    let all: Vec<&'c str> = candidates
        .iter()
        .copied()
        .filter(|c| distance_within(&target, &lower(c), best, &mut row) == Some(best))
        .collect();
    let confusable: Vec<&'c str> = all
        .iter()
        .copied()
        .filter(|c| unconfused(c) == unconfused(word))
        .collect();
    if confusable.is_empty() {
        all
    } else {
        confusable
    }
}

/// `a`, `` `a` or `b` ``, `` `a`, `b` or `c` ``: suggestions as a help text lists them.
pub fn or_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// The text with visually confusable characters made one (`l`, `I`, `|` as `1`; `O`, `o` as
/// `0`), then lower case.
fn unconfused(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'l' | 'I' | '|' => '1',
            'O' | 'o' => '0',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Levenshtein distance over characters when it is at most `limit`, with one reusable row;
/// `None` as soon as every entry of a row exceeds `limit` (the distance cannot come back down).
fn distance_within(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        // `diagonal`: the previous row's value at j; `row[j]` still holds it until overwritten.
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            smallest = smallest.min(row[j + 1]);
            diagonal = above;
        }
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain definitions `closest`, `nearest` and `distance_within` must agree with.
    fn naive_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// The qualifying candidates with their distances, in order.
    fn naive_qualifying(word: &str, candidates: &[String]) -> Vec<(usize, String)> {
        let lower = word.to_ascii_lowercase();
        candidates
            .iter()
            .map(|c| (naive_distance(&lower, &c.to_ascii_lowercase()), c.clone()))
            .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
            .collect()
    }

    fn naive_closest(word: &str, candidates: &[String]) -> Option<String> {
        naive_qualifying(word, candidates)
            .into_iter()
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    fn naive_tied(word: &str, candidates: &[String]) -> bool {
        let found = naive_qualifying(word, candidates);
        let best = found.iter().map(|(d, _)| *d).min();
        found.iter().filter(|(d, _)| Some(*d) == best).count() > 1
    }

    #[test]
    fn closest_suggests_typos() {
        let keys: Vec<String> = ["region", "vpcCidr", "nodeInstanceType", "maxNodeCount"]
            .map(String::from)
            .to_vec();
        assert_eq!(closest("regoin", &keys).as_deref(), Some("region"));
        assert_eq!(closest("vpcCIDR", &keys).as_deref(), Some("vpcCidr"));
        assert_eq!(closest("colour", &keys), None);
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let mut row = Vec::new();
        assert_eq!(
            distance_within(&chars("kitten"), &chars("sitting"), 3, &mut row),
            Some(3)
        );
        assert_eq!(
            distance_within(&chars("kitten"), &chars("sitting"), 2, &mut row),
            None
        );
        assert_eq!(
            nearest("us-east-9", ["us-east-1", "us-east-2"]),
            Some(("us-east-1", true))
        );
        assert_eq!(
            nearest("eu-wst-1", ["eu-west-1", "eu-west-2", "us-west-1"]),
            Some(("eu-west-1", false))
        );
        assert_eq!(nearest("zzzz", ["us-east-1"]), None);
    }

    #[test]
    fn ties_are_listed_and_confusables_break_them() {
        let regions = ["us-east-1", "us-east-2", "us-west-1", "eu-west-1"];
        assert_eq!(
            suggestions("us-east-9", regions),
            ["us-east-1", "us-east-2"]
        );
        assert_eq!(suggestions("us-east-l", regions), ["us-east-1"]);
        assert_eq!(suggestions("us-east-I", regions), ["us-east-1"]);
        assert_eq!(suggestions("eu-wst-1", regions), ["eu-west-1"]);
        assert!(suggestions("zzzz", regions).is_empty());
        let types = ["m5.xlarge", "m6.xlarge"];
        assert_eq!(suggestions("m0.xlarge", types), ["m5.xlarge", "m6.xlarge"]);
        assert_eq!(or_list(&["a"]), "`a`");
        assert_eq!(or_list(&["a", "b"]), "`a` or `b`");
        assert_eq!(or_list(&["a", "b", "c"]), "`a`, `b` or `c`");
    }

    proptest! {
        #[test]
        fn closest_agrees_with_the_definition(word in "[a-zA-Zé.-]{0,12}", candidates in proptest::collection::vec("[a-zA-Zé.-]{0,12}", 0..12)) {
            prop_assert_eq!(closest(&word, &candidates), naive_closest(&word, &candidates));
            let found = nearest(&word, candidates.iter().map(String::as_str));
            prop_assert_eq!(found.is_some_and(|(_, tied)| tied), naive_tied(&word, &candidates));
            let a: Vec<char> = word.chars().collect();
            let mut row = Vec::new();
            for c in &candidates {
                let b: Vec<char> = c.chars().collect();
                let d = naive_distance(&word, c);
                for limit in 0..=12 {
                    prop_assert_eq!(distance_within(&a, &b, limit, &mut row), Some(d).filter(|&d| d <= limit));
                }
            }
        }
    }
}
