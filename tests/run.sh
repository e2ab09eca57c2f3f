#!/usr/bin/env bash
# tests/run.sh — fanzha's whole test suite, from any directory, on a developer's machine or in CI
# (.ci/run calls it):
#
#   1. installs what is missing (Debian packages kcat and a C toolchain, Python's confluent-kafka,
#      the tansu broker through deploy/broker.sh install — a cold tansu build takes ~20 minutes)
#   2. cargo fmt --all --check, cargo clippy --workspace --all-targets -- -D warnings
#   3. cargo build -p fanzha, cargo test --workspace, fanzha rules test rules/pack
#   4. starts a private tansu broker (port FZ_E2E_BROKER_PORT, default 19092, data under the target
#      directory, so a developer's broker on 9092 is left alone), runs the end-to-end tests
#      (tests/tests/*.rs) against it, and stops it again, also on failure or Ctrl-C.
#
# Every step runs even when an earlier one failed (except those that need the build); the summary
# at the end lists the failed steps, and the exit status is non-zero when any step failed.
#
#   FZ_SKIP_LINT=1   skip fmt and clippy      FZ_E2E_ONLY=1   only the broker tests
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
target="${CARGO_TARGET_DIR:-$repo/target}"
fanzha="$target/debug/fanzha"
export FZ_BROKER_PORT="${FZ_E2E_BROKER_PORT:-19092}"
export FZ_BROKER_DIR="$target/e2e-broker"
export FZ_PARTITIONS="${FZ_PARTITIONS:-3}"

failed=()
step() { echo; echo "==> $*"; }
run() { # run NAME COMMAND...: runs a step, remembers a failure
  local name="$1"; shift
  step "$name"
  local t0=$SECONDS
  if "$@"; then
    echo "--- ok: $name ($((SECONDS - t0)) s)"
  else
    local rc=$?
    echo "--- FAILED: $name (exit $rc, $((SECONDS - t0)) s)"
    failed+=("$name")
    return "$rc"
  fi
}

# ---------------------------------------------------------------------------------------------
# 1. what the tests need
sudo_=""
if [[ $(id -u) != 0 ]] && command -v sudo >/dev/null; then sudo_="sudo"; fi
apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "tests/run.sh: $* missing and no apt-get here: install them by hand" >&2
    return 1
  fi
  if [[ $apt_updated == 0 ]]; then
    $sudo_ apt-get update -qq || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "$@"
}

setup() {
  local ok=0
  if ! command -v cargo >/dev/null; then
    echo "tests/run.sh: needs a Rust toolchain (cargo) on the PATH" >&2
    return 1
  fi
  if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add rustfmt clippy || ok=1
  fi
  local pkgs=()
  command -v cc >/dev/null || pkgs+=(build-essential)
  command -v make >/dev/null || pkgs+=(make)
  command -v curl >/dev/null || pkgs+=(curl)
  command -v kcat >/dev/null || pkgs+=(kcat)
  command -v python3 >/dev/null || pkgs+=(python3 python3-pip)
  if ((${#pkgs[@]})); then apt_install "${pkgs[@]}" || ok=1; fi
  if ! python3 -c "import confluent_kafka" 2>/dev/null; then
    python3 -m pip install --quiet confluent-kafka ||
      python3 -m pip install --quiet --break-system-packages confluent-kafka ||
      apt_install python3-confluent-kafka || ok=1
  fi
  deploy/broker.sh install || ok=1
  return $ok
}

# the build needs a few GB under the target directory: say how much there is, warn when it is short
disk_check() {
  mkdir -p "$target" 2>/dev/null || true
  local free_mb
  free_mb=$(df -Pm "$target" 2>/dev/null | awk 'NR==2 {print $4}')
  echo "tests/run.sh: ${free_mb:-?} MB free for $target"
  if [[ -n "$free_mb" && "$free_mb" -lt 3000 ]]; then
    echo "tests/run.sh: warning: under 3 GB free; the debug build and test binaries peak at about 1.5 GB, a cold tansu build needs more" >&2
  fi
}
disk_check

run "install what the tests need" setup

# ---------------------------------------------------------------------------------------------
# 2-3. lint, build, unit and integration tests, rule tests
built=0
if [[ -z "${FZ_E2E_ONLY:-}" ]]; then
  if [[ -z "${FZ_SKIP_LINT:-}" ]]; then
    run "cargo fmt --all --check" cargo fmt --all --check
    run "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
  fi
  run "cargo build -p fanzha" cargo build -p fanzha && built=1
  run "cargo test --workspace" cargo test --workspace
  if [[ $built == 1 ]]; then
    run "fanzha rules test rules/pack" "$fanzha" rules test rules/pack
  fi
else
  run "cargo build -p fanzha" cargo build -p fanzha && built=1
fi

# ---------------------------------------------------------------------------------------------
# 4. the end-to-end tests against a real broker
broker_started=0
stop_broker() {
  if [[ $broker_started == 1 ]]; then
    step "stopping the test broker"
    deploy/broker.sh stop || true
    broker_started=0
  fi
}
trap stop_broker EXIT
trap 'echo "tests/run.sh: interrupted"; exit 130' INT TERM

start_broker() {
  deploy/broker.sh stop >/dev/null 2>&1 || true
  rm -rf "$FZ_BROKER_DIR"
  broker_started=1
  deploy/broker.sh start
}

if [[ $built == 1 ]]; then
  if run "start tansu on 127.0.0.1:$FZ_BROKER_PORT" start_broker; then
    export FANZHA_BIN="$fanzha"
    run "end-to-end tests against the broker" \
      timeout --kill-after=30 45m cargo test -p fanzha-e2e -- --include-ignored --test-threads=1 ||
      { echo "--- broker log (last 40 lines):"; tail -40 "$FZ_BROKER_DIR/tansu.log" 2>/dev/null; }
  fi
  stop_broker
else
  failed+=("end-to-end tests (not run: the build failed)")
fi

# ---------------------------------------------------------------------------------------------
echo
if ((${#failed[@]})); then
  echo "tests/run.sh: FAILED steps:"
  printf '  - %s\n' "${failed[@]}"
  exit 1
fi
echo "tests/run.sh: all steps passed"
