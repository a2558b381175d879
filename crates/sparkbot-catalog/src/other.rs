//! Other: phone number checks that need no WhatsApp number of the account
//! (whether a number is on WhatsApp, and the format of a list of numbers),
//! and a request to any endpoint, confined to the credential's Base URL.

use workflow_node_sdk::catalog::{Body, Choice, Kind, Operation, Param, Run, To};
use workflow_node_sdk::http::Method;

use crate::common::{body, choice, op};
use crate::names::{RESOURCE_OTHER, RUN_RAW};

/// The fields of one number to validate: free text, since putting it in
/// shape is what the validation does.
const NUMBER_FIELDS: &[Param] = &[Param::new(
    "phone",
    "Phone",
    "The phone number as you have it, such as +34 600 123 456 or 600123456 (with Country)",
    Kind::Text { max_chars: 50 },
    body("/phone"),
)
.required()];

/// Check Number Exists: `POST /numbers/exists`.
pub const CHECK_EXISTS: Operation = op(
    RESOURCE_OTHER,
    "checkNumberExists",
    (
        "Check Number Exists",
        "Check whether a phone number has a WhatsApp account, and get its WhatsApp ID and whether it is a business; needs the phone number in E.164",
        "Check if a number is on WhatsApp",
    ),
    Method::Post,
    "/numbers/exists",
    &[Param::new(
        "phone",
        "Phone",
        "The phone number to check, in E.164 such as +16001234560",
        Kind::Phone,
        body("/phone"),
    )
    .required()
    .placeholder("+16001234560")],
);

/// Validate Numbers: `POST /numbers/validate`.
pub const VALIDATE: Operation = op(
    RESOURCE_OTHER,
    "validateNumbers",
    (
        "Validate Numbers",
        "Check the format of 1 to 100 phone numbers and get each in its normalized international form (not whether it is on WhatsApp: Check Number Exists does that); needs the numbers",
        "Validate phone number formats",
    ),
    Method::Post,
    "/numbers/validate",
    &[
        Param::new(
            "numbers",
            "Numbers",
            "The phone numbers to validate, 1 to 100",
            Kind::Rows {
                group: "number",
                fields: NUMBER_FIELDS,
                min: 1,
                max: 100,
            },
            body("/numbers"),
        )
        .required(),
        Param::new(
            "country",
            "Country",
            "The country of numbers written without their international prefix: its ISO 3166 two-letter code, such as ES or US",
            Kind::Text { max_chars: 2 },
            body("/country"),
        )
        .option()
        .placeholder("US"),
    ],
);

const METHODS: &[Choice] = &[
    choice("GET", "GET", "Read"),
    choice("POST", "POST", "Create or act"),
    choice("PUT", "PUT", "Replace"),
    choice("PATCH", "PATCH", "Change"),
    choice("DELETE", "DELETE", "Delete"),
];

/// Send API Request: any method and path under the credential's Base URL.
pub const RAW: Operation = Operation {
    run: Run::Custom(RUN_RAW),
    body: Body::None,
    ..op(
        RESOURCE_OTHER,
        "apiRequest",
        (
            "Send API Request",
            "Call any endpoint of the API under the credential's Base URL (the API key is added), with a method, a path such as /devices, a query and a JSON body; for endpoints this node has no action for",
            "Send an API request",
        ),
        Method::Get,
        "/",
        &[
            Param::new(
                "method",
                "Method",
                "The HTTP method",
                Kind::Choice {
                    choices: METHODS,
                    default: "GET",
                },
                To::Local,
            ),
            Param::new(
                "path",
                "Path",
                "The path under the Base URL, starting with /, such as /devices or /messages/{id}; it cannot leave the API's address",
                Kind::Text { max_chars: 2048 },
                To::Local,
            )
            .required()
            .placeholder("/devices"),
            Param::new(
                "query",
                "Query",
                "Query parameters as a JSON object, such as {\"size\": 10}",
                Kind::Json,
                To::Local,
            )
            .option(),
            Param::new(
                "body",
                "Body",
                "The JSON body (not sent with GET)",
                Kind::Json,
                To::Local,
            )
            .option(),
        ],
    )
};

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[CHECK_EXISTS, VALIDATE, RAW];
