//! The access log: with a subscriber listening, every request gives one line
//! (method, path with query, status, latency, bytes). Its own test binary:
//! the subscriber is process-wide.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use sitrep_server::{AccessLog, Config};

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Status and body of a GET.
fn get(addr: std::net::SocketAddr, target: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[split + 4..].to_vec())
}

#[test]
fn every_request_gives_one_access_line() {
    let buf = Buf::default();
    tracing::subscriber::set_global_default(AccessLog::new(buf.clone())).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    sitrep_store::Store::open(&db).unwrap();
    let mut c = Config::new(&db);
    c.port = 0;
    let server = sitrep_server::spawn(c).unwrap();

    let (status, body) = get(server.addr, "/api/articles?limit=5&q=port%20strike");
    assert_eq!(status, 200);
    let (missing, _) = get(server.addr, "/api/nothing-here");
    assert_eq!(missing, 404);
    // The line is written before the response leaves the server.
    let text = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");

    // "sitrep serve: GET /api/articles?limit=5&q=port%20strike 200 0.4 ms 123 B"
    let f: Vec<&str> = lines[0].split(' ').collect();
    assert_eq!(
        &f[..5],
        [
            "sitrep",
            "serve:",
            "GET",
            "/api/articles?limit=5&q=port%20strike",
            "200"
        ],
        "{text}"
    );
    let ms: f64 = f[5].parse().unwrap();
    assert!(ms >= 0.0, "{text}");
    assert_eq!(f[6], "ms");
    assert_eq!(f[7].parse::<usize>().unwrap(), body.len(), "{text}");
    assert_eq!(f[8], "B");
    assert!(
        lines[1].starts_with("sitrep serve: GET /api/nothing-here 404 "),
        "{text}"
    );
}
