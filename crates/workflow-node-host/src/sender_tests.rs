use super::*;

#[test]
fn the_hosts_secret_replaces_the_nodes_header() {
    let mut headers = http::HeaderMap::new();
    headers.append("token", HeaderValue::from_static("forged-by-guest"));
    headers.append("TOKEN", HeaderValue::from_static("again"));
    headers.append("accept", HeaderValue::from_static("*/*"));
    let secret = (
        HeaderName::from_static("token"),
        HeaderValue::from_static("real"),
    );
    add_secrets(&mut headers, &[secret]);
    let tokens: Vec<_> = headers.get_all("token").iter().collect();
    assert_eq!(tokens, ["real"]);
    assert_eq!(headers["accept"], "*/*");
}

#[test]
fn the_guest_may_shorten_timeouts_but_not_lengthen_them() {
    let grant = Grant::new(
        OriginPolicy::deny_all(),
        Vec::new(),
        Duration::from_secs(30),
    );
    let host = Timeouts {
        connect: Duration::from_secs(30),
        first_byte: Duration::from_secs(30),
        between_bytes: Duration::from_secs(30),
    };
    assert_eq!(grant.timeouts(None), host);
    let guest = |s| RequestOptions {
        connect_timeout: Some(Duration::from_secs(s)),
        first_byte_timeout: Some(Duration::from_secs(s)),
        between_bytes_timeout: Some(Duration::from_secs(s)),
    };
    assert_eq!(
        grant.timeouts(Some(guest(5))).first_byte,
        Duration::from_secs(5)
    );
    assert_eq!(
        grant.timeouts(Some(guest(5))).connect,
        Duration::from_secs(5)
    );
    assert_eq!(grant.timeouts(Some(guest(600))), host);
}

/// What the test server saw of one request.
#[derive(Debug)]
struct Seen {
    content_length: Option<String>,
    transfer_encoding: Option<String>,
    body: Bytes,
}

/// A hyper server on 127.0.0.1 that reports each request's framing headers
/// and body, and answers 204.
async fn recording_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<Seen>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let tx = tx.clone();
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let tx = tx.clone();
                async move {
                    let header = |name| {
                        request
                            .headers()
                            .get(name)
                            .and_then(|v: &HeaderValue| v.to_str().ok())
                            .map(str::to_string)
                    };
                    let content_length = header(http::header::CONTENT_LENGTH);
                    let transfer_encoding = header(http::header::TRANSFER_ENCODING);
                    let body = request.into_body().collect().await?.to_bytes();
                    let _ = tx.send(Seen {
                        content_length,
                        transfer_encoding,
                        body,
                    });
                    let answer = Response::builder()
                        .status(204)
                        .body(http_body_util::Empty::<Bytes>::new());
                    Ok::<_, Box<dyn std::error::Error + Send + Sync>>(answer?)
                }
            });
            tokio::spawn(
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service),
            );
        }
    });
    (format!("http://{addr}/upload"), rx)
}

/// A body whose size is unknown until it ends, as a guest's outgoing body is.
struct Streamed(Option<Bytes>);

impl Body for Streamed {
    type Data = Bytes;
    type Error = WasiError;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, WasiError>>> {
        Poll::Ready(self.get_mut().0.take().map(|data| Ok(Frame::data(data))))
    }
}

/// Sends `payload` through a [`Sender`] to the recording server, with
/// `content_length` as the guest would set it, and returns what arrived.
async fn sent(payload: &'static [u8], content_length: Option<&str>) -> Seen {
    let (url, mut seen) = recording_server().await;
    let sender = Sender::new(&HostConfig::default()).expect("a sender");
    let mut request = Request::post(url.as_str());
    if let Some(length) = content_length {
        request = request.header(http::header::CONTENT_LENGTH, length);
    }
    let body = Streamed(Some(Bytes::from_static(payload))).boxed_unsync();
    let request = request.body(body).expect("a request");
    let timeouts = Timeouts {
        connect: Duration::from_secs(5),
        first_byte: Duration::from_secs(5),
        between_bytes: Duration::from_secs(5),
    };
    let response = sender.send(request, timeouts).await.expect("sent");
    assert_eq!(response.status(), 204);
    seen.recv().await.expect("the server saw the request")
}

#[tokio::test]
async fn a_content_length_the_guest_sets_reaches_the_server() {
    let seen = sent(b"{\"text\":\"hello\"}", Some("16")).await;
    assert_eq!(seen.content_length.as_deref(), Some("16"));
    assert_eq!(seen.transfer_encoding, None, "not chunked: {seen:?}");
    assert_eq!(&seen.body[..], b"{\"text\":\"hello\"}");
}

#[tokio::test]
async fn without_a_content_length_a_streamed_body_goes_chunked() {
    let seen = sent(b"{\"text\":\"hello\"}", None).await;
    assert_eq!(seen.content_length, None);
    assert_eq!(seen.transfer_encoding.as_deref(), Some("chunked"));
    assert_eq!(&seen.body[..], b"{\"text\":\"hello\"}");
}
