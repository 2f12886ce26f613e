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
