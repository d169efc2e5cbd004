#!/bin/bash
# Syscalls and CPU per call of a running `serve` process and of `load` clients of two builds, in turn
# (docs/performance.md, "Issue 22, point 6"). perf stat counts tracepoints on both processes over the
# same 5 s window of a long load run; the server answers each call with one send, so its sendto
# count is the number of calls in the window. Needs perf and root (tracepoints).
#
#   syscalls-per-call.sh SERVE_JSON BEFORE_DLL AFTER_DLL [K] [--tls DIR]
#
# SERVE_JSON: the line `serve` printed (its port and process id), saved to a file.
set -euo pipefail
serve_json=$1 before=$2 after=$3 k=${4:-64}
shift $(( $# < 4 ? $# : 4 ))
port=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['Port'])" "$serve_json")
server_pid=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['ProcessId'])" "$serve_json")
events=syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,task-clock
out=$(mktemp -d)
for side in before after; do
  dll=$before; [ "$side" = after ] && dll=$after
  dotnet "$dll" load --target "127.0.0.1:$port" "$@" --entries "$k" --concurrency 16 --requests 400000 --warmup-max-seconds 3 > /dev/null 2>&1 &
  load_pid=$!
  sleep 15
  perf stat -x, -e "$events" -p "$server_pid" -o "$out/server" -- sleep 5 &
  perf stat -x, -e "$events" -p "$load_pid" -o "$out/client" -- sleep 5
  wait %2 2>/dev/null || true
  kill "$load_pid"; wait "$load_pid" 2>/dev/null || true
  python3 - "$out" "$side" "$k" <<'PY'
import sys
out, side, k = sys.argv[1:4]
def read(path):
    counts = {}
    for line in open(path):
        f = line.strip().split(',')
        if len(f) > 3 and f[0].replace('.', '').isdigit():
            counts[f[2].split(':')[-1]] = float(f[0])
    return counts
s, c = read(out + '/server'), read(out + '/client')
calls = s['sys_enter_sendto']
print(f"K={k} {side:6} calls {calls:.0f} | client: sendto {c['sys_enter_sendto']/calls:.2f} recvfrom {c['sys_enter_recvfrom']/calls:.2f}"
      f" epoll_wait {c['sys_enter_epoll_wait']/calls:.2f} CPU {c['task-clock']*1000/calls:.1f} us"
      f" | server: recvfrom {s['sys_enter_recvfrom']/calls:.2f} epoll_wait {s['sys_enter_epoll_wait']/calls:.2f} CPU {s['task-clock']*1000/calls:.1f} us")
PY
done
rm -r "$out"
