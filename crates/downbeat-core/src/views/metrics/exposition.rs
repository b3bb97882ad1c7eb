//! Writing metric families in the Prometheus text format (0.0.4) or in
//! OpenMetrics 1.0: HELP and TYPE lines, escaped label values, histograms.
//!
//! Facts from the public format descriptions
//! (https://prometheus.io/docs/instrumenting/exposition_formats/ and
//! https://github.com/OpenMetrics/OpenMetrics/blob/main/specification/OpenMetrics.md):
//! label values escape `\`, `"` and newline; HELP escapes `\` and newline;
//! OpenMetrics names a counter family without `_total` and ends with `# EOF`;
//! a histogram with negative buckets must not expose `_sum` in OpenMetrics.

use std::fmt::Write as _;

/// Which exposition format a scraper asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `text/plain; version=0.0.4`, what every Prometheus understands.
    Prometheus,
    /// `application/openmetrics-text; version=1.0.0`.
    OpenMetrics,
}

impl Format {
    /// The format for an `Accept` header: OpenMetrics when it is named
    /// (Prometheus asks for it first), else the classic text format.
    pub fn from_accept(accept: Option<&str>) -> Format {
        match accept {
            Some(accept) if accept.contains("application/openmetrics-text") => Format::OpenMetrics,
            _ => Format::Prometheus,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Prometheus => "text/plain; version=0.0.4; charset=utf-8",
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Gauge,
    Counter,
    Histogram,
    /// A constant 1 carrying labels; a gauge in the classic format.
    Info,
}

/// Label values as the formats want them: `\`, `"` and newline escaped.
/// Other control characters are dropped (they come from status pages and
/// mean nothing in a label), and the value is cut at `max` characters so
/// that one odd name cannot bloat every scrape.
pub fn escape_label(value: &str, max: usize) -> String {
    let mut out = String::with_capacity(value.len().min(max) + 2);
    for c in value.chars().take(max) {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A metrics page being written.
pub struct Writer {
    pub out: String,
    format: Format,
}

impl Writer {
    pub fn new(format: Format, capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            format,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The HELP and TYPE lines of a family. `name` is the sample name
    /// (counters end in `_total`, which OpenMetrics leaves off the family).
    pub fn family(&mut self, name: &str, kind: Type, help: &str) {
        let family = match (self.format, kind) {
            (Format::OpenMetrics, Type::Counter) => name.strip_suffix("_total").unwrap_or(name),
            (Format::OpenMetrics, Type::Info) => name.strip_suffix("_info").unwrap_or(name),
            _ => name,
        };
        let kind = match (self.format, kind) {
            (_, Type::Gauge) | (Format::Prometheus, Type::Info) => "gauge",
            (_, Type::Counter) => "counter",
            (_, Type::Histogram) => "histogram",
            (Format::OpenMetrics, Type::Info) => "info",
        };
        let mut help = help.replace('\\', "\\\\").replace('\n', "\\n");
        // OpenMetrics escapes double quotes in HELP too; the classic format does not.
        if self.format == Format::OpenMetrics {
            help = help.replace('"', "\\\"");
        }
        let _ = writeln!(self.out, "# HELP {family} {help}");
        let _ = writeln!(self.out, "# TYPE {family} {kind}");
    }

    /// One sample; `labels` are pairs of a name and an already escaped value.
    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        self.out.push_str(name);
        if !labels.is_empty() {
            self.out.push('{');
            for (i, (label, value)) in labels.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                let _ = write!(self.out, "{label}=\"{value}\"");
            }
            self.out.push('}');
        }
        self.out.push(' ');
        push_value(&mut self.out, value);
        self.out.push('\n');
    }

    /// A histogram's buckets, count and (when allowed) sum.
    pub fn histogram(&mut self, name: &str, labels: &[(&str, &str)], histogram: &Histogram) {
        let mut cumulative = 0u64;
        let bounds: Vec<String> = histogram.bounds.iter().map(|b| bound_text(*b)).collect();
        let mut with_le: Vec<(&str, &str)> = labels.to_vec();
        with_le.push(("le", ""));
        let last = with_le.len() - 1;
        let bucket = format!("{name}_bucket");
        for (le, count) in bounds.iter().zip(&histogram.counts) {
            cumulative += count;
            with_le[last] = ("le", le);
            self.sample(&bucket, &with_le, cumulative as f64);
        }
        with_le[last] = ("le", "+Inf");
        self.sample(&bucket, &with_le, histogram.count as f64);
        let negative = histogram.bounds.first().is_some_and(|b| *b < 0.0);
        if !(negative && self.format == Format::OpenMetrics) {
            self.sample(&format!("{name}_sum"), labels, histogram.sum);
        }
        self.sample(&format!("{name}_count"), labels, histogram.count as f64);
    }

    pub fn finish(mut self) -> String {
        if self.format == Format::OpenMetrics {
            self.out.push_str("# EOF\n");
        }
        self.out
    }
}

/// Integers without a fraction, others as Rust prints them (shortest
/// round-trip form), which both formats accept.
fn push_value(out: &mut String, value: f64) {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let _ = write!(out, "{}", value as i64);
    } else if value.is_nan() {
        out.push_str("NaN");
    } else {
        let _ = write!(out, "{value}");
    }
}

/// A bucket bound as OpenMetrics wants it: canonical, with a fraction
/// ("1.0", "0.25"), which the classic format accepts too.
fn bound_text(bound: f64) -> String {
    if bound.fract() == 0.0 {
        format!("{bound:.1}")
    } else {
        format!("{bound}")
    }
}

/// A fixed-bucket histogram: per-bucket counts (not cumulative), sum, count.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    bounds: &'static [f64],
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

impl Histogram {
    pub fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            counts: vec![0; bounds.len()],
            sum: 0.0,
            count: 0,
        }
    }

    pub fn observe(&mut self, value: f64) {
        if let Some(i) = self.bounds.iter().position(|bound| value <= *bound) {
            self.counts[i] += 1;
        }
        self.sum += value;
        self.count += 1;
    }

    pub fn count(&self) -> u64 {
        self.count
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped_and_bounded() {
        assert_eq!(escape_label("a\"b\\c\nd", 100), "a\\\"b\\\\c\\nd");
        assert_eq!(escape_label("bell\u{7}x", 100), "bellx");
        assert_eq!(escape_label("abcdef", 3), "abc");
    }

    #[test]
    fn counters_lose_total_in_openmetrics_families_and_pages_end_with_eof() {
        let mut om = Writer::new(Format::OpenMetrics, 0);
        om.family("x_total", Type::Counter, "X.");
        om.sample("x_total", &[("a", "b")], 2.0);
        assert_eq!(
            om.finish(),
            "# HELP x X.\n# TYPE x counter\nx_total{a=\"b\"} 2\n# EOF\n"
        );
        let mut text = Writer::new(Format::Prometheus, 0);
        text.family("x_total", Type::Counter, "X.");
        assert_eq!(text.finish(), "# HELP x_total X.\n# TYPE x_total counter\n");
    }

    #[test]
    fn histograms_are_cumulative_and_negative_ones_hide_their_sum_in_openmetrics() {
        static BOUNDS: [f64; 3] = [-1.0, 0.5, 2.0];
        let mut h = Histogram::new(&BOUNDS);
        for v in [-3.0, 0.1, 0.4, 1.0, 9.0] {
            h.observe(v);
        }
        let mut text = Writer::new(Format::Prometheus, 0);
        text.histogram("h", &[], &h);
        assert_eq!(
            text.finish(),
            "h_bucket{le=\"-1.0\"} 1\nh_bucket{le=\"0.5\"} 3\nh_bucket{le=\"2.0\"} 4\n\
             h_bucket{le=\"+Inf\"} 5\nh_sum 7.5\nh_count 5\n"
        );
        let mut om = Writer::new(Format::OpenMetrics, 0);
        om.histogram("h", &[], &h);
        assert!(!om.finish().contains("h_sum"));
    }

    #[test]
    fn accept_picks_openmetrics_only_when_named() {
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assert_eq!(Format::from_accept(Some(prometheus)), Format::OpenMetrics);
        assert_eq!(Format::from_accept(Some("*/*")), Format::Prometheus);
        assert_eq!(Format::from_accept(None), Format::Prometheus);
    }
}
