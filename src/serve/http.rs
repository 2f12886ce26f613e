//! The connection layer of `strata serve`: accepts connections, reads
//! request heads and writes answers, within fixed limits.
//!
//! tiny_http's own server spawns a thread per connection without a cap and
//! reads request heads without a size limit or a timeout, so one stuck
//! client could hold the preview forever. This layer owns the sockets
//! instead: at most [`Limits::connections`] are open at once (when full,
//! the longest-idle one is closed to make room), a head must arrive whole
//! within [`Limits::head_timeout`] and [`Limits::head_bytes`], a connection
//! that sends nothing for [`Limits::idle_timeout`] is closed, and a client
//! that stops reading is dropped after [`Limits::write_timeout`]. Heads are
//! parsed by `httparse`; answers are tiny_http [`Response`]s, which encode
//! themselves.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Cursor, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};
use tiny_http::{HTTPVersion, Header, Response, StatusCode};

/// What a client may take of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Open connections at most, event streams included.
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
            connections: 128,
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

    fn keep_alive(&self) -> bool {
        let connection = self.header("Connection").unwrap_or_default();
        let says = |word: &str| {
            connection
                .split(',')
                .any(|token| token.trim().eq_ignore_ascii_case(word))
        };
        match self.minor_version {
            0 => says("keep-alive"),
            _ => !says("close"),
        }
    }
}

/// A response held in memory.
pub type Reply = Response<Cursor<Vec<u8>>>;

/// What the handler makes of a request.
pub enum Answer {
    Reply(Reply),
    /// Takes the connection over for a long-lived stream; the function
    /// writes the status line and headers itself and the connection closes
    /// when it returns.
    Stream(Box<dyn FnOnce(&mut TcpStream) + Send>),
}

/// How long a closing connection waits for the client to finish sending.
const LINGER: Duration = Duration::from_millis(250);
/// How much a closing connection reads and discards at most.
const LINGER_BYTES: usize = 256 * 1024;

type Handler = dyn Fn(&RequestHead) -> Answer + Send + Sync;

/// The accepting side; stops accepting when dropped.
pub struct Listener {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Listener {
    /// Accepts connections on `listener` in a thread of its own, each
    /// connection served by a thread of its own, `handler` answering.
    pub fn start(
        listener: TcpListener,
        limits: Limits,
        handler: impl Fn(&RequestHead) -> Answer + Send + Sync + 'static,
    ) -> io::Result<Listener> {
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let stopping = Arc::clone(&stop);
        thread::Builder::new()
            .name("strata-accept".into())
            .spawn(move || accept(&listener, limits, &handler, &stopping))?;
        Ok(Listener { addr, stop })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Wake the accept call; the connection is refused at once.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

fn accept(listener: &TcpListener, limits: Limits, handler: &Arc<Handler>, stop: &AtomicBool) {
    let gate = Arc::new(Gate::new(limits.connections));
    let mut backoff = Duration::ZERO;
    loop {
        let accepted = listener.accept();
        if stop.load(Ordering::Acquire) {
            return;
        }
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(err) => {
                // Out of file descriptors, a connection reset before it was
                // accepted, ...: none of it is the site's fault, and all of
                // it passes. Wait a little so a lasting cause does not spin.
                if err.kind() != io::ErrorKind::ConnectionAborted {
                    eprintln!("warning: the preview server could not accept a connection: {err}");
                    backoff = (backoff * 2).clamp(Duration::from_millis(5), Duration::from_secs(1));
                    thread::sleep(backoff);
                }
                continue;
            }
        };
        backoff = Duration::ZERO;
        let ticket = gate.admit();
        let handler = Arc::clone(handler);
        let spawned = thread::Builder::new()
            .name("strata-http".into())
            .spawn(move || {
                let connection = Connection {
                    stream,
                    limits,
                    ticket,
                    buffer: Vec::new(),
                };
                connection.serve(&*handler);
            });
        if let Err(err) = spawned {
            eprintln!("warning: the preview server could not start a thread: {err}");
        }
    }
}

/// Counts open connections and knows which of them are idle, so that a
/// full server can close the longest-idle one for a newcomer.
struct Gate {
    cap: usize,
    state: Mutex<GateState>,
    freed: Condvar,
}

#[derive(Default)]
struct GateState {
    open: usize,
    next: u64,
    /// Idle connections by ticket number, so the oldest comes first.
    idle: BTreeMap<u64, TcpStream>,
}

/// One admitted connection; frees its place when dropped.
struct Ticket {
    number: u64,
    gate: Arc<Gate>,
}

impl Gate {
    fn new(cap: usize) -> Gate {
        Gate {
            cap: cap.max(1),
            state: Mutex::default(),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        // The state stays consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a free place for a newly accepted connection, closing the
    /// longest-idle one when all are taken.
    fn admit(self: &Arc<Gate>) -> Ticket {
        let mut state = self.lock();
        while state.open >= self.cap {
            if let Some((_, oldest)) = state.idle.pop_first() {
                let _ = oldest.shutdown(Shutdown::Both);
            }
            state = self
                .freed
                .wait_timeout(state, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        state.open += 1;
        state.next += 1;
        Ticket {
            number: state.next,
            gate: Arc::clone(self),
        }
    }
}

impl Ticket {
    /// Marks the connection idle (closable for a newcomer) until the
    /// returned guard is dropped.
    fn idle(&self, stream: &TcpStream) -> Idle {
        if let Ok(handle) = stream.try_clone() {
            self.gate.lock().idle.insert(self.number, handle);
        }
        Idle {
            number: self.number,
            gate: Arc::clone(&self.gate),
        }
    }
}

struct Idle {
    number: u64,
    gate: Arc<Gate>,
}

impl Drop for Idle {
    fn drop(&mut self) {
        self.gate.lock().idle.remove(&self.number);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.gate.lock();
        state.idle.remove(&self.number);
        state.open -= 1;
        self.gate.freed.notify_one();
    }
}

/// Why reading a request head stopped.
#[derive(Debug, PartialEq, Eq)]
enum Unread {
    /// The client closed the connection, or stayed idle too long.
    Closed,
    TooLarge,
    Malformed,
    TimedOut,
}

struct Connection {
    stream: TcpStream,
    limits: Limits,
    ticket: Ticket,
    /// Bytes read past the last request head (a pipelined request).
    buffer: Vec<u8>,
}

impl Connection {
    fn serve(mut self, handler: &Handler) {
        let _ = self.stream.set_nodelay(true);
        if self
            .stream
            .set_write_timeout(Some(self.limits.write_timeout))
            .is_err()
        {
            return;
        }
        loop {
            let head = match self.read_head() {
                Ok(head) => head,
                Err(Unread::Closed) => return,
                Err(refusal) => {
                    let (status, text) = match refusal {
                        Unread::TooLarge => (431, "request header fields too large"),
                        Unread::TimedOut => (408, "request timeout"),
                        _ => (400, "bad request"),
                    };
                    let reply = Response::from_string(format!("{status} {text}\n"))
                        .with_status_code(StatusCode(status))
                        .with_header(fixed_header("Content-Type", "text/plain; charset=utf-8"))
                        .with_header(fixed_header("X-Content-Type-Options", "nosniff"));
                    let _ = self.write(reply, HTTPVersion(1, 1), &[], false, false);
                    return;
                }
            };
            let keep_alive = head.keep_alive() && !head.has_body();
            match handler(&head) {
                Answer::Reply(reply) => {
                    let version = HTTPVersion(1, head.minor_version);
                    let head_only = head.method == "HEAD";
                    let written = self.write(reply, version, &head.headers, head_only, keep_alive);
                    if written.is_err() || !keep_alive {
                        return;
                    }
                }
                Answer::Stream(stream) => return stream(&mut self.stream),
            }
        }
    }

    fn write(
        &mut self,
        reply: Reply,
        version: HTTPVersion,
        request_headers: &[Header],
        head_only: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        // tiny_http leaves `Connection` to the server loop and refuses it as
        // a header; HTTP/1.1 clients notice the close and reconnect.
        let reply = reply.with_header(fixed_header("Server", "strata"));
        {
            let mut out = BufWriter::new(&self.stream);
            reply.raw_print(&mut out, version, request_headers, head_only, None)?;
            out.flush()?;
        }
        if !keep_alive {
            self.linger();
        }
        Ok(())
    }

    /// Closes our side, then reads what the client still sends for a
    /// moment: closing with unread data would reset the connection and
    /// could destroy the answer before the client reads it.
    fn linger(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let _ = self.stream.set_read_timeout(Some(LINGER));
        let mut sink = [0; 4096];
        let mut drained = 0;
        while drained < LINGER_BYTES {
            match self.stream.read(&mut sink) {
                Ok(0) | Err(_) => return,
                Ok(n) => drained += n,
            }
        }
    }

    /// Reads the next request head: waits up to the idle timeout for its
    /// first byte, then up to the head timeout for the rest.
    fn read_head(&mut self) -> Result<RequestHead, Unread> {
        if self.buffer.is_empty() {
            let _idle = self.ticket.idle(&self.stream);
            self.fill(self.limits.idle_timeout)
                .map_err(|_| Unread::Closed)?;
        }
        let deadline = Instant::now() + self.limits.head_timeout;
        loop {
            if let Some(head) = self.parse()? {
                return Ok(head);
            }
            if self.buffer.len() >= self.limits.head_bytes {
                return Err(Unread::TooLarge);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Unread::TimedOut);
            }
            self.fill(left).map_err(|err| match err.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Unread::TimedOut,
                _ => Unread::Closed,
            })?;
        }
    }

    /// Reads once, at most up to the head size limit, waiting up to `wait`.
    fn fill(&mut self, wait: Duration) -> io::Result<()> {
        self.stream.set_read_timeout(Some(wait))?;
        let room = self
            .limits
            .head_bytes
            .saturating_sub(self.buffer.len())
            .max(1);
        let mut chunk = vec![0; room.min(8192)];
        match self.stream.read(&mut chunk)? {
            0 => Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
            }
        }
    }

    /// A complete head at the start of the buffer, taken out of it.
    fn parse(&mut self) -> Result<Option<RequestHead>, Unread> {
        let mut headers = vec![httparse::EMPTY_HEADER; self.limits.headers];
        let mut request = httparse::Request::new(&mut headers);
        let length = match request.parse(&self.buffer) {
            Ok(httparse::Status::Complete(length)) => length,
            Ok(httparse::Status::Partial) => return Ok(None),
            Err(httparse::Error::TooManyHeaders) => return Err(Unread::TooLarge),
            Err(_) => return Err(Unread::Malformed),
        };
        let headers = request
            .headers
            .iter()
            .map(|h| Header::from_bytes(h.name.as_bytes(), h.value).map_err(|()| Unread::Malformed))
            .collect::<Result<Vec<_>, _>>()?;
        let head = RequestHead {
            method: request.method.unwrap_or_default().to_string(),
            target: request.path.unwrap_or_default().to_string(),
            minor_version: request.version.unwrap_or(1),
            headers,
        };
        self.buffer.drain(..length);
        Ok(Some(head))
    }
}

/// A header whose name and value are fixed ASCII or already validated.
pub fn fixed_header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("header names and values here are fixed ASCII or validated request paths")
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Answer::Reply(Response::from_string(format!("at {}", request.target)))
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
        let (_server, addr) = start(QUICK);
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
            let mut stream = connect(addr);
            stream.write_all(request.as_bytes()).unwrap();
            let answer = rest(&mut stream);
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
            ("\x00\x01\x02\r\n\r\n", "400"),
        ] {
            let mut stream = connect(addr);
            stream.write_all(request.as_bytes()).unwrap();
            let answer = rest(&mut stream);
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
    fn a_full_server_closes_the_longest_idle_connection_for_a_newcomer() {
        let limits = Limits {
            idle_timeout: PATIENCE,
            ..QUICK
        };
        let (_server, addr) = start(limits);
        let mut oldest = connect(addr);
        one(&mut oldest, "GET /1 HTTP/1.1\r\n\r\n");
        let mut second = connect(addr);
        one(&mut second, "GET /2 HTTP/1.1\r\n\r\n");
        let mut newcomer = connect(addr);
        assert!(one(&mut newcomer, "GET /3 HTTP/1.1\r\n\r\n").ends_with("at /3"));
        assert_eq!(
            rest(&mut oldest),
            "",
            "the oldest idle connection made room"
        );
        assert!(one(&mut second, "GET /2 HTTP/1.1\r\n\r\n").ends_with("at /2"));
    }

    #[test]
    fn a_stream_takes_the_connection_over() {
        let (_server, addr) = start(QUICK);
        let mut stream = connect(addr);
        stream.write_all(b"GET /stream HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(rest(&mut stream), "HTTP/1.1 200 OK\r\n\r\nstreamed");
    }
}
