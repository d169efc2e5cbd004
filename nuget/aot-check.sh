#!/usr/bin/env bash
# Native AOT check: publishes samples/RaftSdk.Samples.TwoNodes with PublishAot=true, fails on any
# trim (IL2xxx) or AOT (IL3xxx) warning, then runs the native binary plain and with --tls and
# expects "Scenario passed." from both.
#
#   bash nuget/aot-check.sh            # from anywhere in the repository
#
# Not part of `dotnet test RaftSdk.sln`: a full native compile takes minutes on a 2-core machine.
# Needs clang and zlib1g-dev (Debian), installed here when missing (as root, or with sudo); the
# ILCompiler package is restored by the SDK itself.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1

need=()
command -v clang >/dev/null 2>&1 || need+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (needed by the Native AOT linker)..."
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
work=$(mktemp -d "${TMPDIR:-/tmp}/raftsdk-aot.XXXXXX")
trap 'rm -rf "$work"' EXIT
log="$work/publish.log"

echo "Publishing samples/RaftSdk.Samples.TwoNodes for $rid with PublishAot=true..."
start=$(date +%s)
# The sample's RID-specific output (made only by this script) is removed first, so the sample and
# the whole-program native compile run again and no warning is hidden by an up-to-date check.
# TrimmerSingleWarn=false: each trim warning on its own line, not one per assembly.
rm -rf samples/RaftSdk.Samples.TwoNodes/obj/Release/net10.0/"$rid" samples/RaftSdk.Samples.TwoNodes/bin/Release/net10.0/"$rid"
set +e
dotnet publish samples/RaftSdk.Samples.TwoNodes/RaftSdk.Samples.TwoNodes.csproj \
  -c Release -r "$rid" \
  -p:RaftSdkPublishAot=true -p:TrimmerSingleWarn=false \
  -o "$work/out" >"$log" 2>&1
status=$?
set -e
echo "publish: exit $status after $(( $(date +%s) - start )) s"

# Each warning is printed twice by MSBuild (as it happens and in the summary): count distinct ones.
warnings=$(grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sort -u || true)
count=$(printf '%s' "$warnings" | grep -c . || true)
echo "trim/AOT warnings: $count"
if [ "$count" -ne 0 ]; then
  printf '%s\n' "$warnings"
fi
if [ "$status" -eq 0 ] && ! grep -q 'Generating native code' "$log"; then
  echo "the native compiler did not run (up-to-date output?)"
  status=1
fi
if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
  [ "$status" -ne 0 ] && tail -n 40 "$log"
  echo "AOT check FAILED"
  exit 1
fi

binary="$work/out/RaftSdk.Samples.TwoNodes"
echo "native binary: $(du -h "$binary" | cut -f1)"
failed=0
for mode in "" "--tls"; do
  echo "--- $binary $mode"
  output=$("$binary" $mode 2>&1) || failed=1
  printf '%s\n' "$output"
  grep -qx 'Scenario passed.' <<<"$output" || failed=1
done

if [ "$failed" -ne 0 ]; then
  echo "AOT check FAILED"
  exit 1
fi
echo "AOT check passed: 0 trim/AOT warnings; the native sample passes plain and over mutual TLS."
