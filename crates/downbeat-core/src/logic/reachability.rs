//! "Is it me?": the pure decision on the user's own connection, from the
//! anchors' answers (a quorum) and whether addresses answered directly.

use crate::model::{Connectivity, PortalSign, Reason};

/// What one anchor did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorAnswer {
    /// Answered as expected.
    Expected,
    /// Answered, but not as expected (a redirect, another body): the mark of
    /// a captive portal. Says what came instead.
    Unexpected(PortalSign),
    /// Its name did not resolve.
    NameFailed,
    /// No answer (refused, timed out, …).
    Unreachable,
}

/// The verdict on the connection, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub state: Connectivity,
    pub reason: Reason,
}

/// Decide from the anchors' answers and, when asked, whether any address
/// was reachable directly.
pub fn assess(answers: &[AnchorAnswer], addresses_reachable: Option<bool>) -> Assessment {
    let total = answers.len();
    if total == 0 {
        return Assessment {
            state: Connectivity::Online,
            reason: Reason::ChecksOff,
        };
    }
    let count = |wanted: fn(&AnchorAnswer) -> bool| answers.iter().filter(|a| wanted(a)).count();
    let expected = count(|a| *a == AnchorAnswer::Expected);
    let unexpected = count(|a| matches!(a, AnchorAnswer::Unexpected(_)));
    let name_failed = count(|a| *a == AnchorAnswer::NameFailed);
    let majority = |n: usize| n * 2 > total;

    if majority(expected) {
        return Assessment {
            state: Connectivity::Online,
            reason: Reason::Online {
                answered: count32(expected),
                total: count32(total),
            },
        };
    }
    if unexpected > 0 && majority(expected + unexpected) {
        let sign = answers
            .iter()
            .find_map(|a| match a {
                AnchorAnswer::Unexpected(sign) => Some(sign.clone()),
                _ => None,
            })
            .unwrap_or(PortalSign::OtherPage);
        return Assessment {
            state: Connectivity::CaptivePortal,
            reason: Reason::CaptivePortal { sign },
        };
    }
    if majority(name_failed) && addresses_reachable == Some(true) {
        return Assessment {
            state: Connectivity::DnsBroken,
            reason: Reason::DnsBroken,
        };
    }
    Assessment {
        state: Connectivity::Offline,
        reason: Reason::Offline {
            answered: count32(expected + unexpected),
            total: count32(total),
        },
    }
}

/// A count of anchors (a handful) as the reason's fact.
fn count32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AnchorAnswer::*;

    #[test]
    fn a_majority_of_expected_answers_is_online() {
        let state = |answers: &[AnchorAnswer]| assess(answers, Some(false)).state;
        assert_eq!(
            state(&[Expected, Expected, Unreachable]),
            Connectivity::Online
        );
        assert_eq!(
            state(&[Expected, Unreachable, Unreachable]),
            Connectivity::Offline
        );
        assert_eq!(
            state(&[Unreachable, Unreachable, Unreachable]),
            Connectivity::Offline
        );
        assert_eq!(state(&[]), Connectivity::Online);
    }

    #[test]
    fn redirected_or_altered_anchors_are_a_captive_portal() {
        let sign = PortalSign::Redirect("http://login.hotel.example/".into());
        let portal = Unexpected(sign.clone());
        let verdict = assess(&[portal.clone(), portal, Unreachable], None);
        assert_eq!(verdict.state, Connectivity::CaptivePortal);
        assert_eq!(verdict.reason, Reason::CaptivePortal { sign });
        // One odd anchor among working ones is not a portal.
        assert_eq!(
            assess(
                &[Expected, Expected, Unexpected(PortalSign::Http(500))],
                None
            )
            .state,
            Connectivity::Online
        );
    }

    #[test]
    fn names_failing_while_addresses_answer_is_broken_dns() {
        let answers = [NameFailed, NameFailed, NameFailed];
        assert_eq!(assess(&answers, Some(true)).state, Connectivity::DnsBroken);
        assert_eq!(assess(&answers, Some(false)).state, Connectivity::Offline);
        assert_eq!(assess(&answers, None).state, Connectivity::Offline);
    }
}
