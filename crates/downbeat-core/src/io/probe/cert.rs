//! Just enough DER to read when a certificate expires: the `validity` of an
//! X.509 `TBSCertificate`. Anything unexpected gives `None`, never a panic.
//!
//! ```text
//! Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
//! TBSCertificate ::= SEQUENCE {
//!     version [0] EXPLICIT INTEGER OPTIONAL, serialNumber INTEGER,
//!     signature AlgorithmIdentifier, issuer Name,
//!     validity SEQUENCE { notBefore Time, notAfter Time }, ... }
//! Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }
//! ```

use chrono::{DateTime, NaiveDate, Utc};

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const VERSION: u8 = 0xA0;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// The certificate's `notBefore` and `notAfter`.
pub fn validity(der: &[u8]) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let (certificate, _) = expect(der, SEQUENCE)?;
    let (mut tbs, _) = expect(certificate, SEQUENCE)?;
    if tbs.first() == Some(&VERSION) {
        tbs = element(tbs)?.2;
    }
    let (_serial, tbs) = expect(tbs, INTEGER)?;
    let (_algorithm, tbs) = expect(tbs, SEQUENCE)?;
    let (_issuer, tbs) = expect(tbs, SEQUENCE)?;
    let (validity, _) = expect(tbs, SEQUENCE)?;
    let (tag, not_before, rest) = element(validity)?;
    let not_before = time(tag, not_before)?;
    let (tag, not_after, _) = element(rest)?;
    Some((not_before, time(tag, not_after)?))
}

/// When the certificate stops being valid.
pub fn not_after(der: &[u8]) -> Option<DateTime<Utc>> {
    validity(der).map(|(_, not_after)| not_after)
}

/// The next element if it has `tag`: its contents and what follows it.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (found, contents, rest) = element(input)?;
    (found == tag).then_some((contents, rest))
}

/// One tag-length-value: (tag, contents, rest). Only single-byte tags and
/// definite lengths, as DER certificates use at these places.
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, input) = input.split_first()?;
    if tag & 0x1F == 0x1F {
        return None;
    }
    let (&first, mut input) = input.split_first()?;
    let length = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7F);
        // 0x80 is the indefinite form, not DER; more than 4 bytes is absurd here.
        if count == 0 || count > 4 || input.len() < count {
            return None;
        }
        let (bytes, rest) = input.split_at(count);
        input = rest;
        bytes.iter().try_fold(0usize, |length, &byte| {
            length.checked_mul(256)?.checked_add(usize::from(byte))
        })?
    };
    if input.len() < length {
        return None;
    }
    let (contents, rest) = input.split_at(length);
    Some((tag, contents, rest))
}

/// UTCTime "YYMMDDHHMMSSZ" (years 1950–2049) or GeneralizedTime
/// "YYYYMMDDHHMMSSZ", as RFC 5280 requires them.
fn time(tag: u8, contents: &[u8]) -> Option<DateTime<Utc>> {
    let digits = contents.strip_suffix(b"Z")?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        digits
            .get(range)?
            .iter()
            .try_fold(0u32, |n, &d| Some(n * 10 + u32::from(d - b'0')))
    };
    let (year, rest) = match (tag, digits.len()) {
        (UTC_TIME, 12) => {
            let year = number(0..2)?;
            (if year >= 50 { 1900 + year } else { 2000 + year }, 2)
        }
        (GENERALIZED_TIME, 14) => (number(0..4)?, 4),
        _ => return None,
    };
    let field = |index: usize| number(rest + index * 2..rest + index * 2 + 2);
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, field(0)?, field(1)?)?;
    let time = date.and_hms_opt(field(2)?, field(3)?, field(4)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn certificate(not_before: (i32, u8, u8), not_after: (i32, u8, u8)) -> Vec<u8> {
        let mut params =
            rcgen::CertificateParams::new(vec!["probe.test".to_string()]).expect("params");
        params.not_before = rcgen::date_time_ymd(not_before.0, not_before.1, not_before.2);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2)
            + std::time::Duration::from_secs(13 * 3600 + 5 * 60 + 7);
        let key = rcgen::KeyPair::generate().expect("key");
        params
            .self_signed(&key)
            .expect("certificate")
            .der()
            .to_vec()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, s)
            .single()
            .expect("date")
    }

    #[test]
    fn reads_utc_time_validity_from_a_real_certificate() {
        let der = certificate((2024, 2, 29), (2027, 6, 30));
        assert_eq!(
            validity(&der),
            Some((utc(2024, 2, 29, 0, 0, 0), utc(2027, 6, 30, 13, 5, 7)))
        );
        assert_eq!(not_after(&der), Some(utc(2027, 6, 30, 13, 5, 7)));
    }

    #[test]
    fn reads_generalized_time_after_2049_and_utc_time_before_2000() {
        // rcgen writes UTCTime for 1950–2049 and GeneralizedTime otherwise.
        let der = certificate((1999, 12, 31), (2051, 1, 2));
        assert_eq!(
            validity(&der),
            Some((utc(1999, 12, 31, 0, 0, 0), utc(2051, 1, 2, 13, 5, 7)))
        );
    }

    #[test]
    fn time_encodings() {
        assert_eq!(
            time(UTC_TIME, b"491231235959Z"),
            Some(utc(2049, 12, 31, 23, 59, 59))
        );
        assert_eq!(
            time(UTC_TIME, b"500101000000Z"),
            Some(utc(1950, 1, 1, 0, 0, 0))
        );
        assert_eq!(
            time(GENERALIZED_TIME, b"20500101000000Z"),
            Some(utc(2050, 1, 1, 0, 0, 0))
        );
        for bad in [
            &b"491231235959"[..], // no Z
            b"4912312359Z",       // no seconds
            b"49123123595+Z",     // not a digit
            b"491331235959Z",     // month 13
            b"490230000000Z",     // February 30
            b"491231246000Z",     // hour 24
            b"",
            b"Z",
        ] {
            assert_eq!(
                time(UTC_TIME, bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(
            time(GENERALIZED_TIME, b"491231235959Z"),
            None,
            "UTCTime digits under the wrong tag"
        );
        assert_eq!(time(0x04, b"491231235959Z"), None, "not a time tag");
    }

    #[test]
    fn lengths() {
        assert_eq!(element(&[0x30, 0x00]), Some((0x30, &[][..], &[][..])));
        assert_eq!(
            element(&[0x04, 0x81, 0x01, 0xAA, 0xBB]),
            Some((0x04, &[0xAA][..], &[0xBB][..]))
        );
        assert_eq!(
            element(&[0x30, 0x80, 0x00, 0x00]),
            None,
            "indefinite length"
        );
        assert_eq!(
            element(&[0x30, 0x85, 1, 1, 1, 1, 1]),
            None,
            "five length bytes"
        );
        assert_eq!(
            element(&[0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            None,
            "longer than the input"
        );
        assert_eq!(element(&[0x30, 0x82, 0x01]), None, "length cut short");
        assert_eq!(element(&[0x1F, 0x01, 0x00]), None, "multi-byte tag");
        assert_eq!(element(&[0x30]), None);
        assert_eq!(element(&[]), None);
    }

    #[test]
    fn garbage_gives_none_and_never_panics() {
        assert_eq!(not_after(b""), None);
        assert_eq!(not_after(b"-----BEGIN CERTIFICATE-----"), None);
        assert_eq!(not_after(&[0x30, 0x03, 0x30, 0x01, 0x02]), None);
        let der = certificate((2024, 1, 1), (2030, 1, 1));
        // Every truncation, and every single byte changed, of a real certificate.
        for length in 0..der.len() {
            let _ = not_after(&der[..length]);
        }
        assert_eq!(
            not_after(&der[..der.len() / 2]),
            None,
            "cut inside the TBSCertificate"
        );
        let mut mutated = der.clone();
        for index in 0..der.len() {
            for value in [0x00, 0x7F, 0x80, 0xFF] {
                let original = mutated[index];
                mutated[index] = value;
                let _ = not_after(&mutated);
                mutated[index] = original;
            }
        }
        // A simple deterministic byte soup.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..64)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state & 0xFF) as u8
                })
                .collect();
            let _ = not_after(&bytes);
        }
    }
}
