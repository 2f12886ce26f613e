//! How many connections the preview keeps, and which one gives way.
//!
//! The [`Gate`] admits at most `cap` connections. A connection is
//! *waiting* while it has no whole request to answer: idle between
//! requests, or still receiving a request head. When all places are taken,
//! a newcomer makes room by closing the oldest waiting connection (a
//! browser reopens it when needed), so clients that trickle their heads a
//! byte at a time cannot keep ordinary requests out. When none is waiting,
//! the newcomer waits a moment and is then turned away, so that busy
//! connections never stop the server from accepting.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long a newcomer waits for a place before it is turned away.
const ADMIT_WAIT: Duration = Duration::from_secs(1);

/// Counts open connections and knows which of them are waiting.
pub struct Gate {
    cap: usize,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    open: usize,
    next: u64,
    /// Waiting connections by ticket number, so the oldest comes first.
    waiting: BTreeMap<u64, Arc<TcpStream>>,
    /// Connections closed to make room that have not yet let go.
    closing: BTreeSet<u64>,
}

/// One admitted connection; gives its place back when dropped.
pub struct Ticket {
    number: u64,
    gate: Arc<Gate>,
}

impl Gate {
    pub fn new(cap: usize) -> Arc<Gate> {
        Arc::new(Gate {
            cap: cap.max(1),
            state: Mutex::default(),
            changed: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state stays consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for a newly accepted connection, or `None` when every
    /// place stays busy for [`ADMIT_WAIT`].
    pub fn admit(self: &Arc<Gate>) -> Option<Ticket> {
        let deadline = Instant::now() + ADMIT_WAIT;
        let mut state = self.lock();
        while state.open >= self.cap {
            // One closing connection per newcomer is enough.
            if state.open - state.closing.len() >= self.cap
                && let Some((number, oldest)) = state.waiting.pop_first()
            {
                let _ = oldest.shutdown(Shutdown::Both);
                state.closing.insert(number);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        state.open += 1;
        state.next += 1;
        Some(Ticket {
            number: state.next,
            gate: Arc::clone(self),
        })
    }
}

impl Ticket {
    /// Marks the connection waiting: closable for a newcomer until
    /// [`Ticket::busy`].
    pub fn waiting(&self, stream: &Arc<TcpStream>) {
        let mut state = self.gate.lock();
        if !state.closing.contains(&self.number) {
            state.waiting.insert(self.number, Arc::clone(stream));
            self.gate.changed.notify_all();
        }
    }

    /// Marks the connection busy again; false when it was closed to make
    /// room in the meantime, and the request that woke it must be dropped.
    pub fn busy(&self) -> bool {
        let mut state = self.gate.lock();
        state.waiting.remove(&self.number);
        !state.closing.contains(&self.number)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut state = self.gate.lock();
        state.waiting.remove(&self.number);
        state.closing.remove(&self.number);
        state.open -= 1;
        self.gate.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn pair(listener: &TcpListener) -> (TcpStream, Arc<TcpStream>) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, Arc::new(server))
    }

    #[test]
    fn a_newcomer_closes_only_the_oldest_waiting_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let gate = Gate::new(2);
        let (_a, a_stream) = pair(&listener);
        let (_b, b_stream) = pair(&listener);
        let a = gate.admit().unwrap();
        let b = gate.admit().unwrap();
        a.waiting(&a_stream);
        b.waiting(&b_stream);
        let waiting = {
            let gate = Arc::clone(&gate);
            std::thread::spawn(move || gate.admit().is_some())
        };
        // `a` was told to close; until it lets go, `b` stays.
        while !gate.lock().closing.contains(&a.number) {
            std::thread::yield_now();
        }
        assert!(!a.busy(), "a request arriving now on `a` is dropped");
        assert!(b.busy(), "`b` was left alone");
        drop(a);
        assert!(waiting.join().unwrap(), "the newcomer got `a`'s place");
    }

    #[test]
    fn with_nothing_waiting_a_newcomer_is_turned_away() {
        let gate = Gate::new(1);
        let _busy = gate.admit().unwrap();
        assert!(gate.admit().is_none());
    }
}
