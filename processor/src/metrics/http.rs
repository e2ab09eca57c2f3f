//! `GET /metrics` (Prometheus text), `GET /healthz` (the process is alive) and `GET /readyz`
//! (partitions are assigned and state is warm), served with tokio.

use super::hub::Hub;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub async fn serve(listener: TcpListener, hub: Arc<Hub>) {
    loop {
        let Ok((mut sock, _)) = listener.accept().await else {
            continue;
        };
        let hub = hub.clone();
        tokio::spawn(async move {
            // the request head can arrive in several segments: read up to the blank line
            let mut buf = [0u8; 2048];
            let mut n = 0;
            let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
            while n < buf.len() && !buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
                match tokio::time::timeout_at(deadline, sock.read(&mut buf[n..])).await {
                    Ok(Ok(0)) => break,
                    Ok(Ok(k)) => n += k,
                    _ => return,
                }
            }
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req.split_whitespace().nth(1).unwrap_or("/");
            let method = req.split_whitespace().next().unwrap_or("");
            let (status, ctype, body) = match (method, path) {
                ("GET", "/metrics") => (
                    "200 OK",
                    "text/plain; version=0.0.4",
                    super::prometheus::render(&hub),
                ),
                ("GET", "/healthz") => ("200 OK", "text/plain", "ok\n".to_string()),
                ("GET", "/readyz") if hub.is_ready() => {
                    ("200 OK", "text/plain", "ready\n".to_string())
                }
                ("GET", "/readyz") => (
                    "503 Service Unavailable",
                    "text/plain",
                    "warming up or no partitions assigned\n".to_string(),
                ),
                ("GET", _) => ("404 Not Found", "text/plain", "not found\n".to_string()),
                _ => (
                    "405 Method Not Allowed",
                    "text/plain",
                    "GET only\n".to_string(),
                ),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(body.as_bytes()).await;
            let _ = sock.shutdown().await;
        });
    }
}
