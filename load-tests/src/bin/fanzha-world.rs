//! `fanzha-world gen --persons N --days D --seed S [--disorder-ms M] --out DIR`
//! `fanzha-world score --events events.jsonl --actions actions.jsonl --labels labels.jsonl [--json]`
//! `fanzha-world stats --persons N ...` (counts and timing, nothing written)

use fanzha_contract::EventBody;
use fanzha_load::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn config(args: &[String]) -> Result<GenConfig, String> {
    let mut c = GenConfig::default();
    let num = |n: &str| {
        arg(args, n)
            .map(|v| v.parse::<i64>().map_err(|e| format!("{n}: {e}")))
            .transpose()
    };
    if let Some(v) = num("--persons")? {
        c.persons = v as usize;
    }
    if let Some(v) = num("--days")? {
        c.days = v as u32;
    }
    if let Some(v) = num("--seed")? {
        c.seed = v as u64;
    }
    if let Some(v) = num("--disorder-ms")? {
        c.disorder_ms = v;
    }
    if let Some(v) = num("--start-ms")? {
        c.start_ms = v;
    }
    Ok(c)
}

fn run(args: &[String]) -> Result<(), String> {
    let e = |x: std::io::Error| x.to_string();
    match args.first().map(String::as_str) {
        Some("gen") => {
            let cfg = config(args)?;
            let out = PathBuf::from(arg(args, "--out").ok_or("--out DIR required")?);
            let t = Instant::now();
            let (labels, n) = write_world(&cfg, &out).map_err(e)?;
            eprintln!(
                "{n} events, {} victims, {} scam transfers, {} mules in {:.2}s -> {}",
                labels.victims.len(),
                labels.scam_txns.len(),
                labels.mules.len(),
                t.elapsed().as_secs_f64(),
                out.display()
            );
        }
        Some("stats") => {
            let cfg = config(args)?;
            let t = Instant::now();
            let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
            let labels = fanzha_load::generate_into(&cfg, &mut |ev| {
                let k = match ev.body {
                    EventBody::Transaction(_) => "transaction",
                    EventBody::Call(_) => "call",
                    EventBody::Watchlist(_) => "watchlist",
                };
                *kinds.entry(k).or_default() += 1;
            });
            println!("generated in {:.2}s: {kinds:?}", t.elapsed().as_secs_f64());
            let mut per: BTreeMap<&str, u64> = BTreeMap::new();
            for v in &labels.victims {
                *per.entry(v.typology.as_str()).or_default() += 1;
            }
            println!(
                "persons {}, victims {} {per:?}, scam txns {}, mules {}",
                labels.persons,
                labels.victims.len(),
                labels.scam_txns.len(),
                labels.mules.len()
            );
        }
        Some("score") => {
            let p = |n: &str| {
                arg(args, n)
                    .map(PathBuf::from)
                    .ok_or(format!("{n} FILE required"))
            };
            let events = read_events(&p("--events")?).map_err(e)?;
            let actions = read_actions(&p("--actions")?).map_err(e)?;
            let labels = Labels::read_jsonl(p("--labels")?).map_err(e)?;
            let d = score(&events, &actions, &labels);
            if args.iter().any(|a| a == "--json") {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&d).map_err(|x| x.to_string())?
                );
            } else {
                print!("{}", d.report());
            }
        }
        _ => {
            return Err(
                "usage: fanzha-world gen|stats|score [options] (see the source header)".into(),
            )
        }
    }
    Ok(())
}

const USAGE: &str = "usage:
  fanzha-world gen --persons N --days D --seed S [--disorder-ms M] --out DIR
  fanzha-world score --events events.jsonl --actions actions.jsonl --labels labels.jsonl [--json]
  fanzha-world stats --persons N ... (counts and timing, nothing written)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") || args.is_empty() {
        println!("{USAGE}");
        return if args.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(m) => {
            eprintln!("fanzha-world: {m}");
            ExitCode::FAILURE
        }
    }
}
