# Sourced by measure.sh: starting and stopping the servers under test.
#
# Every server runs in a process group of its own (setsid, which here execs in place, so the pid
# is the JVM's and the process group's), pinned to the server core with taskset. stop_servers
# (run from measure.sh's EXIT trap) sends TERM to each group, waits at most 30 s, then KILLs it.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
GATEWAY_DIR="${GATEWAY_DIR:-$ROOT_DIR}" # the checkout whose EAR and broker are measured (run.sh --gateway-dir)
RUN_DIR="$BENCH_DIR/target/run"
SERVER_CPU="${BENCH_SERVER_CPU:-0}"
GLASSFISH_VERSION=$(sed -n 's:.*<glassfish.version>\(.*\)</glassfish.version>.*:\1:p' "$ROOT_DIR/pom.xml")
GLASSFISH_JAR="$RUN_DIR/glassfish-embedded-all-$GLASSFISH_VERSION.jar"
# The same JVM options for every server, so that the baselines and the gateway differ only in code.
read -r -a SERVER_JVM_OPTS <<< "${BENCH_JVM_OPTS:--Xms1g -Xmx2g}"
# Subscribers only listen: a long idle timeout keeps the gateway from closing them mid-run
# (heartbeats would add traffic that is not fan-out). No drain window: a server stopped after its
# measurement closes its sessions at once.
read -r -a GATEWAY_OPTS <<< "${BENCH_GATEWAY_OPTS:--Dlongconn.idleTimeoutMs=3600000 -Dlongconn.nodeId=bench -Dlongconn.drainWindowMs=0}"
# The gateway's HTTP API is closed with this secret; the generator sends it (--publish-secret).
PUBLISH_SECRET="${BENCH_PUBLISH_SECRET:-bench-secret}"

server_pids=()

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

page_ready() { # port path
  (exec 3<>"/dev/tcp/127.0.0.1/$1"; printf 'GET %s HTTP/1.0\r\n\r\n' "$2" >&3; head -c 12 <&3) 2>/dev/null | grep -q ' 200'
}

# start_server LOG COMMAND...: starts it in the background; its pid is the last of server_pids.
start_server() {
  local log="$1"; shift
  setsid taskset -c "$SERVER_CPU" "$@" > "$log" 2>&1 < /dev/null &
  server_pids+=($!)
}

# wait_ready PID LOG WHAT CHECK...: at most two minutes, failing early if the server exits.
wait_ready() {
  local pid="$1" log="$2" what="$3"; shift 3
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "measure: $what exited before it was ready; last lines of $log:" >&2; tail -20 "$log" >&2; return 1
    fi
    if "$@"; then return 0; fi
    sleep 0.5
  done
  echo "measure: $what not ready within two minutes; see $log" >&2
  return 1
}

# start_broker LOG: the gateway's Artemis broker (CORE, STOMP and AMQP on one port); sets BROKER_PORT, BROKER_PID.
start_broker() {
  BROKER_PORT=$(free_port)
  # BENCH_BROKER_JVM_OPTS: extra options for the broker's JVM (e.g. a flight recording).
  start_server "$1" java -Xmx1g ${BENCH_BROKER_JVM_OPTS:-} -jar "$GATEWAY_DIR/standalone/target/longconn-broker.jar" --port "$BROKER_PORT"
  BROKER_PID=${server_pids[-1]}
  wait_ready "$BROKER_PID" "$1" broker port_open "$BROKER_PORT"
}

# start_glassfish LOG READY_PATH JVM_ARG... -- ARCHIVE_OR_COMMAND...: sets HTTP_PORT, SERVER_PID.
# The domain is etc/glassfish-domain.xml (the listener on 127.0.0.1), with its port filled in.
start_glassfish() {
  local log="$1" ready_path="$2"; shift 2
  local jvm_args=()
  while [ "$1" != "--" ]; do jvm_args+=("$1"); shift; done
  shift
  HTTP_PORT=$(free_port)
  local domain="$RUN_DIR/domain-$HTTP_PORT.xml"
  sed "s/\${longconn.http.port}/$HTTP_PORT/" "$ROOT_DIR/etc/glassfish-domain.xml" > "$domain"
  # --httpPort as well: the launcher applies its own port (default 8080) over the file's.
  start_server "$log" java "${SERVER_JVM_OPTS[@]}" "${jvm_args[@]}" -jar "$GLASSFISH_JAR" \
      --domainConfigFile="$domain" --httpPort="$HTTP_PORT" --noInfo "$@"
  SERVER_PID=${server_pids[-1]}
  wait_ready "$SERVER_PID" "$log" GlassFish page_ready "$HTTP_PORT" "$ready_path"
}

stop_servers() {
  local pid
  # Reverse order: the gateway before its broker, so that it does not spend the stop reconnecting.
  for ((i = ${#server_pids[@]} - 1; i >= 0; i--)); do
    pid=${server_pids[i]}
    kill -TERM -- "-$pid" 2>/dev/null || continue
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  server_pids=()
  rm -f "$RUN_DIR"/domain-"${HTTP_PORT:-none}".xml
}
