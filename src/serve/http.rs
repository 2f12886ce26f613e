//! The connection layer of `strata serve`: accepts connections, reads
//! request heads and writes answers, within fixed limits.
//!
//! tiny_http's own server spawns a thread per connection without a cap and
//! reads request heads without a size limit or a timeout, so one stuck
//! client could hold the preview forever. This layer owns the sockets
//! instead: at most [`Limits::connections`] are open at once
//! ([`descriptors`] makes sure the process may open that many), heads are
//! read by one event-driven thread ([`reactor`], which also decides who
//! gives way), a head must arrive whole within [`Limits::head_timeout`]
//! and [`Limits::head_bytes`], a connection that sends nothing for
//! [`Limits::idle_timeout`] is closed, and a client that stops reading is
//! dropped after [`Limits::write_timeout`]. Heads are parsed by
//! `httparse`; answers are tiny_http [`Response`]s, which encode
//! themselves, written by worker threads.

use super::descriptors;
use super::reactor::{self, Busy, Job};
use std::io::{self, BufWriter, Cursor, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;
use tiny_http::{HTTPVersion, Header, Response, StatusCode};

/// What a client may take of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Open connections at most, event streams included. A connection
    /// waiting for its request costs a buffer, not a thread, so thousands
    /// of clients trickling their heads leave room for ordinary requests
    /// (see `bench/README.md`).
    pub connections: usize,
    /// Bytes of one request head (request line and headers) at most.
    pub head_bytes: usize,
    /// Header lines in one request at most.
    pub headers: usize,
    /// From the first byte of a request to the end of its head.
    pub head_timeout: Duration,
    /// How long a connection may wait for its next request.
    pub idle_timeout: Duration,
    /// How long one write may wait for a client that does not read.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 4096,
            head_bytes: 16 * 1024,
            headers: 64,
            head_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
        }
    }
}

/// A request line and its headers. Request bodies are never read: the
/// preview answers GET and HEAD only, and closes a connection whose request
/// carried a body.
#[derive(Debug)]
pub struct RequestHead {
    pub method: String,
    /// The request target as sent: `/a/b?x=1`.
    pub target: String,
    /// `1` for HTTP/1.1, `0` for HTTP/1.0.
    pub minor_version: u8,
    /// The ASCII ones; the preview needs no other.
    pub headers: Vec<Header>,
}

impl RequestHead {
    /// The first header called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    fn has_body(&self) -> bool {
        self.header("Transfer-Encoding").is_some()
            || self
                .header("Content-Length")
                .is_some_and(|n| n.trim() != "0")
    }

    /// Only HTTP/1.1 keeps connections: HTTP/1.0 keep-alive would need a
    /// `Connection: keep-alive` answer, which tiny_http does not send.
    fn keep_alive(&self) -> bool {
        let closes = self.header("Connection").is_some_and(|connection| {
            connection
                .split(',')
                .any(|token| token.trim().eq_ignore_ascii_case("close"))
        });
        self.minor_version == 1 && !closes
    }
}

/// A response held in memory; a built file's bytes are shared, not copied.
pub type Reply = Response<Cursor<Arc<[u8]>>>;

/// A bare response with `status` and `body`.
pub fn reply(status: u16, body: impl Into<Arc<[u8]>>) -> Reply {
    let body = body.into();
    let length = body.len();
    let body = Cursor::new(body);
    Response::new(StatusCode(status), Vec::new(), body, Some(length), None)
}

/// What the handler makes of a request.
pub enum Answer {
    Reply(Reply),
    /// Takes the connection over for a long-lived stream; the function
    /// writes the status line and headers itself and the connection closes
    /// when it returns.
    Stream(Stream),
}

/// Writes a long-lived answer to the connection it is given.
pub type Stream = Box<dyn FnOnce(&mut dyn Write) + Send>;

type Handler = dyn Fn(&RequestHead) -> Answer + Send + Sync;

/// The accepting side; stops accepting when dropped.
pub struct Listener {
    _running: reactor::Running,
}

impl Listener {
    /// Accepts connections on `listener` and reads their request heads in
    /// a thread of its own ([`reactor`]); worker threads answer with
    /// `handler`.
    pub fn start(
        listener: TcpListener,
        limits: Limits,
        handler: impl Fn(&RequestHead) -> Answer + Send + Sync + 'static,
    ) -> io::Result<Listener> {
        let limits = Limits {
            connections: descriptors::connection_cap(limits.connections),
            ..limits
        };
        let work = move |busy: Busy| answer(busy, limits, &handler);
        let running = reactor::start(listener, limits, Arc::new(work))?;
        Ok(Listener { _running: running })
    }
}

/// Why reading a request head stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum Unread {
    /// The client closed the connection.
    Closed,
    TooLarge,
    Malformed,
    TimedOut,
}

/// A worker's part: answers the request a connection sent (or refuses
/// its head), then hands the connection back to wait for the next one.
fn answer(busy: Busy, limits: Limits, handler: &Handler) {
    let Busy {
        stream,
        buffer,
        job,
        place,
        back,
    } = busy;
    let _ = stream.set_nodelay(true);
    if stream
        .set_write_timeout(Some(limits.write_timeout))
        .is_err()
    {
        return;
    }
    let mut connection = Connection { stream };
    let head = match job {
        Job::Answer(head) => head,
        Job::Refuse(refusal) => {
            if connection.refuse(&refusal).is_ok() {
                back.close(connection.stream, place);
            }
            return;
        }
    };
    let keep_alive = head.keep_alive() && !head.has_body();
    match handler(&head) {
        Answer::Reply(reply) => {
            let version = HTTPVersion(1, head.minor_version);
            let head_only = head.method == "HEAD";
            let written = connection.write(reply, version, &head.headers, head_only);
            match written {
                Ok(()) if keep_alive => back.keep(connection.stream, buffer, place),
                Ok(()) => back.close(connection.stream, place),
                Err(_) => {}
            }
        }
        // A stream lasts as long as the browser tab: it gets a thread of
        // its own rather than a worker.
        Answer::Stream(stream) => {
            let spawned = thread::Builder::new()
                .name("strata-stream".into())
                .spawn(move || {
                    let _place = place;
                    stream(&mut &connection.stream);
                });
            if let Err(err) = spawned {
                eprintln!("warning: the preview server could not start a thread: {err}");
            }
        }
    }
}

struct Connection {
    stream: TcpStream,
}

impl Connection {
    fn refuse(&mut self, refusal: &Unread) -> io::Result<()> {
        let (status, text) = match refusal {
            Unread::TooLarge => (431, "request header fields too large"),
            Unread::TimedOut => (408, "request timeout"),
            _ => (400, "bad request"),
        };
        let refused = reply(status, format!("{status} {text}\n").into_bytes())
            .with_header(fixed_header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(fixed_header("X-Content-Type-Options", "nosniff"));
        self.write(refused, HTTPVersion(1, 1), &[], false)
    }

    fn write(
        &mut self,
        reply: Reply,
        version: HTTPVersion,
        request_headers: &[Header],
        head_only: bool,
    ) -> io::Result<()> {
        // tiny_http leaves `Connection` to the server loop and refuses it as
        // a header; HTTP/1.1 clients notice the close and reconnect.
        let reply = reply.with_header(fixed_header("Server", "strata"));
        {
            let mut out = BufWriter::new(&self.stream);
            reply.raw_print(&mut out, version, request_headers, head_only, None)?;
            out.flush()?;
        }
        Ok(())
    }
}

/// A whole head at the start of `buffer`, taken out of it; `None` while
/// the head has not ended.
pub fn parse_head(buffer: &mut Vec<u8>, limits: &Limits) -> Result<Option<RequestHead>, Unread> {
    // A head ends with a blank line; waiting for one before parsing keeps
    // a head sent a byte at a time from being parsed anew at every byte.
    if !ends_head(buffer) {
        return Ok(None);
    }
    let mut headers = vec![httparse::EMPTY_HEADER; limits.headers];
    let mut request = httparse::Request::new(&mut headers);
    let length = match request.parse(buffer) {
        Ok(httparse::Status::Complete(length)) => length,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(Unread::TooLarge),
        Err(_) => return Err(Unread::Malformed),
    };
    // Two `Host` headers make the target ambiguous (RFC 9112, 3.2).
    let hosts = request.headers.iter();
    if hosts
        .filter(|h| h.name.eq_ignore_ascii_case("Host"))
        .count()
        > 1
    {
        return Err(Unread::Malformed);
    }
    let head = RequestHead {
        method: request.method.unwrap_or_default().to_string(),
        target: request.path.unwrap_or_default().to_string(),
        minor_version: request.version.unwrap_or(1),
        // Others, such as a cookie another local app set, may not be.
        headers: request
            .headers
            .iter()
            .filter_map(|h| Header::from_bytes(h.name.as_bytes(), h.value).ok())
            .collect(),
    };
    buffer.drain(..length);
    Ok(Some(head))
}

/// Whether `buffer` holds a blank line, which ends a request head.
fn ends_head(buffer: &[u8]) -> bool {
    buffer.windows(2).any(|w| w == b"\n\n") || buffer.windows(3).any(|w| w == b"\n\r\n")
}

/// A header whose name and value are fixed ASCII or already validated.
pub fn fixed_header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are fixed ASCII or validated request paths")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::SocketAddr;
    use std::time::Instant;

    const QUICK: Limits = Limits {
        connections: 2,
        head_bytes: 1024,
        headers: 8,
        head_timeout: Duration::from_millis(300),
        idle_timeout: Duration::from_millis(300),
        write_timeout: Duration::from_secs(2),
    };
    /// Longer than any limit above: a test that waits this long has failed.
    const PATIENCE: Duration = Duration::from_secs(10);

    fn start(limits: Limits) -> (Listener, SocketAddr) {
        let socket = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = socket.local_addr().unwrap();
        let listener = Listener::start(socket, limits, |request| {
            if request.target == "/stream" {
                return Answer::Stream(Box::new(|out| {
                    let _ = out.write_all(b"HTTP/1.1 200 OK\r\n\r\nstreamed");
                }));
            }
            Answer::Reply(reply(200, format!("at {}", request.target).into_bytes()))
        })
        .unwrap();
        (listener, addr)
    }

    fn connect(addr: SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Everything the server sends until it closes the connection.
    fn rest(stream: &mut TcpStream) -> String {
        let mut text = String::new();
        stream.read_to_string(&mut text).expect("the server closes");
        text
    }

    /// Sends `request` on a new connection; all the server sends back.
    fn exchange(addr: SocketAddr, request: &str) -> String {
        let mut stream = connect(addr);
        stream.write_all(request.as_bytes()).unwrap();
        rest(&mut stream)
    }

    /// One whole response on a connection kept open.
    fn one(stream: &mut TcpStream, request: &str) -> String {
        stream.write_all(request.as_bytes()).unwrap();
        let mut text = String::new();
        let mut byte = [0];
        while !text.contains("\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            text.push(byte[0] as char);
        }
        let length: usize = text
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        let mut body = vec![0; length];
        stream.read_exact(&mut body).unwrap();
        text + &String::from_utf8(body).unwrap()
    }

    #[test]
    fn keep_alive_and_pipelined_requests_share_a_connection() {
        let (_server, addr) = start(Limits {
            idle_timeout: PATIENCE,
            ..QUICK
        });
        let mut stream = connect(addr);
        let first = one(&mut stream, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(first.starts_with("HTTP/1.1 200"), "{first}");
        assert!(first.ends_with("at /a"), "{first}");
        stream
            .write_all(b"GET /b HTTP/1.1\r\n\r\nHEAD /c HTTP/1.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let both = rest(&mut stream);
        assert_eq!(both.matches("HTTP/1.1 200").count(), 2, "{both}");
        assert!(both.contains("at /b") && !both.contains("at /c"), "{both}");
        assert!(both.contains("Content-Length: 5"), "{both}");
    }

    #[test]
    fn http_1_0_and_requests_with_bodies_close_after_the_answer() {
        let (_server, addr) = start(QUICK);
        for request in [
            "GET / HTTP/1.0\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
            "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        ] {
            let answer = exchange(addr, request);
            assert!(
                answer.contains(" 200 ") && answer.ends_with("at /"),
                "{answer}"
            );
        }
    }

    #[test]
    fn oversized_and_malformed_heads_are_refused() {
        let (_server, addr) = start(QUICK);
        let long = format!("GET / HTTP/1.1\r\nX-Long: {}", "a".repeat(4096));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X-A: b\r\n".repeat(9));
        for (request, status) in [
            // Never finished: the limit applies while reading, not after.
            (long.as_str(), "431"),
            (many.as_str(), "431"),
            ("GET / SPDY/3\r\n\r\n", "400"),
            ("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", "400"),
            ("\x00\x01\x02\r\n\r\n", "400"),
        ] {
            let answer = exchange(addr, request);
            assert!(
                answer.starts_with(&format!("HTTP/1.1 {status}")),
                "{answer}"
            );
        }
    }

    #[test]
    fn an_idle_connection_is_closed_and_the_server_answers_others() {
        let (_server, addr) = start(QUICK);
        let mut silent = connect(addr);
        assert_eq!(rest(&mut silent), "", "closed without an answer");
        let mut after_one = connect(addr);
        one(&mut after_one, "GET / HTTP/1.1\r\n\r\n");
        assert_eq!(
            rest(&mut after_one),
            "",
            "closed while idle after a request"
        );
        let mut other = connect(addr);
        assert!(one(&mut other, "GET /x HTTP/1.1\r\n\r\n").ends_with("at /x"));
    }

    #[test]
    fn a_head_sent_too_slowly_times_out() {
        let (_server, addr) = start(QUICK);
        let mut stream = connect(addr);
        stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let started = Instant::now();
        // One header line every 50 ms would go on for ever.
        while started.elapsed() < PATIENCE {
            thread::sleep(Duration::from_millis(50));
            if stream.write_all(b"X-Slow: 1\r\n").is_err() {
                break;
            }
            let mut peek = [0; 1];
            stream.set_nonblocking(true).unwrap();
            let answered = matches!(stream.peek(&mut peek), Ok(n) if n > 0);
            stream.set_nonblocking(false).unwrap();
            if answered {
                break;
            }
        }
        let answer = rest(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }

    #[test]
    fn a_full_server_closes_one_waiting_connection_for_a_newcomer() {
        let (_server, addr) = start(Limits {
            idle_timeout: PATIENCE,
            ..QUICK
        });
        let mut first = connect(addr);
        one(&mut first, "GET /1 HTTP/1.1\r\n\r\n");
        let mut second = connect(addr);
        one(&mut second, "GET /2 HTTP/1.1\r\n\r\n");
        let mut newcomer = connect(addr);
        assert!(one(&mut newcomer, "GET /3 HTTP/1.1\r\n\r\n").ends_with("at /3"));
        // The gate's own tests show it is the oldest waiting one.
        let mut still_open = 0;
        for mut stream in [first, second] {
            stream.write_all(b"GET /again HTTP/1.1\r\n\r\n").unwrap();
            let mut byte = [0];
            if stream.read(&mut byte).is_ok_and(|n| n == 1) {
                still_open += 1;
            }
        }
        assert_eq!(still_open, 1, "exactly one connection made room");
    }

    #[test]
    fn heads_still_arriving_make_room_for_a_newcomer() {
        let (_server, addr) = start(Limits {
            head_timeout: PATIENCE,
            ..QUICK
        });
        let mut trickling = [connect(addr), connect(addr)];
        for stream in &mut trickling {
            stream.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").unwrap();
        }
        let mut newcomer = connect(addr);
        assert!(one(&mut newcomer, "GET /n HTTP/1.1\r\n\r\n").ends_with("at /n"));
        // The oldest one gave way, closed without an answer.
        assert_eq!(rest(&mut trickling[0]), "");
    }

    #[test]
    fn with_every_place_busy_a_newcomer_is_turned_away() {
        let socket = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = socket.local_addr().unwrap();
        let (entered, answering) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let released = std::sync::Mutex::new(released);
        let _server = Listener::start(socket, QUICK, move |_| {
            entered.send(()).unwrap();
            let _ = released.lock().unwrap().recv();
            Answer::Reply(reply(200, &b"done"[..]))
        })
        .unwrap();
        // Two requests whose answers wait keep both places busy.
        let mut busy = [connect(addr), connect(addr)];
        for stream in &mut busy {
            stream.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
            answering.recv_timeout(PATIENCE).unwrap();
        }
        let mut newcomer = connect(addr);
        let answer = rest(&mut newcomer);
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        drop(release);
    }

    #[test]
    fn http_1_0_keep_alive_and_non_ascii_headers() {
        let (_server, addr) = start(QUICK);
        let request = "GET /x HTTP/1.0\r\nConnection: keep-alive\r\nCookie: n=café\r\n\r\n";
        let answer = exchange(addr, request);
        assert!(
            answer.starts_with("HTTP/1.0 200") && answer.ends_with("at /x"),
            "{answer}"
        );
    }

    #[test]
    fn a_stream_takes_the_connection_over() {
        let (_server, addr) = start(QUICK);
        let answer = exchange(addr, "GET /stream HTTP/1.1\r\n\r\n");
        assert_eq!(answer, "HTTP/1.1 200 OK\r\n\r\nstreamed");
    }
}
