//! The one way this node talks to the SparkBot API: URL building with
//! percent-encoded path segments, a bounded body, and the mapping of
//! transport failures and HTTP statuses to error kinds. The host adds the
//! `Token` header to each request; the component never holds the key.

use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use waki::{Client, ErrorCode};

use crate::credentials::Credentials;
use crate::error::{ErrorKind, NodeError, Result};
use crate::params::truncate;

/// The largest answer body the node reads. A QR in any encoding is a few
/// KiB; anything near this cap is not a QR, and reading stops there so the
/// guest's memory stays bounded.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How much of an answer is read at a time.
const CHUNK_BYTES: u64 = 64 * 1024;

/// What may stay unencoded in a path segment: RFC 3986's unreserved set minus
/// `.`, so no id can form a `.` or `..` segment once a server decodes it.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// The API call being made, so errors can say what to check.
#[derive(Debug, Clone, Copy)]
pub enum Call<'a> {
    /// `GET /devices`.
    ListDevices,
    /// `GET /devices/{id}/scan`.
    Scan {
        /// The device id as the user gave it.
        device: &'a str,
    },
    /// Any other call on one device (`/devices/{id}` and below).
    Device {
        /// The device id as the user gave it.
        device: &'a str,
    },
}

/// The HTTP methods the node sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

/// One request: method, path segments (each percent-encoded), query, and an
/// optional JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<'a> {
    /// The method.
    pub method: Method,
    /// The path under the Base URL, one segment each.
    pub segments: Vec<&'a str>,
    /// The query, in order.
    pub query: Vec<(&'a str, &'a str)>,
    /// The JSON body, sent with `Content-Type: application/json`.
    pub body: Option<Value>,
}

/// An answer from the API, read in full (up to [`MAX_BODY_BYTES`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, lower-cased, without parameters.
    pub content_type: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// A client of the API for one credential.
pub struct Api<'a> {
    credentials: &'a Credentials,
}

impl<'a> Api<'a> {
    /// A client that uses `credentials`.
    pub fn new(credentials: &'a Credentials) -> Self {
        Api { credentials }
    }

    /// `GET` the path made of `segments` (each percent-encoded) with `query`,
    /// within `timeout`. Any status other than 2xx becomes an error for `call`.
    pub fn get(
        &self,
        call: Call<'_>,
        segments: &[&str],
        query: &[(&str, &str)],
        timeout: Duration,
    ) -> Result<Reply> {
        let request = Request {
            method: Method::Get,
            segments: segments.to_vec(),
            query: query.to_vec(),
            body: None,
        };
        self.send(call, &request, timeout)
    }

    /// Sends `request` within `timeout`. Any status other than 2xx becomes an
    /// error for `call`.
    pub fn send(&self, call: Call<'_>, request: &Request<'_>, timeout: Duration) -> Result<Reply> {
        let url = url(
            self.credentials.base_url.as_str(),
            &request.segments,
            &request.query,
        );
        let started = Instant::now();
        let client = Client::new();
        let mut builder = match request.method {
            Method::Get => client.get(&url),
            Method::Post => client.post(&url),
        }
        .header("accept", "application/json, image/svg+xml, image/png")
        .connect_timeout(timeout);
        if let Some(body) = &request.body {
            builder = builder
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = builder
            .send()
            .map_err(|e| transport_error(e.downcast_ref::<ErrorCode>(), self.origin()))?;
        let header = |name: &str| {
            response
                .header(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let status = response.status_code();
        let content_type = header("content-type").map(|ct| media_type(&ct));
        let retry_after = header("retry-after");
        let declared = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
        if declared.is_some_and(|len| len > MAX_BODY_BYTES as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        loop {
            if started.elapsed() > timeout {
                return Err(timed_out(timeout));
            }
            match response.chunk(CHUNK_BYTES) {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > MAX_BODY_BYTES {
                        return Err(too_large());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(_) if started.elapsed() > timeout => return Err(timed_out(timeout)),
                Err(_) => {
                    return Err(NodeError::new(
                        ErrorKind::Network,
                        "The connection to the SparkBot API broke while its answer was being read. Retry; if it keeps happening, check the network between this host and the API.",
                    )
                    .with_status(status))
                }
            }
        }
        let reply = Reply {
            status,
            content_type,
            retry_after,
            body,
        };
        if (200..300).contains(&status) {
            Ok(reply)
        } else {
            Err(status_error(&reply, call))
        }
    }

    /// The scheme, host and port of the Base URL, for messages.
    fn origin(&self) -> String {
        let base = self.credentials.base_url.as_str();
        let after_scheme = base.find("://").map_or(0, |i| i + 3);
        let end = base[after_scheme..]
            .find('/')
            .map_or(base.len(), |i| after_scheme + i);
        base[..end].to_string()
    }
}

/// The full URL of `segments` and `query` under `base` (which has no trailing slash).
pub fn url(base: &str, segments: &[&str], query: &[(&str, &str)]) -> String {
    let mut url = base.to_string();
    for segment in segments {
        url.push('/');
        url.extend(utf8_percent_encode(segment, SEGMENT));
    }
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.extend(utf8_percent_encode(name, SEGMENT));
        url.push('=');
        url.extend(utf8_percent_encode(value, SEGMENT));
    }
    url
}

/// `text/html; charset=utf-8` → `text/html`.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn too_large() -> NodeError {
    NodeError::service(format!(
        "The SparkBot API's answer is larger than {} MiB, far more than a QR code; reading stopped there. Check that the Base URL points at the SparkBot API.",
        MAX_BODY_BYTES / (1024 * 1024)
    ))
}

fn timed_out(timeout: Duration) -> NodeError {
    NodeError::new(
        ErrorKind::Timeout,
        format!(
            "The SparkBot API did not answer within {} ms. Retry, or raise Options → Timeout.",
            timeout.as_millis()
        ),
    )
}

/// The error for a request that got no HTTP answer.
pub fn transport_error(code: Option<&ErrorCode>, origin: String) -> NodeError {
    use ErrorCode as E;
    let (kind, message) = match code {
        Some(E::HttpRequestDenied) => (
            ErrorKind::DeniedByHost,
            format!(
                "The workflow host does not allow this node to connect to {origin}. Ask its administrator to allow the credential's Base URL."
            ),
        ),
        Some(
            E::ConnectionTimeout
            | E::ConnectionReadTimeout
            | E::ConnectionWriteTimeout
            | E::HttpResponseTimeout
            | E::DnsTimeout,
        ) => (
            ErrorKind::Timeout,
            format!(
                "The SparkBot API at {origin} did not answer in time. Retry, or raise Options → Timeout."
            ),
        ),
        Some(E::DnsError(_) | E::DestinationNotFound) => (
            ErrorKind::Network,
            format!(
                "The host name of {origin} could not be resolved. Check the credential's Base URL."
            ),
        ),
        Some(E::ConnectionRefused | E::DestinationUnavailable) => (
            ErrorKind::Network,
            format!(
                "Nothing accepts connections at {origin}. Check the credential's Base URL, or retry if the API is down."
            ),
        ),
        Some(E::TlsProtocolError | E::TlsCertificateError | E::TlsAlertReceived(_)) => (
            ErrorKind::Network,
            format!(
                "The secure (TLS) connection to {origin} failed. Check the Base URL and the host's certificates."
            ),
        ),
        Some(other) => (
            ErrorKind::Network,
            format!(
                "The request to {origin} failed ({}). Retry; if it keeps failing, check the Base URL and the network.",
                code_name(other)
            ),
        ),
        None => (
            ErrorKind::Internal,
            format!("The request to {origin} could not be made."),
        ),
    };
    NodeError::new(kind, message)
}

/// The WIT name of an HTTP error code, without its payload.
fn code_name(code: &ErrorCode) -> String {
    let debug = format!("{code:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or("error")
        .to_string()
}

/// The error for an answer whose status is not 2xx, by the API's table.
pub fn status_error(reply: &Reply, call: Call<'_>) -> NodeError {
    let status = reply.status;
    let api_message = api_message(&reply.body);
    let said = api_message
        .as_deref()
        .map(|m| format!(" The API said: {m}"))
        .unwrap_or_default();
    let (kind, message) = match (status, call) {
        (400, _) => (
            ErrorKind::InvalidParameter,
            format!("The SparkBot API refused a parameter (400).{said}"),
        ),
        (401, _) => (
            ErrorKind::Authentication,
            "The SparkBot API refused the API key (401): it is missing, wrong or expired. Check the API key in the SparkBot API credential.".to_string(),
        ),
        (403, _) => (
            ErrorKind::Authentication,
            format!("The API key is not allowed to do this (403). Check the key's permissions and the plan in the SparkBot dashboard.{said}"),
        ),
        (404, Call::Scan { device } | Call::Device { device }) => (
            ErrorKind::NotFound,
            format!("No WhatsApp number with device ID '{}' in this account (404). Check the WhatsApp Number.", truncate(device, 64)),
        ),
        (404, Call::ListDevices) => (
            ErrorKind::NotFound,
            "The SparkBot API has no device list at this address (404). Check the credential's Base URL (it usually ends in /v1).".to_string(),
        ),
        (409 | 412 | 422, Call::Device { .. }) => (
            ErrorKind::SessionState,
            format!("The WhatsApp session does not allow this now ({status}).{said} Check the number's session state (Get Device), or reset the session."),
        ),
        (409 | 412 | 422, _) => (
            ErrorKind::SessionState,
            format!("The WhatsApp session cannot be scanned now ({status}).{said} If the number is already linked, log it out or turn on Force New QR; otherwise reset the session in the SparkBot dashboard."),
        ),
        (429, _) => (
            ErrorKind::RateLimited,
            match retry_after_seconds(reply) {
                Some(s) => format!("The SparkBot API is rate limiting requests (429). Wait {s} s and retry."),
                None => "The SparkBot API is rate limiting requests (429). Wait a little and retry.".to_string(),
            },
        ),
        (500..=599, _) => (
            ErrorKind::ServiceError,
            format!("The SparkBot API failed ({status}). Retry later.{said}"),
        ),
        (300..=399, _) => (
            ErrorKind::ServiceError,
            format!("The SparkBot API answered with a redirect ({status}), which this node does not follow. Check the credential's Base URL."),
        ),
        _ => (
            ErrorKind::ServiceError,
            format!("The SparkBot API answered with an unexpected status ({status}).{said}"),
        ),
    };
    let mut err = NodeError::new(kind, message).with_status(status);
    err.retry_after_seconds = retry_after_seconds(reply);
    if api_message.is_none() && !reply.body.is_empty() {
        // Also for a JSON error whose message is too long to quote whole.
        err.description = Some(format!(
            "The answer's body was not the API's JSON error (Content-Type: {}); a proxy or gateway may have answered instead.",
            reply.content_type.as_deref().unwrap_or("none")
        ));
    }
    err
}

/// The longest API message quoted in an error, in characters.
pub const MAX_API_MESSAGE_CHARS: usize = 500;

/// The `message` of a JSON error body, on one line. Quoted whole or not at
/// all: never cut and never escaped, because the host scrubs secrets from
/// what the node returns, and a cut or escaped secret would slip past it.
fn api_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let message = value.get("message")?.as_str()?.trim();
    let fits = !message.is_empty() && message.chars().count() <= MAX_API_MESSAGE_CHARS;
    fits.then(|| {
        message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect()
    })
}

/// `Retry-After` in seconds, when given as a number (an HTTP date is ignored).
fn retry_after_seconds(reply: &Reply) -> Option<u32> {
    if reply.status != 429 {
        return None;
    }
    reply.retry_after.as_deref()?.trim().parse().ok()
}

#[cfg(test)]
#[path = "api_tests.rs"]
mod tests;
