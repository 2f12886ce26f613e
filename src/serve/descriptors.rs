//! Enough file descriptors for the connections the preview keeps.
//!
//! Every open connection holds a descriptor, and the preview needs more for
//! the watcher and the files a rebuild reads. Many systems start a process
//! with a soft limit of 1,024, below what [`Limits::connections`] asks for,
//! and a far higher hard limit. [`connection_cap`] raises the soft limit as
//! far as needed (never past the hard limit); where it stays too low, the
//! cap is lowered instead, so that accepting never fails for want of
//! descriptors.
//!
//! [`Limits::connections`]: super::http::Limits::connections

/// Descriptors kept for everything but connections.
const RESERVE: u64 = 256;
/// A cap lowered below this is worth a note: a thousand slow clients
/// could then crowd out ordinary ones.
const NOTE_BELOW: usize = 1024;

/// How many connections the preview can keep, at most `wanted`.
pub fn connection_cap(wanted: usize) -> usize {
    let needed = u64::try_from(wanted)
        .unwrap_or(u64::MAX)
        .saturating_add(RESERVE);
    let available = raise_limit(needed);
    let cap = usize::try_from(available.saturating_sub(RESERVE))
        .unwrap_or(wanted)
        .clamp(1, wanted);
    if cap < wanted.min(NOTE_BELOW) {
        eprintln!(
            "note: the preview keeps at most {cap} connections: the process may open only \
             {available} files (raise it with `ulimit -n`)"
        );
    }
    cap
}

/// Raises the soft limit on open files towards `needed`; the limit after.
#[cfg(unix)]
fn raise_limit(needed: u64) -> u64 {
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    // `None` is no limit at all.
    let current = limit.current.unwrap_or(u64::MAX);
    if current >= needed {
        return current;
    }
    let raised = limit.maximum.map_or(needed, |hard| hard.min(needed));
    let wanted = Rlimit {
        current: Some(raised),
        maximum: limit.maximum,
    };
    if raised > current && setrlimit(Resource::Nofile, wanted).is_ok() {
        raised
    } else {
        current
    }
}

#[cfg(not(unix))]
fn raise_limit(_needed: u64) -> u64 {
    u64::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cap_within_the_limit_is_kept() {
        assert_eq!(connection_cap(16), 16);
    }
}
