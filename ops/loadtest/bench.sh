#!/usr/bin/env bash
# Gateway benchmarks: runs the same load against the fake upstream directly and through the gateway, in one
# run, and prints both with their difference (docs/BENCHMARKS.md explains the method).
# Usage: ops/loadtest/bench.sh [quick]   (needs ./mvnw -DskipTests package first)
set -euo pipefail
cd "$(dirname "$0")/../.."
LOAD=ops/loadtest/target/toolgate-loadtest.jar
GATEWAY=gateway/target/toolgate.jar
[ -f "$LOAD" ] && [ -f "$GATEWAY" ] || { echo "build first: ./mvnw -DskipTests package"; exit 1; }
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
[ "${1:-}" = quick ] && DURATION=5 && WARMUP=3
KEY=tg-benchmark-key-0123456789abcdef
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
DATA=$(mktemp -d)
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; rm -rf "$DATA"; }
PIDS=()
trap cleanup EXIT

java -jar "$LOAD" upstream --port 18101 --models fake-model,ollama-model > "$OUT/fake.log" 2>&1 & PIDS+=($!)
java -Xms512m -jar "$GATEWAY" --server.port=18180 --toolgate.data-dir="$DATA" --toolgate.admin-key=$KEY \
  --toolgate.upstreams[0].name=fake-openai --toolgate.upstreams[0].type=openai \
  --toolgate.upstreams[0].base-url=http://127.0.0.1:18101/v1 \
  --toolgate.upstreams[1].name=fake-ollama --toolgate.upstreams[1].type=ollama \
  --toolgate.upstreams[1].base-url=http://127.0.0.1:18101 --toolgate.upstreams[1].discover=false \
  --toolgate.upstreams[1].models.ollama-model=ollama-model \
  --logging.level.root=WARN > "$OUT/gateway.log" 2>&1 & PIDS+=($!)
for i in $(seq 1 60); do
  curl -sf -o /dev/null -H "Authorization: Bearer $KEY" http://127.0.0.1:18180/v1/models && break
  sleep 1
done

run() { # name, then load arguments
  local name=$1; shift
  echo "=== $name"
  java -jar "$LOAD" "$@" --api-key $KEY --duration "$DURATION" --warmup "$WARMUP" --json "$OUT/$name.json" | tee "$OUT/$name.txt"
}
GW=http://127.0.0.1:18180/v1/chat/completions
FAKE_OPENAI=http://127.0.0.1:18101/v1/chat/completions
FAKE_OLLAMA=http://127.0.0.1:18101/api/chat

# Warm the gateway's JIT before anything is measured (the first seconds of a JVM are not its steady state).
java -jar "$LOAD" load --url http://127.0.0.1:18180/v1/chat/completions --api-key $KEY --rate 300 --duration 20 \
  --prompt 'warm up' > "$OUT/prime.txt"
java -jar "$LOAD" load --url http://127.0.0.1:18180/v1/chat/completions --api-key $KEY --rate 100 --duration 10 --stream \
  --prompt 'tokens:50' >> "$OUT/prime.txt"
echo "machine: $(nproc) cores, load before: $(cut -d" " -f1-3 /proc/loadavg)"
for rate in 100 500 1000; do
  run "overhead-openai-$rate" compare --baseline-url $FAKE_OPENAI --url $GW --rate $rate --prompt 'hello world'
done
run "overhead-ollama-500" compare --baseline-url $FAKE_OLLAMA --url $GW --model ollama-model --rate 500 --prompt 'hello world'
run "in-flight-1s-1000" load --url $GW --rate 1000 --prompt 'delay:1000' --timeout 30
run "stream-openai-200" compare --baseline-url $FAKE_OPENAI --url $GW --rate 200 --stream --prompt 'tokens:50'
