#!/usr/bin/env bash
# One measurement: starts a fresh server (pinned to the server core), runs the load generator
# (pinned to the generator core) once for each named server kind, stops the server. run.sh calls
# it under flock, so that no other build or measurement shares the CPU meanwhile.
#
#   measure.sh KINDS N PASS OUT_DIR [LOADGEN_ARGS...]
#
# KINDS is one kind or several that share one server process: gateway | gateway-nometrics |
# gateway-deflate (permessage-deflate on, subscribers offering it) | bare-async |
# bare-broadcast | bare-async,bare-broadcast (the quick smoke runs both bare modes on one server) |
# bare-http (the bare WAR, published to over HTTP whatever PUBLISHER says) | broker-stomp (only the
# broker: the publish scenario's baseline, one STOMP publisher and one STOMP subscriber).
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
  gateway|gateway-nometrics|gateway-deflate)
    # gateway-nometrics: the same gateway with its metrics off, to price them in the same run;
    # gateway-deflate: with permessage-deflate on, its subscribers offering it (compare with gateway).
    metrics_opts=()
    [ "$kinds" = gateway-nometrics ] && metrics_opts=(-Dlongconn.metrics=false)
    [ "$kinds" = gateway-deflate ] && metrics_opts=(-Dlongconn.deflate=true)
    start_broker "$logs/broker-$kinds-n$n-p$pass.log"
    start_glassfish "$logs/$kinds-n$n-p$pass.log" /longconn/ "-Dlongconn.brokerUrl=tcp://127.0.0.1:$BROKER_PORT" \
        "-Dlongconn.publishSecret=$PUBLISH_SECRET" "${GATEWAY_OPTS[@]}" ${metrics_opts[@]+"${metrics_opts[@]}"} \
        -- "$GATEWAY_DIR/ear/target/longconn.ear"
    subscribe_args=(--ws-url "ws://127.0.0.1:$HTTP_PORT/longconn/ws")
    publish_gateway="stomp://127.0.0.1:$BROKER_PORT"
    [ "$publisher" = http ] && publish_gateway="http://127.0.0.1:$HTTP_PORT/longconn/api/push"
    server_args=(--server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" --publish-secret "$PUBLISH_SECRET")
    ;;
  bare-*)
    start_glassfish "$logs/bare-n$n-p$pass.log" /bare/ -- "deploy --contextroot=/bare $BENCH_DIR/target/bare.war"
    subscribe_args=(--ws-url "ws://127.0.0.1:$HTTP_PORT/bare/ws")
    server_args=(--server-pid "$SERVER_PID")
    ;;
  broker-stomp)
    # The gateway's broker, started exactly as for the gateway, alone on the server core; the
    # baseline's address is auto-created, multicast like longconn.push (non-persistent sends).
    start_broker "$logs/broker-stomp-n$n-p$pass.log"
    stomp_url="stomp://127.0.0.1:$BROKER_PORT/bench.baseline"
    subscribe_args=(--subscribe "$stomp_url?subscription-type=MULTICAST")
    server_args=(--server-pid "$BROKER_PID") # the broker is this baseline's server
    SERVER_PID=$BROKER_PID
    ;;
  *) echo "measure: unknown server kind '$kinds'" >&2; exit 2 ;;
esac

status=0
IFS=, read -r -a kind_list <<< "$kinds"
for kind in "${kind_list[@]}"; do
  kind_args=()
  case "$kind" in
    gateway|gateway-nometrics) publish="$publish_gateway" ;;
    gateway-deflate) publish="$publish_gateway"; kind_args=(--deflate) ;;
    bare-async|bare-broadcast)
      mode="${kind#bare-}"
      publish="ws://127.0.0.1:$HTTP_PORT/bare/publish/$mode"
      [ "$publisher" = http ] && publish="http://127.0.0.1:$HTTP_PORT/bare/api/push?mode=$mode"
      ;;
    bare-http) publish="http://127.0.0.1:$HTTP_PORT/bare/api/push?mode=async" ;;
    broker-stomp) publish="$stomp_url?destination-type=MULTICAST" ;;
    *) echo "measure: '$kind' cannot share a server with '$kinds'" >&2; exit 2 ;;
  esac
  echo "== $kind, n=$n, pass $pass (server pid $SERVER_PID, publisher $publish)"
  taskset -c "$gen_cpu" node "$BENCH_DIR/loadgen/bench.js" "$scenario" --server "$kind" --n "$n" --pass "$pass" \
      "${subscribe_args[@]}" --publish "$publish" "${server_args[@]}" --out "$out_dir/$scenario-$kind-n$n-p$pass.json" ${kind_args[@]+"${kind_args[@]}"} "$@" \
      || status=$?
done
exit "$status"
