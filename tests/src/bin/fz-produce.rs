//! `fz-produce --events FILE [--brokers HOST:PORT] [--prefix P]`: produces a JSON-lines event file
//! (e.g. from `fanzha gen`) into the contract's topics with the contract's record keys, with an
//! idempotent acks=all producer, and prints the rate. `--prefix P` sends to `P.transactions`,
//! `P.calls`, `P.watchlist` instead of `fz.*`. Malformed lines are sent to `fz.transactions` as
//! they are (the processor dead-letters them).

use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use rdkafka::ClientConfig;
use std::io::BufRead;
use std::time::{Duration, Instant};

fn main() {
    let mut events = None;
    let mut brokers = "127.0.0.1:9092".to_string();
    let mut prefix = "fz".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--events" => events = args.next(),
            "--brokers" => brokers = args.next().expect("--brokers HOST:PORT"),
            "--prefix" => prefix = args.next().expect("--prefix P"),
            _ => {
                eprintln!("usage: fz-produce --events FILE [--brokers HOST:PORT] [--prefix P]");
                std::process::exit(2);
            }
        }
    }
    let Some(events) = events else {
        eprintln!("usage: fz-produce --events FILE [--brokers HOST:PORT] [--prefix P]");
        std::process::exit(2);
    };
    let producer: ThreadedProducer<_> = ClientConfig::new()
        .set("bootstrap.servers", &brokers)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .set("linger.ms", "10")
        .set("batch.num.messages", "10000")
        .set("message.timeout.ms", "120000")
        .create()
        .expect("a producer");
    let file = std::fs::File::open(&events).unwrap_or_else(|e| panic!("{events}: {e}"));
    let t = Instant::now();
    let mut n = 0u64;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("reading events");
        if line.trim().is_empty() {
            continue;
        }
        let (topic, key) = match fanzha_contract::decode(line.as_bytes()) {
            Ok(e) => (e.topic().replacen("fz", &prefix, 1), e.key().to_string()),
            Err(_) => (format!("{prefix}.transactions"), String::new()),
        };
        let mut record = BaseRecord::to(&topic).key(&key).payload(&line);
        loop {
            match producer.send(record) {
                Ok(()) => break,
                Err((e, r))
                    if e.rdkafka_error_code()
                        == Some(rdkafka::types::RDKafkaErrorCode::QueueFull) =>
                {
                    producer.poll(Duration::from_millis(5));
                    record = r;
                }
                Err((e, _)) => panic!("producing to {topic}: {e}"),
            }
        }
        n += 1;
    }
    producer
        .flush(Duration::from_secs(300))
        .expect("every event acknowledged");
    let s = t.elapsed().as_secs_f64();
    println!(
        "produced {n} events to {prefix}.* on {brokers} in {s:.1} s ({:.0}/s)",
        n as f64 / s
    );
}
