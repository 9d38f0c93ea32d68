#!/usr/bin/env bash
# Builds the longconn EAR and runs it stand-alone on the runnable embedded GlassFish, bound to
# 127.0.0.1. Needs only JDK 17 and Maven.
#
#   ./run.sh                 # http://127.0.0.1:8080/longconn/
#   ./run.sh --port 9090     # or LONGCONN_PORT=9090 ./run.sh
#
# Gateway settings (see README) pass through as -Dlongconn.NAME=VALUE arguments or LONGCONN_*
# environment variables, e.g. ./run.sh -Dlongconn.idleTimeoutMs=30000
set -euo pipefail
cd "$(dirname "$0")"

port="${LONGCONN_PORT:-8080}"
jvm_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    -D*) jvm_args+=("$1"); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
  echo "run.sh: port must be a number from 1 to 65535, got '$port'" >&2; exit 2
fi

work=target/run
mkdir -p "$work"
echo "Building the EAR (tests skipped; ./ci or 'mvn -B verify' runs them)..."
mvn -B -q -Dmaven.test.skip=true -pl ear -am package
glassfish_version=$(sed -n 's:.*<glassfish.version>\(.*\)</glassfish.version>.*:\1:p' pom.xml)
glassfish_jar="$work/glassfish-embedded-all-$glassfish_version.jar"
if [ ! -f "$glassfish_jar" ]; then
  mvn -B -q dependency:copy -Dartifact="org.glassfish.main.extras:glassfish-embedded-all:$glassfish_version" \
      -DoutputDirectory="$work"
fi
# The listener binds 127.0.0.1 only; the template's port token is filled in here.
sed "s/\${longconn.http.port}/$port/" etc/glassfish-domain.xml > "$work/domain.xml"

# --httpPort as well: the launcher applies its own port (default 8080) over the file's.
java "${jvm_args[@]}" -jar "$glassfish_jar" --domainConfigFile="$work/domain.xml" --httpPort="$port" --noInfo \
    ear/target/longconn.ear &
server=$!
# TERM, not INT: Java started from a script may have SIGINT ignored; TERM runs its shutdown hooks too.
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; echo "longconn stopped."; exit 0' INT TERM

# Wait (at most two minutes) until the gateway answers, then say where it is.
for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then
    wait "$server"; echo "run.sh: the server exited before it was ready" >&2; exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && \
     (exec 3<>"/dev/tcp/127.0.0.1/$port"; printf 'GET /longconn/ HTTP/1.0\r\n\r\n' >&3; head -c 12 <&3) 2>/dev/null | grep -q ' 200'; then
    echo
    echo "longconn is running."
    echo "  WebSocket: ws://127.0.0.1:$port/longconn/ws"
    echo "  Demo page: http://127.0.0.1:$port/longconn/"
    echo "Press Ctrl-C to stop."
    break
  fi
  sleep 0.5
done
wait "$server"
