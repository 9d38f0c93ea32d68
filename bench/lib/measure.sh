#!/usr/bin/env bash
# One measurement: starts a fresh server (pinned to the server core), runs the load generator
# (pinned to the generator core) once for each named server kind, stops the server. run.sh calls
# it under flock, so that no other build or measurement shares the CPU meanwhile.
#
#   measure.sh KINDS N PASS OUT_DIR [LOADGEN_ARGS...]
#
# KINDS is one kind or several that share one server process: gateway | bare-async |
# bare-broadcast | bare-async,bare-broadcast (the quick smoke runs both bare modes on one server).
# PUBLISHER=stomp|http chooses how pushes are published; SCENARIO names loadgen/scenarios/*.js.
set -euo pipefail
source "$(dirname "$0")/servers.sh"

kinds="$1" n="$2" pass="$3" out_dir="$4"; shift 4
publisher="${PUBLISHER:-stomp}"
scenario="${SCENARIO:-fanout}"
gen_cpu="${BENCH_GEN_CPU:-1}"
logs="$out_dir/logs"
mkdir -p "$logs"
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

case "$kinds" in
  gateway)
    start_broker "$logs/broker-n$n-p$pass.log"
    start_glassfish "$logs/gateway-n$n-p$pass.log" /longconn/ \
        "-Dlongconn.brokerUrl=tcp://127.0.0.1:$BROKER_PORT" "${GATEWAY_OPTS[@]}" -- "$GATEWAY_DIR/ear/target/longconn.ear"
    ws_url="ws://127.0.0.1:$HTTP_PORT/longconn/ws"
    publish_gateway="stomp://127.0.0.1:$BROKER_PORT"
    [ "$publisher" = http ] && publish_gateway="http://127.0.0.1:$HTTP_PORT/longconn/api/push"
    pid_args=(--server-pid "$SERVER_PID" --broker-pid "$BROKER_PID")
    ;;
  bare-*)
    start_glassfish "$logs/bare-n$n-p$pass.log" /bare/ -- "deploy --contextroot=/bare $BENCH_DIR/target/bare.war"
    ws_url="ws://127.0.0.1:$HTTP_PORT/bare/ws"
    pid_args=(--server-pid "$SERVER_PID")
    ;;
  *) echo "measure: unknown server kind '$kinds'" >&2; exit 2 ;;
esac

status=0
IFS=, read -r -a kind_list <<< "$kinds"
for kind in "${kind_list[@]}"; do
  case "$kind" in
    gateway) publish="$publish_gateway" ;;
    bare-async|bare-broadcast)
      mode="${kind#bare-}"
      publish="ws://127.0.0.1:$HTTP_PORT/bare/publish/$mode"
      [ "$publisher" = http ] && publish="http://127.0.0.1:$HTTP_PORT/bare/api/push?mode=$mode"
      ;;
    *) echo "measure: '$kind' cannot share a server with '$kinds'" >&2; exit 2 ;;
  esac
  echo "== $kind, n=$n, pass $pass (server pid $SERVER_PID, publisher $publish)"
  taskset -c "$gen_cpu" node "$BENCH_DIR/loadgen/bench.js" "$scenario" --server "$kind" --n "$n" --pass "$pass" \
      --ws-url "$ws_url" --publish "$publish" "${pid_args[@]}" --out "$out_dir/$scenario-$kind-n$n-p$pass.json" "$@" \
      || status=$?
done
exit "$status"
