//! The WhatsApp session resource: link a number by QR (and wait until it
//! is linked), check, sync, start, reset and reboot it, its health, and a
//! pairing code instead of a QR.

use workflow_node_sdk::catalog::{
    Body, Choice, Kind, Operation, Paging, Param, Run, Send, Shape, Timeout, To, Wording,
};
use workflow_node_sdk::http::Method;

use crate::names::{GET_DEVICES, RESOURCE_SESSION, RUN_SCAN_AND_WAIT, SHAPE_QR};

/// A request's timeout when nothing raises it.
pub const REQUEST_MS: u64 = 30_000;
/// The longest request timeout accepted (ten minutes).
pub const MAX_TIMEOUT_MS: u64 = 600_000;
/// How long Start and Reboot may take with `wait`: the API waits up to
/// about 90 s for the session, plus room for the network.
pub const START_WAIT_MS: u64 = 120_000;
/// How long Reset may take with `wait`: the API waits up to about 2 minutes.
pub const RESET_WAIT_MS: u64 = 150_000;
/// The wait of Scan QR and wait when the options leave it out.
pub const DEFAULT_WAIT_MS: u64 = 120_000;
/// The poll interval of Scan QR and wait when the options leave it out.
pub const DEFAULT_POLL_MS: u64 = 3_000;
/// The shortest poll interval: the API is not asked more than once a second.
pub const MIN_POLL_MS: u64 = 1_000;
/// The longest device id accepted, in bytes of UTF-8.
pub const MAX_DEVICE_ID_BYTES: usize = 10_240;

/// The WhatsApp number every operation acts on.
pub const DEVICE: Param = Param {
    name: "device",
    label: "WhatsApp Number",
    help: "The WhatsApp number. Choose from the list, or give its device ID with an expression.",
    kind: Kind::Id {
        max_bytes: MAX_DEVICE_ID_BYTES,
        dropdown: Some(GET_DEVICES),
        what: "a device ID",
        fix: "Pick a number from the list, or give its device ID.",
    },
    to: To::Path,
    required: true,
    in_options: false,
    placeholder: None,
    when: None,
};

/// Force a new QR (Scan QR, and Scan QR and wait).
pub const FORCE_NEW_QR: Param = Param {
    name: "force",
    label: "Force New QR",
    help: "Whether to destroy the number's current WhatsApp session and start a new one, so a fresh QR code is issued. A linked number is logged out.",
    kind: Kind::Flag {
        default: false,
        destroys: Some("destroys the current session"),
    },
    to: To::Query {
        key: "force",
        send: Send::Always,
    },
    required: false,
    in_options: false,
    placeholder: None,
    when: None,
};

/// The encodings the scan endpoint offers.
pub const ENCODINGS: &[Choice] = &[
    Choice {
        value: "svg",
        label: "SVG",
        help: "The QR as an SVG document (text and file)",
    },
    Choice {
        value: "json",
        label: "JSON",
        help: "The raw QR payload and its expiry, as JSON",
    },
    Choice {
        value: "base64",
        label: "Base64",
        help: "The QR as a PNG image in base64 (text and file)",
    },
    Choice {
        value: "base64_uri",
        label: "Base64 URI",
        help: "The QR as a data:image/png;base64 URI (text and file)",
    },
    Choice {
        value: "uri",
        label: "URI",
        help: "The raw QR payload text, to render elsewhere",
    },
    Choice {
        value: "image",
        label: "Image",
        help: "The QR as a PNG image file",
    },
];

/// How the QR comes back.
pub const ENCODING: Param = Param {
    name: "encoding",
    label: "QR Encoding",
    help: "How the QR code comes back. SVG and Image also attach the QR as a file (binary property \"qr\"), as do Base64 and Base64 URI once decoded.",
    kind: Kind::Choice {
        choices: ENCODINGS,
        default: "svg",
    },
    to: To::Query {
        key: "encoding",
        send: Send::Always,
    },
    required: false,
    in_options: false,
    placeholder: None,
    when: None,
};

const fn option_ms(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    (min, max): (u64, u64),
    default: u64,
) -> Param {
    Param {
        name,
        label,
        help,
        kind: Kind::Millis { min, max, default },
        to: To::Local,
        required: false,
        in_options: true,
        placeholder: None,
        when: None,
    }
}

const fn flag(
    name: &'static str,
    label: &'static str,
    help: &'static str,
    key: &'static str,
    destroys: Option<&'static str>,
    in_options: bool,
) -> Param {
    Param {
        name,
        label,
        help,
        kind: Kind::Flag {
            default: false,
            destroys,
        },
        to: To::Query {
            key,
            send: Send::WhenTrue,
        },
        required: false,
        in_options,
        placeholder: None,
        when: None,
    }
}

const NOT_FOUND: Wording = Wording {
    not_found: Some((
        "No WhatsApp number with device ID '{device}' in this account",
        "Check the WhatsApp Number.",
    )),
    conflict: Some("Check the number's session state (Get Device), or reset the session."),
};

const SCAN_WORDING: Wording = Wording {
    not_found: NOT_FOUND.not_found,
    conflict: Some(
        "The WhatsApp session cannot be scanned now. If the number is already linked, log it out or turn on Force New QR; otherwise reset the session in the SparkBot dashboard.",
    ),
};

const PASS_THROUGH: Shape = Shape::PassThrough {
    echo: &["device"],
    operation: true,
};

/// One request on one device: `method /devices/{device}{suffix}`.
const fn device_op(
    value: &'static str,
    (name, description, action): (&'static str, &'static str, &'static str),
    method: Method,
    path: &'static str,
    params: &'static [Param],
    timeout: Timeout,
) -> Operation {
    Operation {
        resource: RESOURCE_SESSION,
        value,
        name,
        description,
        action,
        method,
        path,
        params,
        rules: &[],
        body: Body::None,
        timeout,
        paging: Paging::None,
        shape: PASS_THROUGH,
        wording: NOT_FOUND,
        run: Run::Request,
    }
}

/// Scan QR: `GET /devices/{device}/scan`.
pub const SCAN_QR: Operation = Operation {
    resource: RESOURCE_SESSION,
    value: "scanQr",
    name: "Scan QR",
    description: "Get the QR code that links a WhatsApp number to SparkBot; needs the number (device ID)",
    action: "Scan QR code of a WhatsApp number",
    method: Method::Get,
    path: "/devices/{device}/scan",
    params: &[
        DEVICE,
        FORCE_NEW_QR,
        ENCODING,
        option_ms(
            "timeout",
            "Timeout",
            "How long to wait for the SparkBot API, in milliseconds (1 to 600000).",
            (1, MAX_TIMEOUT_MS),
            REQUEST_MS,
        ),
    ],
    rules: &[],
    body: Body::None,
    timeout: Timeout {
        default_ms: REQUEST_MS,
        param: Some("timeout"),
        raised_by: &[],
        extra_ms: 0,
    },
    paging: Paging::None,
    shape: Shape::Custom(SHAPE_QR),
    wording: SCAN_WORDING,
    run: Run::Request,
};

/// Scan QR and wait: the scan, then `GET /devices/{device}` until linked.
pub const SCAN_QR_AND_WAIT: Operation = Operation {
    resource: RESOURCE_SESSION,
    value: "scanQrAndWait",
    name: "Scan QR and Wait",
    description: "Get the QR code, then wait until the number is linked (or the wait ends); needs the number (device ID)",
    action: "Scan QR code and wait until the number is linked",
    method: Method::Get,
    path: "/devices/{device}/scan",
    params: &[
        DEVICE,
        FORCE_NEW_QR,
        ENCODING,
        option_ms(
            "timeout",
            "Timeout",
            "How long to wait for the number to be linked, in milliseconds (1 to 600000); never past the host's deadline.",
            (1, MAX_TIMEOUT_MS),
            DEFAULT_WAIT_MS,
        ),
        option_ms(
            "pollInterval",
            "Poll Interval",
            "How often to ask whether the number is linked, in milliseconds (at least 1000).",
            (MIN_POLL_MS, MAX_TIMEOUT_MS),
            DEFAULT_POLL_MS,
        ),
    ],
    rules: &[],
    body: Body::None,
    // The wait; the scan, the first status request and the last poll come on top.
    timeout: Timeout {
        default_ms: DEFAULT_WAIT_MS,
        param: Some("timeout"),
        raised_by: &[],
        extra_ms: 3 * REQUEST_MS,
    },
    paging: Paging::None,
    shape: Shape::Custom(SHAPE_QR),
    wording: SCAN_WORDING,
    run: Run::Custom(RUN_SCAN_AND_WAIT),
};

/// Get Device: `GET /devices/{device}`.
pub const GET_DEVICE: Operation = device_op(
    "getDevice",
    (
        "Get Device",
        "Get a WhatsApp number and its session status; needs the number (device ID)",
        "Get the status of a WhatsApp number",
    ),
    Method::Get,
    "/devices/{device}",
    &[DEVICE],
    Timeout::fixed(REQUEST_MS),
);

/// Sync Session: `GET /devices/{device}/sync`.
pub const SYNC_SESSION: Operation = device_op(
    "syncSession",
    (
        "Sync Session",
        "Force a sync of the number's WhatsApp session; needs the number (device ID)",
        "Sync the WhatsApp session of a number",
    ),
    Method::Get,
    "/devices/{device}/sync",
    &[DEVICE],
    Timeout::fixed(REQUEST_MS),
);

/// Start Device: `POST /devices/{device}/start`.
pub const START_DEVICE: Operation = device_op(
    "startDevice",
    (
        "Start Device",
        "Start the number's WhatsApp session; needs the number (device ID)",
        "Start a WhatsApp number",
    ),
    Method::Post,
    "/devices/{device}/start",
    &[
        DEVICE,
        flag(
            "wait",
            "Wait",
            "Whether to answer only once the session is available (the API waits up to about 90 s).",
            "wait",
            None,
            false,
        ),
    ],
    Timeout {
        default_ms: REQUEST_MS,
        param: None,
        raised_by: &[("wait", START_WAIT_MS)],
        extra_ms: 0,
    },
);

/// Reset Device: `POST /devices/{device}/reset`.
pub const RESET_DEVICE: Operation = device_op(
    "resetDevice",
    (
        "Reset Device",
        "Start the number's WhatsApp session over; can delete its stored data; needs the number (device ID)",
        "Reset a WhatsApp number",
    ),
    Method::Post,
    "/devices/{device}/reset",
    &[
        DEVICE,
        flag(
            "deleteData",
            "Delete Data",
            "Whether to delete the number's stored chats, messages and contacts. Cannot be undone.",
            "data",
            Some("deletes the number's chats, messages and contacts"),
            true,
        ),
        flag(
            "wait",
            "Wait",
            "Whether to answer only once the new session is available (the API waits up to about 2 minutes).",
            "wait",
            None,
            true,
        ),
        flag(
            "emptyQueue",
            "Empty Queue",
            "Whether to delete the messages waiting in the number's queue. Cannot be undone.",
            "emptyQueue",
            Some("deletes the queued messages"),
            true,
        ),
    ],
    Timeout {
        default_ms: REQUEST_MS,
        param: None,
        raised_by: &[("wait", RESET_WAIT_MS)],
        extra_ms: 0,
    },
);

/// Reboot Device: `POST /devices/{device}/reboot`.
pub const REBOOT_DEVICE: Operation = device_op(
    "rebootDevice",
    (
        "Reboot Device",
        "Restart the number's WhatsApp session; needs the number (device ID)",
        "Reboot a WhatsApp number",
    ),
    Method::Post,
    "/devices/{device}/reboot",
    &[
        DEVICE,
        flag(
            "force",
            "Force",
            "Whether to reboot the session even when it is stopped.",
            "force",
            Some("reboots the session even when it is stopped"),
            true,
        ),
        flag(
            "wait",
            "Wait",
            "Whether to answer only once the session is available again (the API waits up to about 90 s).",
            "wait",
            None,
            true,
        ),
        flag(
            "sync",
            "Sync",
            "Whether to sync the session after the reboot.",
            "sync",
            None,
            true,
        ),
    ],
    Timeout {
        default_ms: REQUEST_MS,
        param: None,
        raised_by: &[("wait", START_WAIT_MS)],
        extra_ms: 0,
    },
);

/// Device Health: `GET /devices/{device}/health`.
pub const DEVICE_HEALTH: Operation = device_op(
    "deviceHealth",
    (
        "Device Health",
        "Get the health of the number's WhatsApp session; needs the number (device ID)",
        "Get the health of a WhatsApp number",
    ),
    Method::Get,
    "/devices/{device}/health",
    &[DEVICE],
    Timeout::fixed(REQUEST_MS),
);

/// Request Authentication Code: `POST /devices/{device}/authcode`.
pub const REQUEST_AUTH_CODE: Operation = Operation {
    body: Body::Object,
    ..device_op(
        "requestAuthCode",
        (
            "Request Authentication Code",
            "Get a pairing code to type into WhatsApp instead of scanning a QR; needs the number (device ID), and its phone when it was never linked",
            "Request an authentication code for a WhatsApp number",
        ),
        Method::Post,
        "/devices/{device}/authcode",
        &[
            DEVICE,
            flag(
                "force",
                "Force New Session",
                "Whether to destroy the number's current WhatsApp session first. A linked number is logged out.",
                "force",
                Some("destroys the current session"),
                false,
            ),
            Param {
                name: "phone",
                label: "Phone Number",
                help: "The number in international (E.164) form: +, country code and number, 8 to 15 digits. Needed when the number was never linked.",
                kind: Kind::Phone,
                to: To::Body { pointer: "/phone" },
                required: false,
                in_options: false,
                placeholder: Some("+16001234560"),
                when: None,
            },
        ],
        Timeout::fixed(REQUEST_MS),
    )
};
