//! `fz-produce --events FILE [--brokers HOST:PORT] [--prefix P]`: produces a JSON-lines event file
//! (e.g. from `fanzha gen`) into the contract's topics with the contract's record keys, with an
//! idempotent acks=all producer, and prints the rate. `--prefix P` sends to `P.transactions`,
//! `P.calls`, `P.watchlist` instead of `fz.*`. Malformed lines are sent as they are to
//! `P.transactions` (`fz.transactions` by default); the processor dead-letters them.

use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use rdkafka::ClientConfig;
use std::io::BufRead;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: fz-produce --events FILE [--brokers HOST:PORT] [--prefix P]

Produces a JSON-lines event file into the contract's topics (acks=all, idempotent) and prints
the rate.
  --events FILE        the events (e.g. from `fanzha gen`)
  --brokers HOST:PORT  bootstrap servers (default 127.0.0.1:9092)
  --prefix P           send to P.transactions, P.calls, P.watchlist (default fz)
  -h, --help           print this and exit";

#[derive(Debug, PartialEq)]
struct Args {
    events: String,
    brokers: String,
    prefix: String,
}

#[derive(Debug, PartialEq)]
enum Parsed {
    Run(Args),
    Help,
    /// A usage error, with what was wrong.
    Bad(String),
}

fn parse(mut args: impl Iterator<Item = String>) -> Parsed {
    let mut events = None;
    let mut brokers = "127.0.0.1:9092".to_string();
    let mut prefix = "fz".to_string();
    while let Some(a) = args.next() {
        match a.as_str() {
            "-h" | "--help" => return Parsed::Help,
            "--events" | "--brokers" | "--prefix" => {}
            _ => return Parsed::Bad(format!("unknown argument `{a}`")),
        }
        let Some(v) = args.next() else {
            return Parsed::Bad(format!("{a} needs a value"));
        };
        match a.as_str() {
            "--events" => events = Some(v),
            "--brokers" => brokers = v,
            _ => prefix = v,
        }
    }
    match events {
        Some(events) => Parsed::Run(Args {
            events,
            brokers,
            prefix,
        }),
        None => Parsed::Bad("--events FILE is required".into()),
    }
}

fn main() {
    let Args {
        events,
        brokers,
        prefix,
    } = match parse(std::env::args().skip(1)) {
        Parsed::Run(a) => a,
        Parsed::Help => {
            println!("{USAGE}");
            return;
        }
        Parsed::Bad(why) => {
            eprintln!("fz-produce: {why}\n{USAGE}");
            std::process::exit(2);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Parsed {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn help_is_not_an_error() {
        assert_eq!(p(&["--help"]), Parsed::Help);
        assert_eq!(p(&["-h"]), Parsed::Help);
        assert_eq!(p(&["--events", "e.jsonl", "--help"]), Parsed::Help);
    }

    #[test]
    fn arguments_and_usage_errors() {
        assert_eq!(
            p(&["--events", "e.jsonl", "--prefix", "x", "--brokers", "h:1"]),
            Parsed::Run(Args {
                events: "e.jsonl".into(),
                brokers: "h:1".into(),
                prefix: "x".into()
            })
        );
        assert_eq!(
            p(&["--events", "e.jsonl"]),
            Parsed::Run(Args {
                events: "e.jsonl".into(),
                brokers: "127.0.0.1:9092".into(),
                prefix: "fz".into()
            })
        );
        assert!(matches!(p(&[]), Parsed::Bad(w) if w.contains("--events")));
        assert!(matches!(p(&["--events"]), Parsed::Bad(w) if w.contains("needs a value")));
        assert!(matches!(p(&["--events", "e", "--brokers"]), Parsed::Bad(_)));
        assert!(matches!(p(&["--evnts", "e"]), Parsed::Bad(w) if w.contains("--evnts")));
    }
}
