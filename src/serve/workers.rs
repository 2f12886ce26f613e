//! The threads that answer requests.
//!
//! The event loop in [`reactor`](super::reactor) hands each whole request
//! to this pool. Threads start when a request finds none idle, up to 64,
//! and then stay; a request that finds all of them busy
//! waits in the queue for the first to finish.

use super::reactor::Busy;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// Threads answering requests at most.
const WORKERS: usize = 64;

/// What a worker runs for each connection it is handed.
pub type Work = dyn Fn(Busy) + Send + Sync;

/// Threads that answer, started as needed.
pub struct Workers {
    queue: Sender<Busy>,
    shared: Arc<Mutex<Receiver<Busy>>>,
    idle: Arc<AtomicUsize>,
    started: usize,
    work: Arc<Work>,
}

impl Workers {
    pub fn new(work: Arc<Work>) -> Workers {
        let (queue, jobs) = mpsc::channel();
        Workers {
            queue,
            shared: Arc::new(Mutex::new(jobs)),
            idle: Arc::new(AtomicUsize::new(0)),
            started: 0,
            work,
        }
    }

    pub fn give(&mut self, busy: Busy) {
        if self.queue.send(busy).is_err() {
            return;
        }
        if self.idle.load(Ordering::Acquire) == 0 && self.started < WORKERS {
            let (jobs, idle, work) = (
                Arc::clone(&self.shared),
                Arc::clone(&self.idle),
                Arc::clone(&self.work),
            );
            let started = thread::Builder::new()
                .name("strata-http".into())
                .spawn(move || serve_jobs(&jobs, &idle, &*work));
            match started {
                Ok(_) => self.started += 1,
                Err(err) => {
                    eprintln!("warning: the preview server could not start a thread: {err}")
                }
            }
        }
    }
}

/// A worker's life: takes connections until the reactor stops.
fn serve_jobs(jobs: &Mutex<Receiver<Busy>>, idle: &AtomicUsize, work: &Work) {
    loop {
        idle.fetch_add(1, Ordering::AcqRel);
        let next = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        idle.fetch_sub(1, Ordering::AcqRel);
        match next {
            Ok(busy) => work(busy),
            Err(_) => return,
        }
    }
}
