#!/usr/bin/env bash
# deploy/broker.sh start|stop|status|install — a real Kafka-API broker (tansu) on 127.0.0.1:9092
# with the contract's topics.
#
#   FZ_BROKER_PORT   listener port                   (default 9092)
#   FZ_PARTITIONS    partitions per topic             (default 3)
#   FZ_RETENTION_MS  retention.ms of every topic      (default 7 days)
#   FZ_BROKER_DIR    data, log and pid directory      (default <repo>/.broker)
#   TANSU_VERSION    tansu release installed by cargo (default 0.6.0)
#   FZ_BROKER_LOG    tansu's log filter, RUST_LOG syntax (default warn)
#   FZ_BROKER_STORAGE  sqlite (default) or memory (opt-in, see below)
#   FZ_TANSU_MEMORY_ROOT  cargo --root of the memory-capable tansu (default $CARGO_HOME/tansu-memory)
#   FZ_TANSU_BIN     run this tansu-compatible binary instead (e.g. a newer tansu, or nisshi, its
#                    renamed successor, built from source for a comparison); nothing is installed
#
# tansu's storage engines are cargo features; the default uses `libsql` (sqlite://, durable,
# ListOffsets and offsets-for-times work) and the `tansu` on PATH. It binds to 127.0.0.1 only.
#
# FZ_BROKER_STORAGE=memory runs tansu's in-memory storage (`memory://tansu/`, cargo feature
# `dynostore`) instead: nothing survives a stop, and memory grows with every record (no retention).
# It is for latency runs: its fetches are cheap enough for consumers to use a small
# fetch.wait.max.ms (sqlite falls over below 20 ms), though it slows as records pile up (each fetch
# lists every stored batch of the partition). That tansu is a second build (libsql,dynostore)
# installed into its own cargo root, so the default install and PATH are left alone;
# `FZ_BROKER_STORAGE=memory deploy/broker.sh install` builds it (another 15-25 minutes, once).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
port="${FZ_BROKER_PORT:-9092}"
partitions="${FZ_PARTITIONS:-3}"
retention="${FZ_RETENTION_MS:-604800000}"
dir="${FZ_BROKER_DIR:-$repo/.broker}"
version="${TANSU_VERSION:-0.6.0}"
topics=(fz.transactions fz.calls fz.watchlist fz.actions.bank fz.warnings fz.dlq)
broker_log="${FZ_BROKER_LOG:-warn}"
storage="${FZ_BROKER_STORAGE:-sqlite}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
mem_root="${FZ_TANSU_MEMORY_ROOT:-${CARGO_HOME:-$HOME/.cargo}/tansu-memory}"
tansu_override="${FZ_TANSU_BIN:-}"

log() { echo "broker.sh: $*" >&2; }

case "$storage" in
  sqlite | memory) ;;
  *) log "FZ_BROKER_STORAGE must be sqlite or memory, not '$storage'"; exit 2 ;;
esac

tansu_bin() {
  if [[ -n "$tansu_override" ]]; then
    echo "$tansu_override"
    return 0
  fi
  if [[ "$storage" == memory ]]; then
    [[ -x "$mem_root/bin/tansu" ]] && echo "$mem_root/bin/tansu"
    return 0
  fi
  command -v tansu 2>/dev/null || true
}

install() {
  if [[ -n "$tansu_override" ]]; then
    [[ -x "$tansu_override" ]] || { log "FZ_TANSU_BIN=$tansu_override is not an executable"; exit 2; }
    return 0
  fi
  local bin; bin="$(tansu_bin)"
  if [[ -n "$bin" ]] && "$bin" --version 2>/dev/null | grep -q "$version"; then
    return 0
  fi
  if [[ "$storage" == memory ]]; then
    log "installing tansu $version (libsql and dynostore storage) into $mem_root with cargo; a cold build takes 15-25 minutes on 2 cores"
    cargo install tansu --version "$version" --locked --no-default-features --features libsql,dynostore \
      --root "$mem_root"
    return 0
  fi
  log "installing tansu $version (libsql storage) with cargo; a cold build takes 15-25 minutes on 2 cores"
  cargo install tansu --version "$version" --locked --no-default-features --features libsql
}

storage_url() {
  if [[ "$storage" == memory ]]; then echo "memory://tansu/"; else echo "sqlite://fz.db"; fi
}

pid_alive() { [[ -f "$dir/tansu.pid" ]] && kill -0 "$(cat "$dir/tansu.pid")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

create_topics() {
  for t in "${topics[@]}"; do
    local out
    if out="$("$(tansu_bin)" topic create "$t" --broker "tcp://127.0.0.1:$port" --partitions "$partitions" \
        --config "retention.ms=$retention" 2>&1)"; then
      log "topic $t: created with $partitions partitions"
    elif grep -qi "exist" <<<"$out"; then
      log "topic $t: exists"
    else
      log "topic $t: $out"; return 1
    fi
  done
}

start() {
  install
  mkdir -p "$dir"
  if pid_alive; then
    log "already running (pid $(cat "$dir/tansu.pid")) on 127.0.0.1:$port"
  else
    if port_open; then
      log "port $port is taken by another process"; exit 1
    fi
    # the sqlite path is taken relative to the working directory
    local bin; bin="$(tansu_bin)"
    (
      cd "$dir" || exit 1
      RUST_LOG="$broker_log" nohup "$bin" broker \
        --listener-url "tcp://127.0.0.1:$port" \
        --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine "$(storage_url)" </dev/null >>"$dir/tansu.log" 2>&1 &
      echo $! >"$dir/tansu.pid"
    )
    echo "$storage" >"$dir/storage"
    for _ in $(seq 1 100); do
      port_open && break
      pid_alive || { log "tansu exited; see $dir/tansu.log"; tail -20 "$dir/tansu.log" >&2; exit 1; }
      sleep 0.1
    done
    port_open || { log "tansu did not open port $port"; exit 1; }
    if [[ "$storage" == memory ]]; then
      log "started tansu (pid $(cat "$dir/tansu.pid")) on 127.0.0.1:$port, memory storage (lost on stop), log in $dir"
    else
      log "started tansu (pid $(cat "$dir/tansu.pid")) on 127.0.0.1:$port, data in $dir/fz.db"
    fi
  fi
  create_topics
}

stop() {
  if pid_alive; then
    local pid; pid="$(cat "$dir/tansu.pid")"
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$dir/tansu.pid" "$dir/storage"
}

status() {
  if pid_alive && port_open; then
    local running="sqlite"; [[ -f "$dir/storage" ]] && running="$(cat "$dir/storage")"
    local bin; bin="$(tansu_bin)"; [[ -n "$bin" ]] || bin=tansu
    echo "running: $("$bin" --version 2>/dev/null | head -1) pid $(cat "$dir/tansu.pid") on 127.0.0.1:$port, $running storage, data $dir"
  else
    echo "not running"; return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  install) install ;;
  reset) stop; rm -rf "$dir"; log "removed $dir" ;;
  *) echo "usage: $0 start|stop|status|install|reset" >&2; exit 2 ;;
esac
