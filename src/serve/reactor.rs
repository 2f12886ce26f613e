//! Where connections wait for a whole request head.
//!
//! One thread accepts connections and reads the heads of all of them
//! without blocking (mio), so a connection that trickles its head a byte
//! at a time costs a small buffer, not a thread. A connection is *waiting*
//! while it has no whole request to answer: idle between requests, or
//! still receiving a head. Only a whole head goes to a worker thread, which
//! answers and hands a kept-alive connection back.
//!
//! At most [`Limits::connections`] are open at once, waiting or answered.
//! A newcomer makes room by closing the oldest waiting connection (a
//! browser reopens it when needed); when none is waiting, it waits up to
//! a second for a place and is then answered 503. Deadlines are checked
//! every 100 ms: an idle connection is closed after the idle timeout, a
//! head still arriving after the head timeout is answered 408.
//!
//! A connection that is to close after its answer comes back here too, to
//! *linger*: our side is shut and what the client still sends is read and
//! dropped for a moment, since closing with unread data would reset the
//! connection and could destroy the answer before the client reads it.
//! Lingering here rather than in a worker keeps a client that never stops
//! sending from holding a worker.

use super::http::{Limits, RequestHead, Unread, parse_head};
use super::workers::{Work, Workers};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{self, Read, Write};
use std::net::{self, Shutdown};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// How often deadlines are checked.
const SWEEP: Duration = Duration::from_millis(100);
/// How long a closing connection reads what the client still sends.
const LINGER: Duration = Duration::from_millis(250);
/// How long a newcomer waits for a place before it is turned away.
const ADMIT_WAIT: Duration = Duration::from_secs(1);
/// Newcomers waiting for a place at most; more are turned away at once.
const NEWCOMERS: usize = 64;
const LISTENER: Token = Token(usize::MAX);
const WAKER: Token = Token(usize::MAX - 1);

/// One place among [`Limits::connections`]; given back when dropped.
pub struct Place(Arc<AtomicUsize>);

impl Place {
    fn take(open: &Arc<AtomicUsize>) -> Place {
        open.fetch_add(1, Ordering::AcqRel);
        Place(Arc::clone(open))
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What a worker is to do with a connection.
pub enum Job {
    Answer(RequestHead),
    Refuse(Unread),
}

/// A connection handed to a worker.
pub struct Busy {
    pub stream: net::TcpStream,
    /// Bytes read past the head (a pipelined request).
    pub buffer: Vec<u8>,
    pub job: Job,
    pub place: Place,
    /// Where to hand the connection back if it is kept alive.
    pub back: Back,
}

/// The way back from a worker, for a connection that was answered.
#[derive(Clone)]
pub struct Back {
    sender: Sender<Answered>,
    waker: Arc<Waker>,
}

/// A connection back from a worker.
struct Answered {
    stream: net::TcpStream,
    buffer: Vec<u8>,
    place: Place,
    closing: bool,
}

impl Back {
    /// The connection waits for its next request.
    pub fn keep(self, stream: net::TcpStream, buffer: Vec<u8>, place: Place) {
        self.send(Answered {
            stream,
            buffer,
            place,
            closing: false,
        });
    }

    /// The connection lingers, then closes.
    pub fn close(self, stream: net::TcpStream, place: Place) {
        let _ = stream.shutdown(Shutdown::Write);
        self.send(Answered {
            stream,
            buffer: Vec::new(),
            place,
            closing: true,
        });
    }

    fn send(self, answered: Answered) {
        if self.sender.send(answered).is_ok() {
            let _ = self.waker.wake();
        }
    }
}

/// Stops the reactor when dropped.
pub struct Running {
    stop: Arc<AtomicBool>,
    waker: Arc<Waker>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        let _ = self.waker.wake();
    }
}

/// Accepts on `listener` in a thread of its own until the result drops.
pub fn start(listener: net::TcpListener, limits: Limits, work: Arc<Work>) -> io::Result<Running> {
    lengthen_queue(&listener);
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let (sender, returned) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let mut reactor = Reactor {
        poll,
        listener,
        limits,
        waiting: HashMap::new(),
        oldest: BTreeMap::new(),
        next: 0,
        open: Arc::new(AtomicUsize::new(0)),
        newcomers: VecDeque::new(),
        returned,
        back: Back {
            sender,
            waker: Arc::clone(&waker),
        },
        workers: Workers::new(work),
    };
    let stopping = Arc::clone(&stop);
    thread::Builder::new()
        .name("strata-accept".into())
        .spawn(move || reactor.run(&stopping))?;
    Ok(Running { stop, waker })
}

/// Connections the kernel queues until they are accepted. The standard
/// library listens with 128: a burst of reconnecting slow clients fills
/// that, and an ordinary client's connection attempt is then dropped and
/// retried only a second later.
const QUEUE: i32 = 4096;

/// Listening again on a listening socket sets its queue length (Linux).
#[cfg(target_os = "linux")]
fn lengthen_queue(listener: &net::TcpListener) {
    let _ = rustix::net::listen(listener, QUEUE);
}

#[cfg(not(target_os = "linux"))]
fn lengthen_queue(_listener: &net::TcpListener) {}

struct Waiting {
    stream: TcpStream,
    buffer: Vec<u8>,
    /// Closed or refused when this passes.
    deadline: Instant,
    /// Lingering before it closes: what it sends is dropped.
    closing: bool,
    /// Its key in [`Reactor::oldest`].
    age: usize,
    place: Place,
}

struct Reactor {
    poll: Poll,
    listener: TcpListener,
    limits: Limits,
    waiting: HashMap<Token, Waiting>,
    /// Waiting connections by the order they began waiting.
    oldest: BTreeMap<usize, Token>,
    next: usize,
    open: Arc<AtomicUsize>,
    /// Accepted, waiting for a place until their deadline.
    newcomers: VecDeque<(TcpStream, Instant)>,
    returned: Receiver<Answered>,
    back: Back,
    workers: Workers,
}

impl Reactor {
    fn run(&mut self, stop: &AtomicBool) {
        let mut events = Events::with_capacity(1024);
        let mut sweep = Instant::now() + SWEEP;
        while !stop.load(Ordering::Acquire) {
            let wait = sweep.saturating_duration_since(Instant::now());
            if let Err(err) = self.poll.poll(&mut events, Some(wait))
                && err.kind() != io::ErrorKind::Interrupted
            {
                eprintln!("error: the preview server stopped: {err}");
                return;
            }
            for event in &events {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKER => self.take_back(),
                    token => self.read(token),
                }
            }
            self.admit_newcomers();
            if Instant::now() >= sweep {
                self.expire();
                // Accepting may have stopped for want of descriptors.
                self.accept();
                sweep = Instant::now() + SWEEP;
            }
        }
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((stream, _)) if self.newcomers.len() < NEWCOMERS => {
                    self.newcomers
                        .push_back((stream, Instant::now() + ADMIT_WAIT));
                    self.admit_newcomers();
                }
                Ok((stream, _)) => turn_away(&stream),
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => return,
                Err(err) if err.kind() == io::ErrorKind::ConnectionAborted => {}
                Err(err) => {
                    // Out of descriptors, ...: tried again at the next sweep.
                    eprintln!("warning: the preview server could not accept a connection: {err}");
                    return;
                }
            }
        }
    }

    /// Gives newcomers places, in the order they came, while there is room.
    fn admit_newcomers(&mut self) {
        while let Some((stream, deadline)) = self.newcomers.pop_front() {
            if self.make_room() {
                let place = Place::take(&self.open);
                self.wait(stream, Vec::new(), place, false);
            } else if Instant::now() >= deadline {
                turn_away(&stream);
            } else {
                self.newcomers.push_front((stream, deadline));
                return;
            }
        }
    }

    /// Whether a place is free, after closing the oldest waiting
    /// connection if need be.
    fn make_room(&mut self) -> bool {
        if self.full() {
            self.take_back();
        }
        if self.full()
            && let Some((_, token)) = self.oldest.pop_first()
        {
            self.waiting.remove(&token);
        }
        !self.full()
    }

    fn full(&self) -> bool {
        self.open.load(Ordering::Acquire) >= self.limits.connections
    }

    /// Connections the workers answered.
    fn take_back(&mut self) {
        while let Ok(answered) = self.returned.try_recv() {
            if answered.stream.set_nonblocking(true).is_ok() {
                let stream = TcpStream::from_std(answered.stream);
                self.wait(stream, answered.buffer, answered.place, answered.closing);
            }
        }
    }

    fn wait(&mut self, mut stream: TcpStream, buffer: Vec<u8>, place: Place, closing: bool) {
        self.next += 1;
        let token = Token(self.next);
        if self
            .poll
            .registry()
            .register(&mut stream, token, Interest::READABLE)
            .is_err()
        {
            return;
        }
        let timeout = if closing {
            LINGER
        } else if buffer.is_empty() {
            self.limits.idle_timeout
        } else {
            self.limits.head_timeout
        };
        let waiting = Waiting {
            stream,
            buffer,
            deadline: Instant::now() + timeout,
            closing,
            age: self.next,
            place,
        };
        self.waiting.insert(token, waiting);
        self.oldest.insert(self.next, token);
        // A pipelined request may already be whole.
        self.read(token);
    }

    /// Reads what `token`'s connection sent; a whole head goes to a worker.
    fn read(&mut self, token: Token) {
        let Some(waiting) = self.waiting.get_mut(&token) else {
            return;
        };
        let outcome = if waiting.closing {
            drain(&mut waiting.stream)
        } else {
            receive(waiting, &self.limits)
        };
        match outcome {
            Ok(None) => {}
            Err(Unread::Closed) => drop(self.forget(token)),
            Ok(Some(head)) => self.hand_over(token, Job::Answer(head)),
            Err(refusal) => self.hand_over(token, Job::Refuse(refusal)),
        }
    }

    fn forget(&mut self, token: Token) -> Option<Waiting> {
        let mut waiting = self.waiting.remove(&token)?;
        self.oldest.remove(&waiting.age);
        let _ = self.poll.registry().deregister(&mut waiting.stream);
        Some(waiting)
    }

    fn hand_over(&mut self, token: Token, job: Job) {
        let Some(waiting) = self.forget(token) else {
            return;
        };
        let stream = net::TcpStream::from(waiting.stream);
        if stream.set_nonblocking(false).is_err() {
            return;
        }
        self.workers.give(Busy {
            stream,
            buffer: waiting.buffer,
            job,
            place: waiting.place,
            back: self.back.clone(),
        });
    }

    fn expire(&mut self) {
        let now = Instant::now();
        let expired: Vec<(Token, bool)> = self
            .waiting
            .iter()
            .filter(|(_, w)| w.deadline <= now)
            .map(|(token, w)| (*token, w.closing || w.buffer.is_empty()))
            .collect();
        for (token, quiet) in expired {
            if quiet {
                self.forget(token);
            } else {
                self.hand_over(token, Job::Refuse(Unread::TimedOut));
            }
        }
    }
}

/// Reads all that is there, up to the head size limit.
fn receive(waiting: &mut Waiting, limits: &Limits) -> Result<Option<RequestHead>, Unread> {
    let mut chunk = [0; 4096];
    loop {
        if let Some(head) = parse_head(&mut waiting.buffer, limits)? {
            return Ok(Some(head));
        }
        let room = limits.head_bytes.saturating_sub(waiting.buffer.len());
        if room == 0 {
            return Err(Unread::TooLarge);
        }
        let began = waiting.buffer.is_empty();
        match waiting.stream.read(&mut chunk[..room.min(4096)]) {
            Ok(0) => return Err(Unread::Closed),
            Ok(n) => {
                waiting.buffer.extend_from_slice(&chunk[..n]);
                if began {
                    waiting.deadline = Instant::now() + limits.head_timeout;
                }
            }
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(None),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Unread::Closed),
        }
    }
}

/// Reads and drops what a closing connection sent; `Closed` once the
/// client has closed its side too.
fn drain(stream: &mut TcpStream) -> Result<Option<RequestHead>, Unread> {
    let mut sink = [0; 4096];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return Err(Unread::Closed),
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => return Ok(None),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(Unread::Closed),
        }
    }
}

/// Answers 503 to a connection there is no place for, without waiting on
/// it: the accepting thread must not be held up by the client it refuses.
fn turn_away(mut stream: &TcpStream) {
    let _ = stream.write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
          Content-Length: 31\r\nConnection: close\r\nRetry-After: 1\r\n\r\n\
          503 the preview server is busy\n",
    );
    let _ = stream.shutdown(Shutdown::Write);
}
