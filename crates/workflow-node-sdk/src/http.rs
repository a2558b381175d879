//! The one HTTP client of a node, straight over `wasi:http`: requests are
//! started, then waited on together through `wasi:io/poll`, so several can
//! be in flight at once ([`Client::send_all`]); a body of known length goes
//! with `Content-Length`; every answer is read within its timeout and a body
//! cap; transport failures and statuses become error kinds. The host adds
//! the credential's secrets to each request; the node never holds them.

use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::bindings::wasi::clocks::monotonic_clock;
use crate::bindings::wasi::http::outgoing_handler;
use crate::bindings::wasi::http::types::{
    ErrorCode, Fields, FutureIncomingResponse, IncomingBody, IncomingResponse,
    Method as WasiMethod, OutgoingBody, OutgoingRequest, RequestOptions, Scheme,
};
use crate::bindings::wasi::io::poll::{Pollable, poll};
use crate::bindings::wasi::io::streams::{InputStream, StreamError};
use crate::credentials::BaseUrl;
use crate::error::{ErrorKind, NodeError, Result};

/// The largest answer body read by default. Reading stops there, so the
/// guest's memory stays bounded.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The largest file a node sends or receives (a download's answer, an
/// upload's bytes): WhatsApp's own limit for media is 16 MiB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// How much of an answer is read at a time.
const CHUNK_BYTES: u64 = 64 * 1024;
/// How much of a body is written at a time (`blocking-write-and-flush` takes at most 4096).
const WRITE_BYTES: usize = 4096;

/// What may stay unencoded in a path segment or a query part: RFC 3986's
/// unreserved set minus `.`, so no value can form a `.` or `..` segment
/// once a server decodes it.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// The HTTP methods a node sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    fn wasi(self) -> WasiMethod {
        match self {
            Method::Get => WasiMethod::Get,
            Method::Post => WasiMethod::Post,
            Method::Put => WasiMethod::Put,
            Method::Patch => WasiMethod::Patch,
            Method::Delete => WasiMethod::Delete,
        }
    }
}

/// One request: method, path segments (each percent-encoded when sent),
/// query, headers, and an optional JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path under the Base URL, one unencoded segment each.
    pub segments: Vec<String>,
    /// A path and query sent as they are under the Base URL (starting with
    /// `/`), in place of `segments` and `query`: for a node whose user
    /// writes the path.
    pub raw_path: Option<String>,
    /// The query, in order, unencoded.
    pub query: Vec<(String, String)>,
    /// Extra headers (name, value).
    pub headers: Vec<(String, String)>,
    /// The JSON body, sent with `Content-Type: application/json` and its `Content-Length`.
    pub body: Option<Value>,
    /// A body of other bytes (a multipart form), in place of `body`.
    pub upload: Option<Upload>,
    /// The largest answer body read, when not the client's (a download's).
    pub max_body_bytes: Option<usize>,
    /// How long the request may take, answer body included.
    pub timeout: Duration,
}

/// A body that is not JSON: its `Content-Type` and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// The `Content-Type` header, parameters included.
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl Upload {
    /// A `multipart/form-data` body of text `fields` and one file (field
    /// `field`, named `file_name`, of `mime_type`), with a boundary that
    /// occurs in none of them.
    pub fn multipart(
        fields: &[(&str, &str)],
        (field, file_name, mime_type, data): (&str, &str, &str, &[u8]),
    ) -> Upload {
        let clean = |s: &str| s.replace(['"', '\r', '\n', '\\'], "_");
        let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
        for b in data.iter().take(4096) {
            seed = (seed ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
        let boundary = loop {
            let candidate = format!("----workflow-node-{seed:016x}");
            let found = |hay: &[u8]| {
                hay.windows(candidate.len())
                    .any(|w| w == candidate.as_bytes())
            };
            if !found(data) && !fields.iter().any(|(_, v)| found(v.as_bytes())) {
                break candidate;
            }
            seed = seed.wrapping_mul(0x100_0000_01b3).wrapping_add(1);
        };
        let mut bytes = Vec::with_capacity(data.len() + 512);
        for (name, value) in fields {
            bytes.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n{value}\r\n",
                    clean(name)
                )
                .as_bytes(),
            );
        }
        bytes.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                clean(field),
                clean(file_name),
                clean(mime_type)
            )
            .as_bytes(),
        );
        bytes.extend_from_slice(data);
        bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Upload {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes,
        }
    }
}

impl Request {
    /// A request of `method` to `segments` with nothing else, within `timeout`.
    pub fn new(method: Method, segments: &[&str], timeout: Duration) -> Self {
        Request {
            method,
            segments: segments.iter().map(|s| (*s).to_string()).collect(),
            raw_path: None,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            upload: None,
            max_body_bytes: None,
            timeout,
        }
    }

    /// The path and query as sent, under `prefix` (the Base URL's path).
    pub fn path_and_query(&self, prefix: &str) -> String {
        let mut out = prefix.to_string();
        if let Some(raw) = &self.raw_path {
            out.push_str(raw);
            return out;
        }
        for segment in &self.segments {
            out.push('/');
            out.extend(utf8_percent_encode(segment, SEGMENT));
        }
        if out.is_empty() {
            out.push('/');
        }
        for (i, (name, value)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.extend(utf8_percent_encode(name, SEGMENT));
            out.push('=');
            out.extend(utf8_percent_encode(value, SEGMENT));
        }
        out
    }
}

/// An answer, read in full (up to the client's body cap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, lower-cased, without parameters.
    pub content_type: Option<String>,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The `Content-Disposition` header, for files.
    pub content_disposition: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A client of one API at one Base URL.
#[derive(Debug, Clone)]
pub struct Client {
    base_url: BaseUrl,
    api_name: &'static str,
    max_body_bytes: usize,
}

/// A request on its way: its answer is awaited by [`Client::wait`].
pub struct Pending {
    future: FutureIncomingResponse,
    timer: Pollable,
    timeout: Duration,
    max_body_bytes: usize,
}

impl Client {
    /// A client of the API called `api_name` in messages ("SparkBot API") at `base_url`.
    pub fn new(base_url: BaseUrl, api_name: &'static str) -> Self {
        Client {
            base_url,
            api_name,
            max_body_bytes: MAX_BODY_BYTES,
        }
    }

    /// The Base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// How messages name the API.
    pub fn api_name(&self) -> &'static str {
        self.api_name
    }

    /// Sends `request` and reads its answer, whatever its status.
    pub fn send(&self, request: &Request) -> Result<Reply> {
        let pending = self.start(request)?;
        self.wait(pending)
    }

    /// Sends every request at once and reads their answers, in order:
    /// they are in flight together, each within its own timeout.
    pub fn send_all(&self, requests: &[Request]) -> Vec<Result<Reply>> {
        let mut started: Vec<Result<Pending>> = requests.iter().map(|r| self.start(r)).collect();
        // Wait until every started request has its response head (or its
        // timer fired), all of them at once.
        loop {
            let waiting: Vec<&Pending> = started
                .iter()
                .filter_map(|p| p.as_ref().ok())
                .filter(|p| !p.future.subscribe().ready() && !p.timer.ready())
                .collect();
            if waiting.is_empty() {
                break;
            }
            let heads: Vec<Pollable> = waiting.iter().map(|p| p.future.subscribe()).collect();
            let mut set: Vec<&Pollable> = heads.iter().collect();
            set.extend(waiting.iter().map(|p| &p.timer));
            poll(&set);
        }
        started
            .drain(..)
            .map(|p| p.and_then(|p| self.wait(p)))
            .collect()
    }

    /// Starts `request`: its head and body are handed to the host, which
    /// sends them while the node goes on.
    pub fn start(&self, request: &Request) -> Result<Pending> {
        let json = request.body.as_ref().map(Value::to_string);
        let (content_type, body): (&str, Option<&[u8]>) = match (&request.upload, &json) {
            (Some(upload), _) => (upload.content_type.as_str(), Some(&upload.bytes)),
            (None, Some(json)) => ("application/json", Some(json.as_bytes())),
            (None, None) => ("", None),
        };
        let mut headers: Vec<(String, Vec<u8>)> = vec![(
            "accept".into(),
            b"application/json, image/svg+xml, image/png, */*;q=0.8".to_vec(),
        )];
        for (name, value) in &request.headers {
            headers.push((name.clone(), value.as_bytes().to_vec()));
        }
        if let Some(body) = body {
            headers.push(("content-type".into(), content_type.as_bytes().to_vec()));
            headers.push(("content-length".into(), body.len().to_string().into_bytes()));
        }
        let fields = Fields::from_list(&headers).map_err(|_| {
            NodeError::invalid_parameter(
                "A header of this request has a name or value HTTP does not allow (such as a line break). Check the header fields.",
            )
        })?;
        let outgoing = OutgoingRequest::new(fields);
        let refused =
            |what: &str| NodeError::internal(format!("The host refused the request's {what}."));
        outgoing
            .set_method(&request.method.wasi())
            .map_err(|_| refused("method"))?;
        let scheme = if self.base_url.is_https() {
            Scheme::Https
        } else {
            Scheme::Http
        };
        outgoing
            .set_scheme(Some(&scheme))
            .map_err(|_| refused("scheme"))?;
        outgoing
            .set_authority(Some(self.base_url.authority()))
            .map_err(|_| refused("host"))?;
        outgoing
            .set_path_with_query(Some(&request.path_and_query(self.base_url.path_prefix())))
            .map_err(|_| {
                NodeError::invalid_parameter(
                    "The request's path is not a valid HTTP path (it must start with '/' and hold no spaces or control characters). Check the path.",
                )
            })?;
        let outgoing_body = outgoing.body().map_err(|_| refused("body"))?;
        let options = RequestOptions::new();
        let nanos = nanos(request.timeout);
        // A host that does not support one of these bounds still has its own.
        let _ = options.set_connect_timeout(Some(nanos));
        let _ = options.set_first_byte_timeout(Some(nanos));
        let _ = options.set_between_bytes_timeout(Some(nanos));
        let timer = monotonic_clock::subscribe_duration(nanos);
        let future = outgoing_handler::handle(outgoing, Some(options))
            .map_err(|code| self.transport_error(Some(&code)))?;
        if let Some(body) = body {
            self.write_body(&outgoing_body, body)?;
        }
        OutgoingBody::finish(outgoing_body, None)
            .map_err(|code| self.transport_error(Some(&code)))?;
        Ok(Pending {
            future,
            timer,
            timeout: request.timeout,
            max_body_bytes: request.max_body_bytes.unwrap_or(self.max_body_bytes),
        })
    }

    fn write_body(&self, body: &OutgoingBody, bytes: &[u8]) -> Result<()> {
        let stream = body
            .write()
            .map_err(|_| NodeError::internal("The host gave no stream for the request's body."))?;
        for chunk in bytes.chunks(WRITE_BYTES) {
            stream
                .blocking_write_and_flush(chunk)
                .map_err(|_| self.broke("while the request was being sent"))?;
        }
        Ok(())
    }

    /// Waits for `pending`'s answer and reads its body, within its timeout.
    pub fn wait(&self, pending: Pending) -> Result<Reply> {
        let Pending {
            future,
            timer,
            timeout,
            max_body_bytes,
        } = pending;
        let response = loop {
            match future.get() {
                Some(Ok(Ok(response))) => break response,
                Some(Ok(Err(code))) => return Err(self.transport_error(Some(&code))),
                Some(Err(())) => return Err(self.transport_error(None)),
                None => {
                    if timer.ready() {
                        return Err(timed_out(self.api_name, timeout));
                    }
                    let head = future.subscribe();
                    poll(&[&head, &timer]);
                }
            }
        };
        self.read(response, &timer, timeout, max_body_bytes)
    }

    fn read(
        &self,
        response: IncomingResponse,
        timer: &Pollable,
        timeout: Duration,
        max_body_bytes: usize,
    ) -> Result<Reply> {
        let status = response.status();
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .into_iter()
                .next()
                .and_then(|v| String::from_utf8(v).ok())
        };
        let content_type = header("content-type").map(|ct| media_type(&ct));
        let retry_after = header("retry-after");
        let content_disposition = header("content-disposition");
        let declared = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
        drop(headers);
        if declared.is_some_and(|len| len > max_body_bytes as u64) {
            return Err(self.too_large(max_body_bytes));
        }
        let incoming = response
            .consume()
            .map_err(|_| NodeError::internal("The host gave the answer's body twice."))?;
        let body = self.read_body(
            &incoming,
            timer,
            timeout,
            status,
            (declared, max_body_bytes),
        )?;
        drop(IncomingBody::finish(incoming));
        Ok(Reply {
            status,
            content_type,
            retry_after,
            content_disposition,
            body,
        })
    }

    fn read_body(
        &self,
        incoming: &IncomingBody,
        timer: &Pollable,
        timeout: Duration,
        status: u16,
        (declared, max_body_bytes): (Option<u64>, usize),
    ) -> Result<Vec<u8>> {
        let stream: InputStream = incoming
            .stream()
            .map_err(|_| NodeError::internal("The host gave no stream for the answer's body."))?;
        // A declared length is reserved at once: a large file is not copied
        // over and over as the buffer grows.
        let reserve = declared.map_or(0, |d| usize::try_from(d).unwrap_or(0).min(max_body_bytes));
        let mut body = Vec::with_capacity(reserve);
        loop {
            match stream.read(CHUNK_BYTES) {
                Ok(chunk) if chunk.is_empty() => {
                    if timer.ready() {
                        return Err(timed_out(self.api_name, timeout));
                    }
                    let more = stream.subscribe();
                    poll(&[&more, timer]);
                }
                Ok(chunk) => {
                    if body.len() + chunk.len() > max_body_bytes {
                        return Err(self.too_large(max_body_bytes));
                    }
                    body.extend_from_slice(&chunk);
                }
                Err(StreamError::Closed) => return Ok(body),
                Err(StreamError::LastOperationFailed(_)) => {
                    if timer.ready() {
                        return Err(timed_out(self.api_name, timeout));
                    }
                    return Err(self
                        .broke("while its answer was being read")
                        .with_status(status));
                }
            }
        }
    }

    fn broke(&self, when: &str) -> NodeError {
        NodeError::new(
            ErrorKind::Network,
            format!(
                "The connection to the {} broke {when}. Retry; if it keeps happening, check the network between this host and the API.",
                self.api_name
            ),
        )
    }

    fn too_large(&self, cap: usize) -> NodeError {
        NodeError::service(format!(
            "The {}'s answer is larger than {} MiB, this node's cap for {}; reading stopped there. Check that the Base URL points at the {}.",
            self.api_name,
            cap / (1024 * 1024),
            if cap >= MAX_FILE_BYTES {
                "a file"
            } else {
                "an answer"
            },
            self.api_name
        ))
    }

    /// The error for a request that got no HTTP answer.
    pub fn transport_error(&self, code: Option<&ErrorCode>) -> NodeError {
        transport_error(code, self.base_url.origin(), self.api_name)
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// Sleeps `duration` on a `wasi:clocks` pollable: the host's thread is free
/// meanwhile, and no CPU is spent.
pub fn sleep(duration: Duration) {
    monotonic_clock::subscribe_duration(nanos(duration)).block();
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

fn timed_out(api_name: &str, timeout: Duration) -> NodeError {
    NodeError::new(
        ErrorKind::Timeout,
        format!(
            "The {api_name} did not answer within {} ms. Retry, or raise Options → Timeout.",
            timeout.as_millis()
        ),
    )
}

/// The error for a request that got no HTTP answer, to `origin`.
pub fn transport_error(code: Option<&ErrorCode>, origin: &str, api_name: &str) -> NodeError {
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
                "The {api_name} at {origin} did not answer in time. Retry, or raise Options → Timeout."
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

/// What an operation's errors say beyond the generic wording: each is a
/// whole sentence or two, placed where the status calls for it.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// For 404: what was not found, and what to check.
    pub not_found: Option<(String, String)>,
    /// For 409, 412 and 422: what state refuses it and what to do (after the API's message).
    pub conflict: Option<String>,
}

/// The longest API message quoted in an error, in characters.
pub const MAX_API_MESSAGE_CHARS: usize = 500;

/// The error for an answer whose status is not 2xx.
pub fn status_error(reply: &Reply, api_name: &str, hints: &Hints) -> NodeError {
    let status = reply.status;
    let api_message = api_message(&reply.body);
    let said = api_message
        .as_deref()
        .map(|m| format!(" The API said: {m}"))
        .unwrap_or_default();
    let (kind, message) = match status {
        400 => (
            ErrorKind::InvalidParameter,
            format!("The {api_name} refused a parameter (400).{said}"),
        ),
        401 => (
            ErrorKind::Authentication,
            format!(
                "The {api_name} refused the API key (401): it is missing, wrong or expired. Check the API key in the {api_name} credential."
            ),
        ),
        403 => (
            ErrorKind::Authentication,
            format!(
                "The API key is not allowed to do this (403). Check the key's permissions and the plan in the {api_name}'s dashboard.{said}"
            ),
        ),
        404 => (
            ErrorKind::NotFound,
            match &hints.not_found {
                Some((what, fix)) => format!("{what} (404).{said} {fix}"),
                None => format!(
                    "The {api_name} has nothing at this address (404).{said} Check the credential's Base URL."
                ),
            },
        ),
        409 | 412 | 422 => (
            ErrorKind::Conflict,
            format!(
                "The {api_name} does not allow this now ({status}).{said} {}",
                hints
                    .conflict
                    .as_deref()
                    .unwrap_or("Check the state of what this acts on, then retry.")
            ),
        ),
        429 => (
            ErrorKind::RateLimited,
            match retry_after_seconds(reply) {
                Some(s) => {
                    format!("The {api_name} is rate limiting requests (429). Wait {s} s and retry.")
                }
                None => format!(
                    "The {api_name} is rate limiting requests (429). Wait a little and retry."
                ),
            },
        ),
        500..=599 => (
            ErrorKind::ServiceError,
            format!("The {api_name} failed ({status}). Retry later.{said}"),
        ),
        300..=399 => (
            ErrorKind::ServiceError,
            format!(
                "The {api_name} answered with a redirect ({status}), which this node does not follow. Check the credential's Base URL."
            ),
        ),
        _ => (
            ErrorKind::ServiceError,
            format!("The {api_name} answered with an unexpected status ({status}).{said}"),
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
#[path = "http_tests.rs"]
mod tests;
