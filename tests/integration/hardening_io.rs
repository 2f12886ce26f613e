//! Integration tests: what a careless contributor or a hostile client can
//! do to the output folder and the preview server.

use crate::common::*;
use crate::serve::Served;
use std::io::Write;
use std::net::TcpStream;

#[test]
fn two_host_headers_are_refused() {
    let site = TestSite::new();
    let served = Served::start(&site, &[]);
    served.wait_for_text("/", "Welcome");
    let host = served.host();
    for hosts in [
        format!("{host}\r\nHost: {host}"),
        format!("evil\r\nHost: {host}"),
    ] {
        let reply = served.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {hosts}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(reply.status, 400, "Host: {hosts}\n{}", reply.body);
        assert!(!reply.body.contains("Welcome"), "{}", reply.body);
    }
}

#[test]
fn ordinary_requests_are_answered_while_slow_clients_hold_connections() {
    let site = TestSite::new();
    let served = Served::start(&site, &[]);
    served.wait_for_text("/", "Welcome");
    // More than the old cap of 128: each sends part of a head and stops.
    let slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(served.addr).expect("connect");
            stream
                .write_all(b"GET / HTTP/1.1\r\nX-Slow: ")
                .expect("send part of a head");
            stream
        })
        .collect();
    for _ in 0..20 {
        let reply = served.get("/");
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    drop(slow);
}

#[cfg(unix)]
mod linked_outputs {
    use crate::common::*;
    use crate::output::assert_refused;
    use std::os::unix::fs::symlink;

    #[test]
    fn an_output_whose_parent_links_into_content_is_refused() {
        let site = TestSite::fixture("basic");
        symlink(site.path("content"), site.path("out")).expect("link");
        assert_refused(&site, ".", "out/public", "inside the source folder");
        assert_refused(&site, ".", "out/public", "content");
        assert_refused(&site, ".", "out/public", "resolves to");
    }

    #[test]
    fn an_output_that_links_to_a_source_folder_is_refused() {
        let site = TestSite::fixture("basic");
        symlink(site.path("static"), site.path("public")).expect("link");
        assert_refused(&site, ".", "public", "inside the source folder");
        let run = site.build(&[]).expect_code(2);
        assert!(run.stderr.contains("static"), "{}", run.stderr);
        symlink(site.root(), site.path("itself")).expect("link");
        assert_refused(&site, ".", "itself", "it is the site root");
    }

    #[test]
    fn dot_dot_through_a_link_is_resolved_where_the_link_points() {
        let site = TestSite::fixture("basic");
        std::fs::create_dir(site.path("content/sub")).expect("create");
        symlink(site.path("content/sub"), site.path("deep")).expect("link");
        // As text this is `public`; on disk it is `content/public`.
        assert_refused(&site, ".", "deep/../public", "inside the source folder");
        assert_refused(
            &site,
            ".",
            "public/../content/x",
            "inside the source folder",
        );
    }

    #[test]
    fn an_output_linked_elsewhere_is_built_there() {
        let site = TestSite::fixture("basic");
        let elsewhere = tempfile::tempdir().expect("temp dir");
        let target = elsewhere.path().join("site");
        symlink(&target, site.path("public")).expect("link");
        // A link to nothing is refused until its target exists.
        assert_refused(&site, ".", "public", "symbolic link to nothing");
        std::fs::create_dir(&target).expect("create");
        site.build(&[]).ok();
        site.build(&[]).ok();
        assert!(target.join("index.html").is_file());
        let link = std::fs::symlink_metadata(site.path("public")).expect("link");
        assert!(link.file_type().is_symlink(), "the link was replaced");
        let beside: Vec<_> = std::fs::read_dir(elsewhere.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(beside, ["site"], "nothing left beside the output");
    }
}

/// A folder as a build of `public/` leaves it when killed: `marker`
/// decides whether it carries Strata's marker file.
fn leftover(site: &TestSite, name: &str, marker: bool) {
    site.write(&format!("{name}/roadmap/index.html"), "<p>half</p>\n");
    if marker {
        site.write(&format!("{name}/.strata-output"), "made by strata\n");
    }
}

fn exists(site: &TestSite, name: &str) -> bool {
    site.path(name).exists()
}

#[test]
fn leftovers_of_killed_builds_are_removed_and_foreign_folders_kept() {
    let site = TestSite::fixture("basic");
    leftover(&site, ".public.staging-4001", true);
    leftover(&site, ".public.old-4002", true);
    // Named like leftovers, but without the marker: someone else's.
    leftover(&site, ".public.staging-4003", false);
    leftover(&site, ".public.old-4004", false);
    // Marked, but not named like a leftover of this output.
    leftover(&site, ".public.backup", true);
    leftover(&site, ".out.staging-4005", true);
    site.build(&[]).ok();
    assert!(!exists(&site, ".public.staging-4001"));
    assert!(!exists(&site, ".public.old-4002"));
    for kept in [
        ".public.staging-4003",
        ".public.old-4004",
        ".public.backup",
        ".out.staging-4005",
    ] {
        assert!(exists(&site, kept), "{kept} was removed");
        assert!(exists(&site, &format!("{kept}/roadmap/index.html")));
    }
}

#[cfg(unix)]
#[test]
fn a_leftover_held_by_a_running_build_is_kept() {
    let site = TestSite::fixture("basic");
    leftover(&site, ".public.staging-4010", true);
    // A build still running holds its staging folder's marker locked.
    let running =
        std::fs::File::open(site.path(".public.staging-4010/.strata-output")).expect("open marker");
    rustix::fs::flock(&running, rustix::fs::FlockOperation::LockExclusive).expect("lock marker");
    site.build(&[]).ok();
    assert!(exists(&site, ".public.staging-4010/roadmap/index.html"));
    drop(running);
    site.build(&[]).ok();
    assert!(!exists(&site, ".public.staging-4010"));
}
