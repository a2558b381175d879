use super::*;
use crate::error::ErrorKind;
use crate::params::Encoding;
use serde_json::json;

fn plan(v: Value) -> Result<Planned> {
    read(&v.to_string())
}

#[test]
fn every_operation_value_is_read_and_labelled() {
    for op in Operation::ALL {
        let planned =
            plan(json!({"resource": "whatsappSession", "operation": op.as_str(), "device": "d"}))
                .unwrap_or_else(|e| panic!("{}: {e}", op.as_str()));
        let kind = match planned {
            Planned::ScanQr(_) => Operation::ScanQr,
            Planned::ScanQrAndWait(_) => Operation::ScanQrAndWait,
            Planned::Device(c) => c.operation,
        };
        assert_eq!(kind, op);
        let label = op.label();
        assert!(
            !label.name.is_empty() && !label.action.is_empty() && !label.description.is_empty()
        );
    }
    let values: std::collections::BTreeSet<_> = Operation::ALL.iter().map(|o| o.as_str()).collect();
    assert_eq!(values.len(), 9, "values are distinct");
}

#[test]
fn a_missing_operation_is_scan_qr() {
    let Planned::ScanQr(p) = plan(json!({"device": "d"})).unwrap() else {
        panic!("not scanQr");
    };
    assert_eq!(p.encoding, Encoding::Svg);
}

#[test]
fn unknown_operations_are_refused_naming_all_nine() {
    for v in [
        json!("reboot"),
        json!("ScanQr"),
        json!(3),
        json!(["scanQr"]),
    ] {
        let err = plan(json!({"device": "d", "operation": v})).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidParameter);
        for op in Operation::ALL {
            assert!(err.message.contains(op.as_str()), "{}", err.message);
        }
    }
}

#[test]
fn each_operation_reads_only_its_own_options() {
    let err = plan(json!({"operation": "getDevice", "device": "d", "options": {"timeout": 5}}))
        .unwrap_err();
    assert!(
        err.message.contains("'timeout'") && err.message.contains("none"),
        "{}",
        err.message
    );
    let err = plan(json!({"operation": "resetDevice", "device": "d", "options": {"sync": true}}))
        .unwrap_err();
    assert!(
        err.message.contains("deleteData, wait, emptyQueue"),
        "{}",
        err.message
    );
    // Fields of other operations (which n8n passes with their defaults) are ignored.
    assert!(plan(json!({"operation": "getDevice", "device": "d", "force": false, "encoding": "svg", "phone": "", "wait": false})).is_ok());
}

#[test]
fn no_time_left_is_a_timeout_before_any_request() {
    let past = Deadline::after_ms(1);
    std::thread::sleep(Duration::from_millis(5));
    let err = within(&past, Duration::from_secs(1)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert_eq!(
        within(&Deadline::none(), Duration::from_secs(7)).unwrap(),
        Duration::from_secs(7)
    );
}
