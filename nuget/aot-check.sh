#!/usr/bin/env bash
# Native AOT check, in two parts; each fails on any trim (IL2xxx) or AOT (IL3xxx) warning and runs
# the native binary it made:
#   1. samples/RaftSdk.Samples.TwoNodes (project references) published with PublishAot=true, run
#      plain and with --tls: both must print "Scenario passed.".
#   2. the RaftSdk package as a user gets it: packed with a fresh version into a temporary feed,
#      installed into a copy of the package tests' consumer (its own contract + changeagent,
#      tests/RaftSdk.Package.Tests/Consumer), published with PublishAot=true, run.
#
#   bash nuget/aot-check.sh            # from anywhere in the repository
#
# Not part of `dotnet test RaftSdk.sln`: two native compiles take minutes on a 2-core machine.
# Needs clang and zlib1g-dev (Debian), installed here when missing (as root, or with sudo); the
# ILCompiler package is restored by the SDK itself. Part 2 needs nuget.org for Grpc.Tools; it
# restores into a private packages folder, so your NuGet packages folder is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

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
total_warnings=0

# publish_native NAME LOG -- dotnet publish arguments...
# Publishes, prints the distinct trim/AOT warnings, fails when there is any or when the native
# compiler did not run. TrimmerSingleWarn=false: each warning on its own line, not one per assembly.
publish_native() {
  local name=$1 log=$2
  shift 3
  echo "== $name: dotnet publish for $rid with PublishAot=true"
  local start status warnings count
  start=$(date +%s)
  set +e
  dotnet publish "$@" -c Release -r "$rid" -p:TrimmerSingleWarn=false >"$log" 2>&1
  status=$?
  set -e
  echo "publish: exit $status after $(( $(date +%s) - start )) s"
  # MSBuild prints each warning twice (as it happens and in the summary): count distinct ones.
  warnings=$(grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sort -u || true)
  count=$(printf '%s' "$warnings" | grep -c . || true)
  total_warnings=$(( total_warnings + count ))
  echo "trim/AOT warnings: $count"
  [ "$count" -eq 0 ] || printf '%s\n' "$warnings"
  if [ "$status" -eq 0 ] && ! grep -q 'Generating native code' "$log"; then
    echo "the native compiler did not run (up-to-date output?)"
    status=1
  fi
  if [ "$status" -ne 0 ] || [ "$count" -ne 0 ]; then
    [ "$status" -ne 0 ] && tail -n 40 "$log"
    echo "AOT check FAILED ($name)"
    exit 1
  fi
}

# run_native BINARY EXPECTED-LINE... -- runs it, prints its output, each expected line must appear.
run_native() {
  local binary=$1 output ok=1
  shift
  echo "--- $(basename "$binary") ${args[*]:-}"
  output=$("$binary" "${args[@]}" 2>&1) || ok=0
  printf '%s\n' "$output"
  for line in "$@"; do
    grep -qxF "$line" <<<"$output" || { echo "missing: $line"; ok=0; }
  done
  [ "$ok" -eq 1 ] || { echo "AOT check FAILED ($(basename "$binary"))"; exit 1; }
}

# 1. The two-node sample. Its RID-specific output (made only by this script) is removed first, so
#    the sample and the whole-program native compile run again and no warning hides behind an
#    up-to-date check. PublishAot is switched on by the sample's own RaftSdkPublishAot property:
#    a global PublishAot would flow to the netstandard2.0 generator and fail there.
rm -rf samples/RaftSdk.Samples.TwoNodes/obj/Release/net10.0/"$rid" samples/RaftSdk.Samples.TwoNodes/bin/Release/net10.0/"$rid"
publish_native "two-node sample" "$work/sample.log" -- \
  samples/RaftSdk.Samples.TwoNodes/RaftSdk.Samples.TwoNodes.csproj -p:RaftSdkPublishAot=true -o "$work/sample"
echo "native binary: $(du -h "$work/sample/RaftSdk.Samples.TwoNodes" | cut -f1)"
args=(); run_native "$work/sample/RaftSdk.Samples.TwoNodes" "Scenario passed."
args=(--tls); run_native "$work/sample/RaftSdk.Samples.TwoNodes" "Scenario passed."

# 2. The package, installed and published as a user would.
version="0.1.0-aot.$(date -u +%Y%m%d%H%M%S).g$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
echo "== package $version: dotnet pack nuget/RaftSdk.csproj"
dotnet pack nuget/RaftSdk.csproj -c Release -o "$work/feed" -p:PackageVersion="$version" >"$work/pack.log" 2>&1 \
  || { tail -n 40 "$work/pack.log"; echo "AOT check FAILED (pack)"; exit 1; }
grpc_tools=$(sed -n 's/.*Include="Grpc.Tools" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
mkdir -p "$work/consumer" "$work/packages"
cp -r tests/RaftSdk.Package.Tests/Consumer/. "$work/consumer/"
echo '<Project />' >"$work/Directory.Build.props"
echo '<Project />' >"$work/Directory.Build.targets"
echo '<Project />' >"$work/Directory.Packages.props"
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config><add key="globalPackagesFolder" value="$work/packages" /></config>
  <packageSources>
    <clear />
    <add key="raftsdk-aot-feed" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <fallbackPackageFolders><clear /></fallbackPackageFolders>
</configuration>
XML
cat >"$work/consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <PublishAot>true</PublishAot>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="RaftSdk" Version="$version" />
    <PackageReference Include="Grpc.Tools" Version="$grpc_tools" PrivateAssets="all" />
    <Protobuf Include="Protos/greeter.proto" GrpcServices="None" />
  </ItemGroup>
</Project>
XML
export NUGET_PACKAGES="$work/packages"
pushd "$work/consumer" >/dev/null
publish_native "package consumer" "$work/consumer.log" -- Consumer.csproj -o "$work/consumer-out"
popd >/dev/null
unset NUGET_PACKAGES
echo "native binary: $(du -h "$work/consumer-out/Consumer" | cut -f1)"
args=(); run_native "$work/consumer-out/Consumer" \
  "own contract: Hello, consumer! Hello, consumer! (served by ServerId { Value = 42 })" \
  "changeagent: discovered 10, append in term 7 success=True"

echo "AOT check passed: $total_warnings trim/AOT warnings; the native sample passes plain and over mutual TLS, and the package's consumer runs natively."
