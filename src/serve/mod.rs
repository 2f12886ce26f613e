//! `strata serve`: a live preview that keeps serving while you edit.
//!
//! The site is built into memory ([`MemorySink`]) and served from there;
//! nothing is written to `public/`. A change to the sources (see
//! [`watch::classify`]) rebuilds the whole site; a good rebuild is swapped
//! in whole and open pages reload, a bad one keeps the last good build
//! served and shows its diagnostics in the terminal and in the browser
//! ([`reload`]). Content never stops the server: a first build that fails
//! still starts it, with an error page.
//!
//! In serve mode `base_url` is the local address, so every link points at
//! the preview even when the site is published under a sub-path.

pub mod descriptors;
pub mod http;
pub mod reactor;
pub mod reload;
pub mod server;
pub mod watch;
pub mod workers;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Kind, plural};
use crate::output::{Dictionary, Files, MemorySink};
use crate::site::{self, BuildOptions, Embeds, Site, Update};
use http::Limits;
use reload::Live;
use server::Server;
use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Instant;
use watch::{Batch, Sources};

/// What `strata serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// 0 picks any free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Why the preview could not run. Content errors are never among them.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "port {port} and the next ten are in use on {ip}; choose a free one with --port, \
         or --port 0 for any"
    )]
    PortInUse { ip: IpAddr, port: u16 },
    #[error("the site root {} is not a folder; pass the folder holding content/ with --root", .0.display())]
    NoRoot(PathBuf),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("cannot start the preview server")]
    Start(#[source] io::Error),
    #[error("cannot watch {} for changes", .path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
}

/// Builds, serves and rebuilds on change until the process is stopped.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    if !options.build.root.is_dir() {
        return Err(ServeError::NoRoot(options.build.root.clone()));
    }
    let ip = options.interface;
    if !ip.is_loopback() {
        eprintln!(
            "warning: serving on {ip}, which is not a loopback address: anyone who can reach \
             this machine can read the site"
        );
    }
    let (listener, moved_from) = server::bind(ip, options.port).map_err(|source| {
        if source.kind() == io::ErrorKind::AddrInUse {
            ServeError::PortInUse {
                ip,
                port: options.port,
            }
        } else {
            ServeError::Bind {
                addr: SocketAddr::new(ip, options.port),
                source,
            }
        }
    })?;
    let bound = listener.local_addr().map_err(ServeError::Start)?;
    if let Some(asked) = moved_from {
        eprintln!(
            "note: port {asked} is in use, so the preview uses port {} (choose one with --port)",
            bound.port()
        );
    }
    let url = local_url(bound);
    let build_options = BuildOptions {
        base_url: Some(url.clone()),
        ..options.build.clone()
    };
    let root = &build_options.root;

    let (tx, rx) = mpsc::channel();
    // Watch before the first build, so an edit made during it is not lost.
    let mut sources = Sources::start(root, &tx).map_err(|source| ServeError::Watch {
        path: root.clone(),
        source,
    })?;
    let live = Arc::new(Live::default());
    // The last good build, kept for incremental updates; `None` after a
    // failed rebuild, when only a full one can be trusted.
    let mut current: Option<Preview> = None;
    let first = rebuild(&build_options, &live, &mut current);
    let _server =
        Server::start(listener, Arc::clone(&live), Limits::default()).map_err(ServeError::Start)?;
    let title = match first {
        Some(title) => title,
        None => Config::load(root).map_or_else(|_| "the site".to_string(), |c| c.title),
    };
    println!("Serving {title} at {url}");
    let polling = if sources.polling { " (polling)" } else { "" };
    println!("Watching for changes{polling}; press Ctrl-C to stop.");
    let _ = io::stdout().flush();
    if options.open {
        open_browser(&url);
    }
    loop {
        match sources.next_batch(&rx) {
            Some(batch) => {
                sources.rewatch(&batch.top_level);
                let kinds: Vec<&str> = batch.changes.iter().map(|c| c.describe()).collect();
                println!("Changed ({}): {}", kinds.join(", "), batch.summary());
                if !update(&batch, &mut current, &live) {
                    rebuild(&build_options, &live, &mut current);
                }
                let _ = io::stdout().flush();
            }
            // Cannot happen while `tx` is alive; end quietly if it does.
            None => return Ok(()),
        }
    }
}

/// `http://127.0.0.1:PORT/`; all-interfaces binds are shown as loopback.
fn local_url(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, bound.port()))
}

/// Applies a batch that only edits the bodies of existing pages to the
/// last good build, re-rendering just what they affect. Returns false when
/// the batch needs a full rebuild instead.
fn update(batch: &Batch, current: &mut Option<Preview>, live: &Live) -> bool {
    let Some(Preview {
        site,
        embeds,
        dictionary,
    }) = current.as_mut()
    else {
        return false;
    };
    let started = Instant::now();
    if batch.changes.iter().any(|c| *c != watch::Change::Content) {
        return false;
    }
    // Edited pages, by content path. A path that is gone and was never part
    // of the site is an editor's or tool's temp file (sed -i, for one).
    let mut edited = Vec::new();
    for path in &batch.paths {
        let Some(source) = path.strip_prefix("content").ok().and_then(|p| p.to_str()) else {
            return false;
        };
        let source = source.replace('\\', "/");
        let exists = site.root.join(path).exists();
        let folder = format!("{source}/");
        let known = source.is_empty()
            || site
                .library
                .sources()
                .any(|s| s == source || s.starts_with(&folder))
            || site
                .library
                .assets
                .iter()
                .any(|a| a.source == source || a.source.starts_with(&folder));
        match (exists, known) {
            (true, true) if source.ends_with(".md") => edited.push(source),
            (false, false) => {}
            _ => return false,
        }
    }
    if edited.is_empty() {
        return true; // nothing of the site changed
    }
    let sink = MemorySink::continuing(dictionary.clone());
    let mut pages = 0;
    for source in &edited {
        let outcome = catch_unwind(AssertUnwindSafe(|| site.update_page(source, &sink, embeds)));
        match outcome {
            Ok(Update::Pages(updated)) => pages += updated.len(),
            // The site may be half updated: only a full rebuild is safe now.
            Ok(Update::Full) | Err(_) => return false,
        }
    }
    let build = live.update(sink.into_files());
    let elapsed = started.elapsed().as_millis();
    println!(
        "Updated {} in {elapsed} ms (build {build})",
        plural(pages, "page")
    );
    true
}

/// One full build into memory. Swaps it in when good; otherwise records
/// the failure and prints every diagnostic. Returns the site title of a
/// good build.
fn rebuild(options: &BuildOptions, live: &Live, current: &mut Option<Preview>) -> Option<String> {
    *current = None;
    let started = Instant::now();
    // A bug in the pipeline (a panic) is reported like a content error,
    // so the preview keeps running.
    let result = catch_unwind(AssertUnwindSafe(|| build_in_memory(options)))
        .unwrap_or_else(|panic| Err(panicked(panic.as_ref())));
    let elapsed = started.elapsed().as_millis();
    match result {
        Ok(built) => {
            // Warnings are listed in full once; later builds only count them.
            let first = live.current().rebuilds == 0;
            if first {
                eprint!(
                    "{}",
                    built.site.diagnostics.terminal_report(options.verbose)
                );
            }
            let files = built.files.len();
            let build = live.succeed(built.files);
            let warnings = match built.site.diagnostics.warnings() {
                0 => String::new(),
                n if first => format!(", {}", plural(n, "warning")),
                n => format!(", {} (see `strata check`)", plural(n, "warning")),
            };
            println!("Built {files} files in {elapsed} ms (build {build}{warnings})");
            let title = built.site.config.title.clone();
            *current = Some(Preview {
                site: built.site,
                embeds: built.embeds,
                dictionary: built.dictionary,
            });
            Some(title)
        }
        Err(diagnostics) => {
            eprint!("{}", diagnostics.terminal_report(options.verbose));
            let build = live.current().site.build;
            let keeping = if build == 0 {
                "No good build yet: the browser shows these errors until they are fixed.".into()
            } else {
                format!("Still serving build {build}; the browser shows these errors.")
            };
            eprintln!("Build failed: {}. {keeping}", diagnostics.summary());
            live.fail(diagnostics);
            None
        }
    }
}

/// The last good build as the preview keeps it: the site, which pages show
/// which summaries, and what its files were deflated against.
struct Preview {
    site: Site,
    embeds: Embeds,
    dictionary: Option<Dictionary>,
}

struct Built {
    files: Files,
    site: Site,
    embeds: Embeds,
    dictionary: Option<Dictionary>,
}

fn build_in_memory(options: &BuildOptions) -> Result<Built, Diagnostics> {
    let mut site = site::load(options)?;
    let sink = MemorySink::default();
    let embeds = site.render_for_preview(&sink)?;
    Ok(Built {
        dictionary: sink.dictionary(),
        files: sink.into_files(),
        site,
        embeds,
    })
}

fn panicked(panic: &(dyn std::any::Any + Send)) -> Diagnostics {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    Diagnostics(vec![
        Diagnostic::error(
            Kind::Internal,
            "strata",
            format!("internal error: the build panicked: {message}"),
        )
        .hint("this is a bug in Strata; please report it with the change that caused it"),
    ])
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    match command.arg(url).spawn() {
        Ok(mut child) => {
            // Reap the opener so it does not linger as a zombie.
            std::thread::spawn(move || child.wait());
        }
        Err(err) => eprintln!("warning: cannot open a browser ({err}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_url_shows_loopback_for_all_interfaces() {
        let url = |addr: &str| local_url(addr.parse().unwrap());
        assert_eq!(url("127.0.0.1:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("0.0.0.0:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080/");
        assert_eq!(url("[::1]:8080"), "http://[::1]:8080/");
    }

    #[test]
    fn a_panic_becomes_a_diagnostic() {
        let caught = catch_unwind(|| panic!("boom")).unwrap_err();
        let diags = panicked(caught.as_ref());
        assert!(diags.has_errors());
        assert!(diags.0[0].message.contains("boom"));
    }
}
