#!/usr/bin/env bash
# Runs the telemetry sample with --serve --load, scrapes its /metrics every 2 s for DURATION
# seconds (default 60) from 5 s after start, stops it, and draws docs/images/raftsdk-dashboard-scrape.svg from the scrapes.
#   bash samples/RaftSdk.Samples.Telemetry/grafana/scrape-under-load.sh [DURATION]
# CONFIGURATION=Debug uses (and builds, if needed) the Debug build instead of Release.
set -euo pipefail
cd "$(dirname "$0")/../../.."
duration=${1:-60}
work=$(mktemp -d "${TMPDIR:-/tmp}/raftsdk-scrape.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

configuration=${CONFIGURATION:-Release}
dotnet build samples/RaftSdk.Samples.Telemetry -c "$configuration" >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; exit 1; }
out=samples/RaftSdk.Samples.Telemetry/bin/$configuration/net10.0
(cd "$out" && exec dotnet RaftSdk.Samples.Telemetry.dll --serve --load) >"$work/sample.log" 2>&1 &
pid=$!
deadline=$(( $(date +%s) + 60 ))
until url=$(grep -o 'metrics on http://[^ ]*/metrics' "$work/sample.log" | cut -d' ' -f3) && [ -n "$url" ]; do
  [ "$(date +%s)" -lt "$deadline" ] && kill -0 "$pid" 2>/dev/null || { cat "$work/sample.log"; exit 1; }
  sleep 0.5
done
# The first seconds are start-up (JIT, first connections): scraping starts after them.
sleep 5
mkdir -p "$work/scrapes"
end=$(( $(date +%s) + duration ))
while [ "$(date +%s)" -le "$end" ]; do
  curl -sf --max-time 5 "$url" >"$work/scrapes/$(date +%s).prom"
  sleep 2
done
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
mkdir -p docs/images
python3 samples/RaftSdk.Samples.Telemetry/grafana/render-scrape-chart.py "$work/scrapes" docs/images/raftsdk-dashboard-scrape.svg
echo "docs/images/raftsdk-dashboard-scrape.svg from $(ls "$work/scrapes" | wc -l) scrapes of $url"
