#!/bin/bash
# Syscalls, context switches and CPU per call of each transport's client and server, one whole
# `load` run each (warm-up and measured calls; the calls are counted from load's own report), for
# docs/performance.md ("Unary at K=1 C=16 against gRPC"). Needs perf and root (tracepoints) and a
# Release build of the benchmarks.
#
#   syscalls-per-transport.sh K C KIND...        e.g. syscalls-per-transport.sh 1 16 raftsdk raw grpc pipe16
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dll=$here/bin/Release/net10.0/RaftSdk.Benchmarks.dll
k=$1 c=$2
shift 2
events=syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,context-switches,task-clock
out=$(mktemp -d)
trap 'rm -r "$out"' EXIT
for kind in "$@"; do
  server_kind=$kind
  [[ $kind == pipe* ]] && server_kind=raftsdk
  dotnet "$dll" serve --port 0 --kind "$server_kind" --max-seconds 900 < /dev/null > "$out/serve.json" &
  for _ in $(seq 100); do [ -s "$out/serve.json" ] && break; sleep 0.2; done
  port=$(python3 -c "import json,sys;print(json.loads(open(sys.argv[1]).readline())['Port'])" "$out/serve.json")
  server_pid=$(python3 -c "import json,sys;print(json.loads(open(sys.argv[1]).readline())['ProcessId'])" "$out/serve.json")
  perf stat -x, -e "$events" -p "$server_pid" -o "$out/server" &
  perf_pid=$!
  perf stat -x, -e "$events" -o "$out/client" -- \
    dotnet "$dll" load --target "127.0.0.1:$port" --kind "$kind" --entries "$k" --concurrency "$c" --requests 100000 --warmup-max-seconds 3 > "$out/load" 2>&1
  kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  python3 - "$out" "$kind" "$k" "$c" <<'PY'
import re, sys
out, kind, k, c = sys.argv[1:5]
m = re.search(r'warm-up [0-9.]+ s = (\d+) calls.*?; (\d+) measured', open(out + '/load').read())
calls = int(m.group(1)) + int(m.group(2))
def read(path):
    counts = {}
    for line in open(path):
        f = line.strip().split(',')
        if len(f) > 3 and f[0].replace('.', '').isdigit():
            counts[f[2].split(':')[-1].replace('sys_enter_', '')] = float(f[0])
    return counts
for side in ('client', 'server'):
    d = read(f'{out}/{side}')
    per = ' '.join(f'{name} {d[name] / calls:.2f}' for name in ('sendto', 'recvfrom', 'epoll_wait', 'futex', 'context-switches'))
    print(f'K={k} C={c} {kind:8} {side:6} calls {calls}: {per} | CPU {d["task-clock"] * 1000 / calls:.1f} us/call (start-up included)')
PY
done
