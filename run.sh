#!/usr/bin/env bash
# Builds longconn and runs it stand-alone on 127.0.0.1: an embedded Artemis broker in one process
# and the gateway EAR on the runnable embedded GlassFish in another, connected to it. Needs only
# JDK 17 and Maven.
#
#   ./run.sh                          # gateway http://127.0.0.1:8080/longconn/, broker tcp://127.0.0.1:61616
#   ./run.sh --port 9090              # or LONGCONN_PORT=9090
#   ./run.sh --broker-port 61617      # or LONGCONN_BROKER_PORT=61617
#   ./run.sh --no-broker              # one node on the in-memory bus, no broker
#   ./run.sh --broker-data DIR        # the broker keeps a journal in DIR: a restart loses nothing
#
# Gateway settings (see README) pass through as -Dlongconn.NAME=VALUE arguments or LONGCONN_*
# environment variables, e.g. ./run.sh -Dlongconn.idleTimeoutMs=30000
set -euo pipefail
cd "$(dirname "$0")"

port="${LONGCONN_PORT:-8080}"
broker_port="${LONGCONN_BROKER_PORT:-61616}"
with_broker=yes
broker_data=()
jvm_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --broker-port) broker_port="$2"; shift 2 ;;
    --broker-port=*) broker_port="${1#--broker-port=}"; shift ;;
    --no-broker) with_broker=no; shift ;;
    --broker-data) broker_data=(--data-dir "$2"); shift 2 ;;
    --broker-data=*) broker_data=(--data-dir "${1#--broker-data=}"); shift ;;
    -D*) jvm_args+=("$1"); shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
for value in "$port" "$broker_port"; do
  if ! [[ "$value" =~ ^[0-9]+$ ]] || [ "$value" -lt 1 ] || [ "$value" -gt 65535 ]; then
    echo "run.sh: ports must be numbers from 1 to 65535, got '$value'" >&2; exit 2
  fi
done

work=target/run
mkdir -p "$work"
echo "Building (tests skipped; 'mvn -B verify' runs them)..."
mvn -B -q -Dmaven.test.skip=true -pl ear,standby,standalone -am package
glassfish_version=$(sed -n 's:.*<glassfish.version>\(.*\)</glassfish.version>.*:\1:p' pom.xml)
glassfish_jar="$work/glassfish-embedded-all-$glassfish_version.jar"
if [ ! -f "$glassfish_jar" ]; then
  mvn -B -q dependency:copy -Dartifact="org.glassfish.main.extras:glassfish-embedded-all:$glassfish_version" \
      -DoutputDirectory="$work"
fi
# The listener binds 127.0.0.1 only; the template's port token is filled in here, and the virtual
# server does not list the listener, which starts disabled (see the comment in the template).
sed -e "s/\${longconn.http.port}/$port/" -e 's/ network-listeners="http-listener"//' etc/glassfish-domain.xml > "$work/domain.xml"

pids=()
stop_all() {
  # Newest first: the gateway ends (telling its clients to reconnect, closing its broker link)
  # before the broker it is connected to, so that it does not watch the broker go on the way down.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  echo "longconn stopped."
  exit 0
}
# TERM, not INT: Java started from a script may have SIGINT ignored; TERM runs its shutdown hooks too.
trap stop_all INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Wait (at most two minutes) for a condition, failing if process $1 dies first.
wait_for() {
  local pid="$1"; shift
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: a server exited before it was ready" >&2; stop_all; fi
    if "$@"; then return 0; fi
    sleep 0.5
  done
  echo "run.sh: not ready within two minutes" >&2; stop_all
}

if [ "$with_broker" = yes ]; then
  if port_open "$broker_port"; then
    echo "run.sh: port $broker_port is taken; choose another with --broker-port" >&2; exit 1
  fi
  java -jar standalone/target/longconn-broker.jar --port "$broker_port" ${broker_data[@]+"${broker_data[@]}"} &
  pids+=($!)
  wait_for "${pids[0]}" port_open "$broker_port"
  jvm_args+=("-Dlongconn.brokerUrl=tcp://127.0.0.1:$broker_port")
fi

# Development only: the HTTP publish API is closed without a publish secret; open it to this machine.
if ! printf '%s\n' "${jvm_args[@]}" | grep -q -e '-Dlongconn.publishSecret=' -e '-Dlongconn.devPublishFromLoopback='; then
  jvm_args+=("-Dlongconn.devPublishFromLoopback=true")
fi

# product.name empty: no product name or version in the Server header and error pages.
# In order: the standby WAR at the root context (until the EAR is deployed, and again while it
# stops, /longconn/* answers 503 with Retry-After instead of the server's 404 page), then the HTTP
# listener (--noListener keeps the launcher from opening it, with its own port, before the
# standby is there), then the EAR.
listener=configs.config.server-config.network-config.network-listeners.network-listener.http-listener
java -Dproduct.name= "${jvm_args[@]}" -jar "$glassfish_jar" --domainConfigFile="$work/domain.xml" --noListener --noInfo \
    "deploy --contextroot=/ --name=longconn-standby standby/target/longconn-standby.war" \
    "set $listener.port=$port $listener.enabled=true" ear/target/longconn.ear &
pids+=($!)
page_ready() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'GET /longconn/ HTTP/1.0\r\n\r\n' >&3; head -c 12 <&3) 2>/dev/null \
    | grep -q ' 200'
}
wait_for "${pids[-1]}" page_ready

echo
echo "longconn is running."
echo "  WebSocket: ws://127.0.0.1:$port/longconn/ws"
echo "  Demo page: http://127.0.0.1:$port/longconn/"
if [ "$with_broker" = yes ]; then
  echo "  Broker:    tcp://127.0.0.1:$broker_port (JMS, STOMP, AMQP); publish pushes to address 'longconn.push' (docs/BUS.md)"
fi
if printf '%s\n' "${jvm_args[@]}" | grep -q -e '-Dlongconn.devPublishFromLoopback=true'; then
  echo "  HTTP publish: POST http://127.0.0.1:$port/longconn/api/push open WITHOUT a secret to this machine"
  echo "               (-Dlongconn.devPublishFromLoopback=true, development only; set -Dlongconn.publishSecret=... to require one)"
fi
echo "Press Ctrl-C to stop."
wait "${pids[-1]}"
stop_all
