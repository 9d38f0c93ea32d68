#!/usr/bin/env bash
# The longconn benchmark harness (bench/README.md). Builds what it needs, then for every server
# kind, N and pass starts a fresh server pinned to core 0, drives it with the Node load generator
# pinned to core 1, stops it, and finally prints a markdown table (and writes JSON) under
# bench/results/<timestamp>/.
#
#   bench/run.sh --quick                       # smoke: N=200, a few hundred pushes, every server; exit 1 on any lost/duplicated/reordered delivery
#   bench/run.sh [--scenario fanout|publish] [--n 1000,10000] [--passes K] [--only gateway,gateway-nometrics,gateway-deflate,bare-async,bare-broadcast]
#                [--publisher stomp|http] [--gateway-dir DIR] [--no-build] [--no-lock] [-- LOADGEN_ARGS...]
#
# --scenario publish measures the publish path (N opTypes, one subscriber each, N=1000 by default)
# against the broker's own STOMP pub/sub (broker-stomp) or, with --publisher http, the bare WAR's
# HTTP push (bare-http).
# --gateway-dir builds and runs the gateway of another checkout (default: this one), e.g. one made
# with `git worktree add` or `git archive HEAD`, to measure a commit while the work tree changes.
# LOADGEN_ARGS go to loadgen/bench.js, e.g. -- --rate 20000 --rate-start 2000 --rate-factor 2.
# Compression: --only gateway,gateway-deflate -- --payload-bytes 2048 --payload-kind json compares
# the gateway with permessage-deflate on and off (CPU per delivery and wire bytes per delivery).
# Every build and measurement holds the lock file /tmp/longconn-cpu.lock (LONGCONN_CPU_LOCK), so
# that nothing else measured or built under that lock shares the two cores meanwhile; do not wrap
# run.sh itself in flock on that file (it would wait for itself). Cores: BENCH_SERVER_CPU (0),
# BENCH_GEN_CPU (1); server JVM options: BENCH_JVM_OPTS (-Xms1g -Xmx2g).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)

quick=no passes=1 ns= only= scenario=fanout publisher=stomp build=yes lock=yes
gateway_dir="$ROOT_DIR"
loadgen_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=yes; shift ;;
    --scenario) scenario="$2"; shift 2 ;;
    --passes) passes="$2"; shift 2 ;;
    --n) ns="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --publisher) publisher="$2"; shift 2 ;;
    --gateway-dir) gateway_dir=$(cd "$2" && pwd); shift 2 ;;
    --no-build) build=no; shift ;;
    --no-lock) lock=no; shift ;;
    --) shift; loadgen_args=("$@"); break ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$scenario" =~ ^(fanout|publish)$ ]] || { echo "run.sh: --scenario is fanout or publish" >&2; exit 2; }
[[ "$publisher" =~ ^(stomp|http)$ ]] || { echo "run.sh: --publisher is stomp or http" >&2; exit 2; }
# Each scenario has its servers: the gateway and the baselines it is compared with.
if [ "$scenario" = fanout ]; then
  known='gateway|gateway-nometrics|gateway-deflate|bare-async|bare-broadcast' ns="${ns:-1000,10000}" only="${only:-gateway,bare-async,bare-broadcast}"
else
  known='gateway|broker-stomp|bare-http' ns="${ns:-1000}"
  if [ "$publisher" = http ]; then only="${only:-gateway,bare-http}"; else only="${only:-gateway,broker-stomp}"; fi
fi
[[ "$passes" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --passes needs a positive number" >&2; exit 2; }
[[ "$ns" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "run.sh: --n needs numbers like 1000,10000" >&2; exit 2; }
IFS=, read -r -a kinds <<< "$only"
for kind in "${kinds[@]}"; do
  [[ "$kind" =~ ^($known)$ ]] || { echo "run.sh: unknown server '$kind' for the $scenario scenario (${known//|/, })" >&2; exit 2; }
done
if [ "$quick" = yes ]; then ns=200 passes=1; loadgen_args+=(--quick); fi

for tool in java mvn node npm taskset flock setsid jcmd jstat; do
  command -v "$tool" > /dev/null || { echo "run.sh: '$tool' is needed and not on the PATH" >&2; exit 2; }
done
if [ "$(nproc)" -lt 2 ]; then
  echo "run.sh: only $(nproc) core: server and generator share it, figures are not comparable" >&2
  export BENCH_GEN_CPU="${BENCH_GEN_CPU:-0}"
fi
# Each side holds up to N connections; the hard limit is as far as we may go.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ]; then
  for n in ${ns//,/ }; do
    [ "$n" -lt $(( $(ulimit -n) - 500 )) ] || { echo "run.sh: N=$n needs more open files than $(ulimit -n)" >&2; exit 2; }
  done
fi

lock_file="${LONGCONN_CPU_LOCK:-/tmp/longconn-cpu.lock}"
child=
# A locked step runs in a process group of its own, so that an interrupt can stop all of it
# (the generator, and measure.sh, whose exit trap stops the servers) and wait for it.
locked() {
  if [ "$lock" = yes ]; then setsid flock "$lock_file" "$@" & else setsid "$@" & fi
  child=$!
  local status=0
  wait "$child" || status=$?
  child=
  return "$status"
}
interrupted() {
  if [ -n "$child" ]; then kill -TERM -- "-$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  echo "run.sh: interrupted" >&2
  exit 130
}
trap interrupted INT TERM

needs_gateway=no needs_bare=no
for kind in "${kinds[@]}"; do
  # broker-stomp runs the gateway build's broker jar.
  if [ "$kind" = gateway ] || [ "$kind" = broker-stomp ]; then needs_gateway=yes; else needs_bare=yes; fi
done
glassfish_version=$(sed -n 's:.*<glassfish.version>\(.*\)</glassfish.version>.*:\1:p' "$ROOT_DIR/pom.xml")
if [ "$build" = yes ]; then
  echo "Building (tests skipped)..."
  if [ "$needs_gateway" = yes ]; then
    # The format check is the build's business, not the benchmark's: skip it like the tests.
    locked mvn -B -q -f "$gateway_dir/pom.xml" -Dmaven.test.skip=true -Dspotless.check.skip=true -pl ear,standby,standalone -am package
  fi
  if [ "$needs_bare" = yes ]; then
    locked mvn -B -q -f "$BENCH_DIR/pom.xml" package
  fi
  if [ ! -f "$BENCH_DIR/target/run/glassfish-embedded-all-$glassfish_version.jar" ]; then
    locked mvn -B -q -f "$BENCH_DIR/pom.xml" dependency:copy \
        -Dartifact="org.glassfish.main.extras:glassfish-embedded-all:$glassfish_version" -DoutputDirectory="$BENCH_DIR/target/run"
  fi
  (cd "$BENCH_DIR/loadgen" && npm ci --no-audit --no-fund --loglevel=error)
fi
for file in "$BENCH_DIR/target/run/glassfish-embedded-all-$glassfish_version.jar" "$BENCH_DIR/loadgen/node_modules/ws"; do
  [ -e "$file" ] || { echo "run.sh: $file is missing (run without --no-build)" >&2; exit 2; }
done
[ "$needs_gateway" = no ] || [ -f "$gateway_dir/ear/target/longconn.ear" ] || { echo "run.sh: no gateway EAR (run without --no-build)" >&2; exit 2; }
[ "$needs_gateway" = no ] || [ -f "$gateway_dir/standalone/target/longconn-broker.jar" ] || { echo "run.sh: no broker jar (run without --no-build)" >&2; exit 2; }
[ "$needs_bare" = no ] || [ -f "$BENCH_DIR/target/bare.war" ] || { echo "run.sh: no bare.war (run without --no-build)" >&2; exit 2; }

out_dir="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)$([ "$scenario" = fanout ] || echo "-$scenario")$([ "$quick" = yes ] && echo -quick || true)"
mkdir -p "$out_dir"
export SCENARIO="$scenario" PUBLISHER="$publisher" GATEWAY_DIR="$gateway_dir"
# The quick smoke runs both bare modes on one server: half the server starts, well within CI's patience.
plan=()
if [ "$quick" = yes ]; then
  bare=()
  for kind in "${kinds[@]}"; do
    case "$kind" in bare-async|bare-broadcast) bare+=("$kind") ;; *) plan+=("$kind") ;; esac
  done
  [ ${#bare[@]} -eq 0 ] || plan+=("$(IFS=,; echo "${bare[*]}")")
else
  plan=("${kinds[@]}")
fi

failed=0
for pass in $(seq 1 "$passes"); do
  for n in ${ns//,/ }; do
    for kinds_of_one_server in "${plan[@]}"; do
      locked "$BENCH_DIR/lib/measure.sh" "$kinds_of_one_server" "$n" "$pass" "$out_dir" "${loadgen_args[@]}" || failed=$((failed + 1))
    done
  done
done

echo
node "$BENCH_DIR/loadgen/report.js" "$out_dir"
echo
echo "Results: $out_dir"
if [ "$failed" -gt 0 ]; then
  echo "run.sh: $failed measurement(s) failed (see the table's integrity column and $out_dir/logs)" >&2
  exit 1
fi
