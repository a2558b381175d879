//! Each number's linking state machine, as `docs/sparkbot-api.md` infers it:
//! `new` → `pending` when a QR is issued; `pending` → `online` when the phone
//! scans it (an admin call, or a set delay); `pending` → `timeout` when the QR
//! codes run out unscanned; a new scan from `timeout` (or any forced one)
//! starts over. Time-driven changes are applied lazily, whenever a device is
//! read.

use std::time::{Duration, Instant};

use super::MockDevice;

/// How long the QR codes of a pending session last before it times out:
/// the first about 60 s, four more about 20 s each.
pub const QR_CODES_LAST: Duration = Duration::from_secs(140);

/// Applies what time has done to `device`'s session.
pub fn advance(device: &mut MockDevice) {
    if device.session != "pending" {
        return;
    }
    let Some(since) = device.pending_since else {
        return;
    };
    let pending_for = since.elapsed();
    if device.link_after.is_some_and(|after| pending_for >= after) {
        link(device);
    } else if pending_for >= device.qr_timeout {
        device.session = "timeout".into();
        device.pending_since = None;
    }
}

/// The phone scanned the QR: the number is linked.
pub fn link(device: &mut MockDevice) {
    device.session = "online".into();
    device.pending_since = None;
}

/// A QR is being issued: a new session (forced, or after `new`, `timeout` or
/// `offline`) becomes `pending` with fresh QR codes; a pending one stays so.
pub fn issue_qr(device: &mut MockDevice, force: bool) {
    if force {
        device.generation += 1;
    }
    if force || device.session != "pending" {
        device.session = "pending".into();
        device.pending_since = Some(Instant::now());
    }
}

/// The session starts over without a QR: `new` (reset, or a forced auth code).
pub fn start_over(device: &mut MockDevice) {
    device.generation += 1;
    device.session = "new".into();
    device.pending_since = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(session: &str) -> MockDevice {
        MockDevice {
            id: "d".into(),
            alias: None,
            phone: None,
            status: "operative".into(),
            session: session.into(),
            generation: 1,
            pending_since: None,
            link_after: None,
            qr_timeout: QR_CODES_LAST,
        }
    }

    #[test]
    fn a_scan_makes_new_and_timeout_pending_and_force_starts_over() {
        for from in ["new", "timeout", "offline"] {
            let mut d = device(from);
            issue_qr(&mut d, false);
            assert_eq!((d.session.as_str(), d.generation), ("pending", 1), "{from}");
            assert!(d.pending_since.is_some());
        }
        let mut d = device("online");
        issue_qr(&mut d, true);
        assert_eq!((d.session.as_str(), d.generation), ("pending", 2));
    }

    #[test]
    fn pending_links_after_the_set_delay_or_times_out_when_the_codes_run_out() {
        let mut d = device("new");
        d.link_after = Some(Duration::ZERO);
        issue_qr(&mut d, false);
        advance(&mut d);
        assert_eq!(d.session, "online");
        let mut d = device("new");
        d.qr_timeout = Duration::ZERO;
        issue_qr(&mut d, false);
        advance(&mut d);
        assert_eq!(d.session, "timeout");
        let mut d = device("new");
        d.link_after = Some(Duration::from_secs(60));
        issue_qr(&mut d, false);
        advance(&mut d);
        assert_eq!(d.session, "pending");
    }
}
