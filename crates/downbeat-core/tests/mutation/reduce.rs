//! Seed reduction for the random mutation loop, as fuzzers minimise their
//! seeds (afl-tmin, libFuzzer `-minimize_crash`): a copy of a corpus file
//! with whatever the reader does not need removed, so that a mutated input
//! costs microseconds instead of milliseconds. A removal is kept only when
//! `keeps` still holds (the caller checks that the copy sniffs as the same
//! format and reads the same status and kinds of things). Generic, so
//! that a new format needs nothing here: JSON array elements (also inside
//! HTML), then runs of lines, then runs of bytes, each removed in halving
//! chunks. Deterministic: bounded by a number of tries, not by time.

use std::ops::Range;

/// The elements of every JSON-looking array in `bytes`, as byte ranges,
/// each with where it opens, largest array first. Strings are skipped, so brackets in text do not
/// count; in HTML the guess may be wrong, and `keeps` then refuses it.
/// An open container: is it an array, where it opens, its elements so far
/// and where the current element starts.
type Open = (bool, usize, Vec<Range<usize>>, Option<usize>);

fn arrays(bytes: &[u8]) -> Vec<(usize, Vec<Range<usize>>)> {
    let mut stack: Vec<Open> = Vec::new();
    let mut done: Vec<(usize, usize, Vec<Range<usize>>)> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        // The start of an element of the innermost array, if one begins here.
        if let Some((true, _, _, start @ None)) = stack.last_mut() {
            if !b.is_ascii_whitespace() && b != b']' && b != b',' {
                *start = Some(i);
            }
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => stack.push((b == b'[', i, Vec::new(), None)),
            b']' | b'}' => {
                if let Some((is_array, open, mut elements, start)) = stack.pop() {
                    if is_array {
                        if let Some(start) = start {
                            elements.push(start..trim_end(bytes, start, i));
                        }
                        if !elements.is_empty() {
                            done.push((i + 1 - open, open, elements));
                        }
                    }
                }
            }
            b',' => {
                if let Some((true, _, elements, start)) = stack.last_mut() {
                    if let Some(s) = start.take() {
                        elements.push(s..trim_end(bytes, s, i));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Largest first: (length, open, elements).
    done.sort_by_key(|a| std::cmp::Reverse(a.0));
    done.into_iter().map(|(_, open, e)| (open, e)).collect()
}

fn trim_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut end = end;
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// The bytes removed when elements `from..to` of an array go, with the
/// comma that separated them from the rest.
fn element_span(elements: &[Range<usize>], from: usize, to: usize) -> Range<usize> {
    if to < elements.len() {
        elements[from].start..elements[to].start
    } else if from > 0 {
        elements[from - 1].end..elements[to - 1].end
    } else {
        elements[0].start..elements[to - 1].end
    }
}

fn without(bytes: &[u8], span: &Range<usize>) -> Vec<u8> {
    [&bytes[..span.start], &bytes[span.end..]].concat()
}

/// Removes units in halving chunks (after a removal, on at the same size
/// and place); `units_of` finds the units again in the shorter copy.
fn chunks(
    mut bytes: Vec<u8>,
    units_of: impl Fn(&[u8]) -> Vec<Range<usize>>,
    span: impl Fn(&[Range<usize>], usize, usize) -> Range<usize>,
    keeps: &mut impl FnMut(&[u8]) -> bool,
    tries: &mut usize,
) -> Vec<u8> {
    let mut units = units_of(&bytes);
    let mut size = units.len().div_ceil(2).max(1);
    loop {
        let mut from = 0;
        while from < units.len() {
            if *tries == 0 {
                return bytes;
            }
            *tries -= 1;
            let to = (from + size).min(units.len());
            let candidate = without(&bytes, &span(&units, from, to));
            if keeps(&candidate) {
                bytes = candidate;
                units = units_of(&bytes);
            } else {
                from = to;
            }
        }
        if size == 1 {
            return bytes;
        }
        size = size.div_ceil(2);
    }
}

/// Units of `bytes` cut at newlines, or every `width` bytes.
fn runs(bytes: &[u8], width: Option<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let cut = match width {
            Some(w) => i + 1 - start >= w,
            None => *b == b'\n',
        };
        if cut {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

/// `bytes` with what `keeps` does not need removed, in at most `tries`
/// calls of `keeps`.
pub fn reduce(bytes: &[u8], mut tries: usize, mut keeps: impl FnMut(&[u8]) -> bool) -> Vec<u8> {
    let mut current = bytes.to_vec();
    // Array elements first (cheap wins on big JSON), largest array first.
    // An array is found again by where it opens (removals inside it do not
    // move that); one that nothing more can leave is remembered by content.
    let mut finished = std::collections::HashSet::new();
    while tries > 0 {
        let found = arrays(&current).into_iter().find(|(open, elements)| {
            let end = elements.last().map_or(*open, |e| e.end);
            !finished.contains(&current[*open..end])
        });
        let Some((open, _)) = found else { break };
        let elements_at = |b: &[u8]| {
            arrays(b)
                .into_iter()
                .find(|(o, _)| *o == open)
                .map(|(_, e)| e)
                .unwrap_or_default()
        };
        current = chunks(current, elements_at, element_span, &mut keeps, &mut tries);
        let end = elements_at(&current).last().map_or(open, |e| e.end);
        finished.insert(current[open..end].to_vec());
    }
    // Then runs of lines, then of bytes, whatever the format.
    for width in [None, Some(256), Some(32), Some(8)] {
        let contiguous = |u: &[Range<usize>], f: usize, t: usize| u[f].start..u[t - 1].end;
        current = chunks(
            current,
            |b| runs(b, width),
            contiguous,
            &mut keeps,
            &mut tries,
        );
    }
    current
}

#[test]
fn reduce_keeps_what_the_check_needs() {
    let input = br#"{"a":[1,2,{"x":[3,4]},5],"b":"keep"}"#;
    let out = reduce(input, 1000, |c| {
        serde_json::from_slice::<serde_json::Value>(c).is_ok_and(|v| {
            v["b"] == "keep" && v["a"].as_array().is_some_and(|a| a.contains(&5.into()))
        })
    });
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["a"], serde_json::json!([5]));
    assert_eq!(value["b"], "keep");
}
