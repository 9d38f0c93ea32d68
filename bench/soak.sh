#!/usr/bin/env bash
# The fault soak (bench/README.md, "Fault soak"). Two gateway nodes on one broker that keeps a
# journal, ~50 clients of the JavaScript SDK that reconnect to either node, a steady STOMP
# publisher, and faults: random connection drops all along, a node (not the sequencer's) killed
# with -9 and restarted at a quarter of the run, the node that holds the sequencer killed and
# restarted at half, the broker restarted at three quarters. The generator (loadgen/scenarios/
# soak.js) checks every delivery per client and subscription; exit 0 only if nothing was lost,
# duplicated or reordered and every `recovered: false` or `gap` a client was told is explained by
# a documented limit (replay cap, history size or age), none by a fault. Not in CI.
#
#   bench/soak.sh                        # 10 minutes, 200 pushes/s, 50 clients, 6 drops/s (~12 min in all)
#   bench/soak.sh --quick                # 90 s of publishing, the same faults closer together (~5 min)
#   bench/soak.sh [--minutes M] [--rate R] [--clients C] [--drops D] [--no-lock] [-- GENERATOR_ARGS...]
#
# It uses what is built and builds nothing: standalone/target/longconn-broker.jar,
# ear/target/longconn.ear, bench/target/run/glassfish-embedded-all-<version>.jar,
# bench/loadgen/node_modules and clients/js/dist/longconn.esm.js (exit 2 names the command that
# builds a missing one). Each fault waits for the previous one to be over (the node back and on
# the broker), so on a slow machine the run gets longer rather than the faults overlapping.
# GENERATOR_ARGS go to loadgen/bench.js soak, e.g. -- --reconnect-max-ms 5000 (defaults in
# loadgen/scenarios/soak.js). Servers on core BENCH_SERVER_CPU (0), the generator on BENCH_GEN_CPU
# (1); the nodes' JVM options BENCH_JVM_OPTS (-Xms1g -Xmx2g), extra gateway settings
# SOAK_GATEWAY_OPTS (e.g. -Dlongconn.historySize=500). Holds /tmp/longconn-cpu.lock
# (LONGCONN_CPU_LOCK) for the whole run. Output: bench/results/<UTC timestamp>-soak[-quick]/.
set -euo pipefail
source "$(dirname "$0")/lib/servers.sh" # BENCH_DIR, ROOT_DIR, GATEWAY_DIR, GLASSFISH_JAR, free_port, port_open, page_ready...

minutes=10 rate=200 clients=50 drops=6 quick=no lock=yes
gen_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --drops) drops="$2"; shift 2 ;;
    --quick) quick=yes; shift ;;
    --no-lock) lock=no; shift ;;
    --) shift; gen_args=("$@"); break ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
for value in "$minutes" "$rate" "$drops"; do
  [[ "$value" =~ ^[0-9]+([.][0-9]+)?$ ]] && [ "$value" != 0 ] || { echo "soak.sh: --minutes, --rate and --drops need positive numbers" >&2; exit 2; }
done
[[ "$clients" =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: --clients needs a positive whole number" >&2; exit 2; }
run_seconds=$(awk "BEGIN { printf \"%d\", $minutes * 60 }")
[ "$quick" = no ] || run_seconds=90

for tool in java node taskset flock setsid awk; do
  command -v "$tool" > /dev/null || { echo "soak.sh: '$tool' is needed and not on the PATH" >&2; exit 2; }
done
# missing FILE COMMAND: the soak builds nothing; it says what would.
missing() { echo "soak.sh: $1 is missing; build it first with: $2" >&2; exit 2; }
gateway_build="mvn -B -Dmaven.test.skip=true -pl ear,standby,standalone -am package"
[ -f "$GATEWAY_DIR/standalone/target/longconn-broker.jar" ] || missing "$GATEWAY_DIR/standalone/target/longconn-broker.jar" "$gateway_build"
[ -f "$GATEWAY_DIR/ear/target/longconn.ear" ] || missing "$GATEWAY_DIR/ear/target/longconn.ear" "$gateway_build"
[ -f "$GATEWAY_DIR/standby/target/longconn-standby.war" ] || missing "$GATEWAY_DIR/standby/target/longconn-standby.war" "$gateway_build"
[ -f "$GLASSFISH_JAR" ] || missing "$GLASSFISH_JAR" "bench/run.sh --quick (once: it copies the GlassFish jar and runs npm ci in bench/loadgen)"
[ -d "$BENCH_DIR/loadgen/node_modules/ws" ] || missing "$BENCH_DIR/loadgen/node_modules/ws" "bench/run.sh --quick (once), or (cd bench/loadgen && npm ci)"
[ -f "$ROOT_DIR/clients/js/dist/longconn.esm.js" ] || missing "$ROOT_DIR/clients/js/dist/longconn.esm.js" "(cd clients/js && npm ci && npm run build), or mvn -B verify"

# The lock, on descriptor 9 for the whole run; every process started below gets 9 closed, so that
# none of them could hold the lock past the soak.
lock_file="${LONGCONN_CPU_LOCK:-/tmp/longconn-cpu.lock}"
if [ "$lock" = yes ]; then
  exec 9>> "$lock_file"
  if ! flock -n 9; then
    echo "soak.sh: waiting for $lock_file (a build or measurement of someone else holds it)..."
    flock 9
  fi
fi

out_dir="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-soak$([ "$quick" = yes ] && echo -quick || true)"
logs="$out_dir/logs"
work="$out_dir/work" # domain files, the broker's journal, GlassFish's temporary instance roots: removed at the end
journal="$logs/faults.log"
mkdir -p "$logs" "$work"
: > "$journal"
# The run's own copy of the EAR and the broker (with its lib/): a build in the work tree meanwhile
# must not change what a restarted node or broker runs.
mkdir -p "$work/artifacts"
cp "$GATEWAY_DIR/ear/target/longconn.ear" "$GATEWAY_DIR/standby/target/longconn-standby.war" "$work/artifacts/"
cp -r "$GATEWAY_DIR/standalone/target/longconn-broker.jar" "$GATEWAY_DIR/standalone/target/lib" "$work/artifacts/"
gen_cpu="${BENCH_GEN_CPU:-1}"
read -r -a gateway_opts <<< "${SOAK_GATEWAY_OPTS:-}"

# ------------------------------------------------------------------------------------------------
# Processes: each in a session and process group of its own (setsid execs in place, so the pid is
# the group's), pinned with taskset, its output in a log of its own per start.

declare -A pid=() log=() starts=() port=()

# start_proc ROLE CPU COMMAND...: starts it in the background as pid[ROLE], output to a new log[ROLE].
start_proc() {
  local role="$1" cpu="$2"; shift 2
  starts[$role]=$(( ${starts[$role]:-0} + 1 ))
  log[$role]="$logs/$role-${starts[$role]}.log"
  setsid taskset -c "$cpu" "$@" > "${log[$role]}" 2>&1 < /dev/null 9>&- &
  pid[$role]=$!
}

# stop_proc ROLE: TERM to its process group, KILL after 30 s.
stop_proc() {
  local role="$1" p="${pid[$1]:-}"
  [ -n "$p" ] || return 0
  if kill -TERM -- "-$p" 2>/dev/null; then
    for _ in $(seq 1 60); do kill -0 -- "-$p" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$p" 2>/dev/null || true
  fi
  wait "$p" 2>/dev/null || true
  unset "pid[$role]"
}

# Everything that is still running, newest kind first: the generator, the nodes, then their broker
# (nodes before the broker, so that they do not spend their stop reconnecting).
stop_all() {
  local role
  for role in generator node-b node-a broker; do stop_proc "$role"; done
}

# The soak leaves nothing running: any process whose command line names this run's directory
# (the broker's journal, a node's domain file, the generator's journal) is one of ours.
check_nothing_left() {
  local left
  left=$(pgrep -f -- "$out_dir" || true)
  if [ -n "$left" ]; then
    echo "soak.sh: processes of this soak are still running: $(echo $left)" >&2
    return 1
  fi
}

finish() {
  local status=$?
  trap - EXIT
  stop_all
  check_nothing_left || status=1
  rm -rf "$work"
  exit "$status"
}
trap finish EXIT
trap 'echo "soak.sh: interrupted; stopping everything it started" >&2; exit 130' INT
trap 'echo "soak.sh: terminated; stopping everything it started" >&2; exit 143' TERM

# all_alive: every process we started and did not stop is still running; otherwise says which not.
all_alive() {
  local role
  for role in "${!pid[@]}"; do
    if ! kill -0 "${pid[$role]}" 2>/dev/null; then
      echo "soak.sh: $role (pid ${pid[$role]}) exited by itself; last lines of ${log[$role]}:" >&2
      tail -20 "${log[$role]}" >&2
      return 1
    fi
  done
}

# wait_for SECONDS WHAT CHECK...: polls CHECK every half second, failing when the time is up or a
# process died meanwhile.
wait_for() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    all_alive || return 1
    if [ "$SECONDS" -ge "$deadline" ]; then echo "soak.sh: $what: not within $seconds s" >&2; return 1; fi
    sleep 0.5
  done
}

now_ms() { date +%s%3N; }

# pause_until EPOCH_MS: the schedule's wait, in slices of at most a second to watch the processes.
pause_until() {
  local left
  while left=$(( $1 - $(now_ms) )); [ "$left" -gt 0 ]; do
    all_alive || return 1
    [ "$left" -le 1000 ] || left=1000
    sleep "$((left / 1000)).$(printf %03d $((left % 1000)))"
  done
}

# note KIND NODE TEXT...: one line of the fault journal (the generator reads it) and of the console.
note() {
  local kind="$1" node="$2"; shift 2
  echo "$(now_ms) $kind $node $*" >> "$journal"
  echo "[$(date -u +%H:%M:%S.%3N)] $kind: $*"
}

# ------------------------------------------------------------------------------------------------
# The servers

start_broker() {
  start_proc broker "$SERVER_CPU" java -Xmx1g ${BENCH_BROKER_JVM_OPTS:-} -jar "$work/artifacts/longconn-broker.jar" \
      --port "$broker_port" --data-dir "$work/broker-data"
}
broker_ready() { grep -q 'longconn broker listening on' "${log[broker]}" && port_open "$broker_port"; }

# start_node ID: the EAR on the runnable GlassFish as ./run.sh starts the gateway (the standby WAR
# first, no product name in headers), node ID, on its own port; its temporary instance root
# (gfembed*) under the run's work directory, so that a node killed with -9 leaves nothing in /tmp.
start_node() {
  local id="$1"
  local domain="$work/domain-$id.xml"
  [ -f "$domain" ] || sed -e "s/\${longconn.http.port}/${port[$id]}/" -e 's/ network-listeners="http-listener"//' \
      "$ROOT_DIR/etc/glassfish-domain.xml" > "$domain"
  mkdir -p "$work/tmp-$id"
  # As run.sh: the standby WAR, then the HTTP listener, then the EAR (no 404 while it deploys).
  local listener=configs.config.server-config.network-config.network-listeners.network-listener.http-listener
  start_proc "node-$id" "$SERVER_CPU" java "${SERVER_JVM_OPTS[@]}" "-Djava.io.tmpdir=$work/tmp-$id" -Dproduct.name= \
      "-Dlongconn.nodeId=$id" "-Dlongconn.brokerUrl=tcp://127.0.0.1:$broker_port" "-Dlongconn.publishSecret=$PUBLISH_SECRET" \
      ${gateway_opts[@]+"${gateway_opts[@]}"} \
      -jar "$GLASSFISH_JAR" --domainConfigFile="$domain" --noListener --noInfo \
      "deploy --contextroot=/ --name=longconn-standby $work/artifacts/longconn-standby.war" \
      "set $listener.port=${port[$id]} $listener.enabled=true" "$work/artifacts/longconn.ear"
}
# Serving its page, and on the broker (the bus connects in the background at deployment).
node_ready() { page_ready "${port[$1]}" /longconn/ && grep -q "longconn node $1 connected to the broker" "${log[node-$1]}"; }
joined_count() { grep -c "longconn node $1 connected to the broker" "${log[node-$1]}" || true; }

# sequencer: the running node that stamps the pushes now. A node logs "longconn node ID now
# sequences the pushes on ..." when the broker gives it its first batch; among the running nodes'
# current logs the newest such line names the active one (compared by its java.util.logging
# timestamp, the line before it, should both have one).
sequencer() {
  local id stamp at best= best_at=-1
  for id in a b; do
    [ -n "${pid[node-$id]:-}" ] || continue
    stamp=$(grep -B1 "longconn node $id now sequences the pushes" "${log[node-$id]}" | tail -2 | head -1 || true)
    [ -n "$stamp" ] || continue
    at=$(date -d "$(echo "$stamp" | awk '{ print $1, $2, $3, $4, $5 }')" +%s 2>/dev/null || echo 0)
    if [ "$at" -gt "$best_at" ]; then best="$id" best_at="$at"; fi
  done
  [ -n "$best" ] || { echo "soak.sh: no running node has sequenced a push" >&2; return 1; }
  echo "$best"
}

# kill_node ID WHY: kill -9, then the same node again on the same port, waited for.
kill_node() {
  local id="$1" why="$2" p="${pid[node-$1]}"
  note kill "$id" "kill -9 of node $id ($why)"
  kill -KILL -- "-$p"
  wait "$p" 2>/dev/null || true
  unset "pid[node-$id]"
  note down "$id" "node $id is gone"
  start_node "$id"
  note restart "$id" "node $id starting again on port ${port[$id]} (logs/${log[node-$id]##*/})"
  wait_for 240 "node $id after its restart" node_ready "$id"
  note up "$id" "node $id serves again and is on the broker"
}

# restart_broker: TERM, its exit, then the same port and journal; over once both nodes are back on it.
restart_broker() {
  local before_a before_b
  before_a=$(joined_count a) before_b=$(joined_count b)
  note broker-stop - "broker restart: TERM (its journal keeps the waiting pushes and the positions)"
  stop_proc broker
  note broker-down - "broker exited"
  start_broker
  wait_for 120 "the broker after its restart" broker_ready
  note broker-up - "broker listening again on port $broker_port (logs/${log[broker]##*/})"
  rejoined() { [ "$(joined_count a)" -gt "$before_a" ] && [ "$(joined_count b)" -gt "$before_b" ]; }
  wait_for 180 "both nodes back on the broker" rejoined
  note rejoined - "both nodes connected to the broker again"
}

# ------------------------------------------------------------------------------------------------
# The run

broker_port=$(free_port)
port[a]=$(free_port)
port[b]=$(free_port)
while [ "${port[b]}" = "${port[a]}" ] || [ "${port[b]}" = "$broker_port" ]; do port[b]=$(free_port); done
ws_urls="ws://127.0.0.1:${port[a]}/longconn/ws,ws://127.0.0.1:${port[b]}/longconn/ws"

echo "Fault soak: $run_seconds s of publishing at $rate pushes/s, $clients clients, $drops drops/s; results in $out_dir"
start_broker
wait_for 120 broker broker_ready
note start - "broker on port $broker_port (journal), nodes a on ${port[a]} and b on ${port[b]}; EAR of $(date -u -r "$GATEWAY_DIR/ear/target/longconn.ear" +%FT%TZ), $(git -C "$GATEWAY_DIR" rev-parse --short HEAD 2>/dev/null || echo '?') checked out"
start_node a
start_node b
wait_for 240 "node a" node_ready a
wait_for 240 "node b" node_ready b
note start - "both nodes serve and are on the broker"

# The generator's deadline: the run, the faults' waits and the drain, with room to spare.
[ "$quick" = no ] || gen_args=(--quick ${gen_args[@]+"${gen_args[@]}"})
start_proc generator "$gen_cpu" node "$BENCH_DIR/loadgen/bench.js" soak --ws-urls "$ws_urls" \
    --publish "stomp://127.0.0.1:$broker_port" --journal "$journal" --clients "$clients" --rate "$rate" --drops "$drops" \
    --out "$out_dir/summary.json" --summary "$out_dir/summary.md" --deadline-seconds $((run_seconds + 1200)) \
    ${gen_args[@]+"${gen_args[@]}"}
wait_for 300 "the generator's clients subscribed and receiving" grep -q '^soak: ready' "${log[generator]}"
ready_ms=$(now_ms)
note ready - "$(grep '^soak: ready' "${log[generator]}" | head -1 | sed 's/^soak: ready: //')"
# at_percent P: waits for P % of the run, but also until 10 s after the previous fault was over,
# so that a fault never lands on the one before (--quick, or a slow restart).
not_before=0
at_percent() {
  local due=$(( ready_ms + $1 * run_seconds * 10 ))
  [ "$due" -ge "$not_before" ] || due=$not_before
  pause_until "$due"
}
settle() { not_before=$(( $(now_ms) + 10000 )); }

at_percent 25
seq_node=$(sequencer)
victim=$([ "$seq_node" = a ] && echo b || echo a)
kill_node "$victim" "not the sequencer's: node $seq_node sequences"
settle

at_percent 50
seq_node=$(sequencer)
kill_node "$seq_node" "the sequencer's node"
settle

at_percent 75
restart_broker

# The end: the planned length, but at least a tenth of it (15 s or more) after the broker's restart.
tail_ms=$(( run_seconds * 100 > 15000 ? run_seconds * 100 : 15000 ))
end_ms=$(( ready_ms + run_seconds * 1000 ))
[ "$end_ms" -ge $(( $(now_ms) + tail_ms )) ] || end_ms=$(( $(now_ms) + tail_ms ))
pause_until "$end_ms"
note stop - "end of publishing; the generator drains and checks"

# The generator ends by itself after its drain (at most a minute or so) with 0 (clean) or 1.
gen_status=0
for _ in $(seq 1 600); do kill -0 "${pid[generator]}" 2>/dev/null || break; sleep 0.5; done
if kill -0 "${pid[generator]}" 2>/dev/null; then
  echo "soak.sh: the generator did not finish within 5 minutes of the stop" >&2
  gen_status=3
else
  wait "${pid[generator]}" || gen_status=$?
  unset "pid[generator]"
fi
stop_all
check_nothing_left || gen_status=1

# The gateway's own account of the faults, from its logs, with the time of each line.
if [ -f "$out_dir/summary.md" ]; then
  {
    echo
    echo "## Gateway and broker log lines"
    echo
    echo '```'
    for file in "$logs"/node-*.log "$logs"/broker-*.log; do
      awk -v name="${file##*/}" '
        /^[A-Z][a-z][a-z] [0-9]+, [0-9]+ [0-9:]+ [AP]M / { stamp = $4 " " $5; next }
        /now sequences|connected to the broker|lost the broker|cannot reach the broker|missed pushes|told of the gap|listening on|SEVERE|Exception/ {
          printf "%-14s %s %s\n", name, stamp, substr($0, 1, 220)
        }' "$file"
    done
    echo '```'
  } >> "$out_dir/summary.md"
  echo
  cat "$out_dir/summary.md"
fi
echo
echo "Results: $out_dir"
[ "$gen_status" -eq 0 ] || echo "soak.sh: the soak failed (exit $gen_status); see $out_dir/summary.md and $logs" >&2
exit "$gen_status"
