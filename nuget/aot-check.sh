#!/usr/bin/env bash
# Native AOT check, in three parts; each fails on any trim (IL2xxx) or AOT (IL3xxx) warning and runs
# the native binary it made:
#   sample   samples/RaftSdk.Samples.TwoNodes (project references) published with PublishAot=true,
#            run plain and with --tls: both must print "Scenario passed.".
#   package  the RaftSdk package as a user gets it: packed with a fresh version into a temporary
#            feed, installed into a copy of the package tests' consumer (its own contract +
#            changeagent, tests/RaftSdk.Package.Tests/Consumer), published with PublishAot=true, run.
#   readme   README.md's hosted node, exactly as its `<!-- readme-snippet: file ... -->` and
#            `program` blocks give it, in a web project made with README's install commands
#            (dotnet add package RaftSdk, dotnet add package Grpc.Tools), published with
#            PublishAot=true; two native nodes greet each other over plain HTTP, then over mutual TLS
#            with certificates made by README's openssl block.
#
#   bash nuget/aot-check.sh                 # all three, from anywhere in the repository
#   bash nuget/aot-check.sh readme          # only the parts named
#
# Not part of `dotnet test RaftSdk.sln`: native compiles take minutes on a 2-core machine.
# Needs clang and zlib1g-dev (Debian), installed here when missing (as root, or with sudo); the
# ILCompiler package is restored by the SDK itself. The package and readme parts need nuget.org for
# Grpc.Tools; they restore into a private packages folder, so your NuGet packages folder is left as
# it was. The readme part needs curl and openssl, and python3 to find free loopback ports.
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

# free_port: a TCP port that is free on 127.0.0.1 now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Native nodes this script started (ended by their ids, on any exit).
node_pids=()
stop_nodes() {
  local pid
  for pid in "${node_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  node_pids=()
}
trap 'stop_nodes; rm -rf "$work"' EXIT

# start_node DIR NAME HTTP-PORT SETTING...: starts DIR/ReadmeNode with DIR as its content root, the
# app on HTTP-PORT, RaftSdk's listener on loopback, then waits (60 s at most) until /healthz answers.
start_node() {
  local dir=$1 name=$2 http=$3 deadline
  shift 3
  (cd "$dir" && exec ./ReadmeNode --urls "http://127.0.0.1:$http" --RaftSdk:BindAddress=127.0.0.1 "$@") >"$work/$name.log" 2>&1 &
  node_pids+=($!)
  deadline=$(( $(date +%s) + 60 ))
  until curl -sf --max-time 5 "http://127.0.0.1:$http/healthz" >/dev/null 2>&1; do
    if ! kill -0 "${node_pids[-1]}" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
      cat "$work/$name.log"
      echo "AOT check FAILED ($name did not become healthy)"
      exit 1
    fi
    sleep 0.5
  done
}

# expect_greeting LABEL HTTP-PORT PEER-PORT: the node on HTTP-PORT greets the peer listening on
# PEER-PORT through README's /greet/{peer} handler, which must answer the Greeter's text.
expect_greeting() {
  local label=$1 got
  got=$(curl -sS --max-time 30 "http://127.0.0.1:$2/greet/127.0.0.1:$3" 2>&1) || true
  echo "$label: $got"
  [ "$got" = "Hello, you!" ] || { tail -n 20 "$work"/node*.log; echo "AOT check FAILED ($label)"; exit 1; }
}

# run_readme_nodes DIR: two native README nodes from DIR greet each other, plain, then over mutual
# TLS (README's TLS settings file, read with --environment Tls, and its certificate script).
run_readme_nodes() {
  local dir=$1 h1 h2 p1 p2 status
  h1=$(free_port); h2=$(free_port); p1=$(free_port); p2=$(free_port)
  echo "--- plain: node1 app $h1 listener $p1, node2 app $h2 listener $p2"
  start_node "$dir" node1 "$h1" --RaftSdk:Port="$p1"
  start_node "$dir" node2 "$h2" --RaftSdk:Port="$p2"
  expect_greeting "node1 greets node2" "$h1" "$p2"
  expect_greeting "node2 greets node1" "$h2" "$p1"
  stop_nodes

  (cd "$dir" && bash -e "$node/make-certs.sh" >"$work/certs.log" 2>&1) || { cat "$work/certs.log"; echo "AOT check FAILED (README's certificate script)"; exit 1; }
  h1=$(free_port); h2=$(free_port); p1=$(free_port); p2=$(free_port)
  echo "--- mutual TLS (--environment Tls): node1 app $h1 listener $p1, node2 app $h2 listener $p2"
  start_node "$dir" node1 "$h1" --environment Tls --RaftSdk:Port="$p1"
  start_node "$dir" node2 "$h2" --environment Tls --RaftSdk:Port="$p2" \
    --RaftSdk:Tls:KeyFile=node2.key --RaftSdk:Tls:CertificateFile=node2.crt
  expect_greeting "node1 greets node2 over TLS" "$h1" "$p2"
  expect_greeting "node2 greets node1 over TLS" "$h2" "$p1"
  # The listener really is TLS: a plaintext request to it gets no Greeter answer.
  status=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/x-greeter+protobuf' \
    --data-binary '' "http://127.0.0.1:$p2/greeter/v1/hello" 2>/dev/null) || true
  echo "plaintext request to node2's TLS listener: HTTP status ${status:-none}"
  [ "$status" != "200" ] || { echo "AOT check FAILED (node2's listener answered plaintext)"; exit 1; }
  stop_nodes
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(sample package readme)
for part in "${parts[@]}"; do
  case "$part" in sample|package|readme) ;; *) echo "unknown part '$part' (sample, package, readme)"; exit 2 ;; esac
done
wants() { [[ " ${parts[*]} " == *" $1 "* ]]; }

# The sample. Its RID-specific output (made only by this script) is removed first, so the sample
# and the whole-program native compile run again and no warning hides behind an up-to-date check.
# PublishAot is switched on by the sample's own RaftSdkPublishAot property: a global PublishAot
# would flow to the netstandard2.0 generator and fail there.
if wants sample; then
  rm -rf samples/RaftSdk.Samples.TwoNodes/obj/Release/net10.0/"$rid" samples/RaftSdk.Samples.TwoNodes/bin/Release/net10.0/"$rid"
  publish_native "two-node sample" "$work/sample.log" -- \
    samples/RaftSdk.Samples.TwoNodes/RaftSdk.Samples.TwoNodes.csproj -p:RaftSdkPublishAot=true -o "$work/sample"
  echo "native binary: $(du -h "$work/sample/RaftSdk.Samples.TwoNodes" | cut -f1)"
  args=(); run_native "$work/sample/RaftSdk.Samples.TwoNodes" "Scenario passed."
  args=(--tls); run_native "$work/sample/RaftSdk.Samples.TwoNodes" "Scenario passed."
fi
wants package || wants readme || { echo "AOT check passed: $total_warnings trim/AOT warnings (${parts[*]})."; exit 0; }

# The package, packed once for the package and readme parts, and a feed folder the way a user has it.
version="0.1.0-aot.$(date -u +%Y%m%d%H%M%S).g$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
echo "== package $version: dotnet pack nuget/RaftSdk.csproj"
dotnet pack nuget/RaftSdk.csproj -c Release -o "$work/feed" -p:PackageVersion="$version" >"$work/pack.log" 2>&1 \
  || { tail -n 40 "$work/pack.log"; echo "AOT check FAILED (pack)"; exit 1; }
grpc_tools=$(sed -n 's/.*Include="Grpc.Tools" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)
mkdir -p "$work/packages"
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
export NUGET_PACKAGES="$work/packages"

# The package tests' consumer, installed and published as a user would.
if wants package; then
  mkdir -p "$work/consumer"
  cp -r tests/RaftSdk.Package.Tests/Consumer/. "$work/consumer/"
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
  </ItemGroup>
</Project>
XML
  pushd "$work/consumer" >/dev/null
  publish_native "package consumer" "$work/consumer.log" -- Consumer.csproj -o "$work/consumer-out"
  popd >/dev/null
  echo "native binary: $(du -h "$work/consumer-out/Consumer" | cut -f1)"
  args=(); run_native "$work/consumer-out/Consumer" \
    "own contract: Hello, consumer! Hello, consumer! (served by ServerId { Value = 42 })" \
    "changeagent: discovered 10, append in term 7 success=True"
fi

# README's hosted node.
if wants readme; then
  # shellcheck source=nuget/readme-snippets.sh
  source nuget/readme-snippets.sh
  node="$work/ReadmeNode"
  mkdir -p "$node"
  written=$(readme_hosted_snippets README.md "$node")
  for file in Program.cs Greeter.cs Protos/greeter.proto appsettings.json appsettings.Tls.json make-certs.sh; do
    [ -f "$node/$file" ] || { echo "README.md has no hosted-node snippet for $file"; echo "AOT check FAILED (readme)"; exit 1; }
  done
  echo "== README hosted node: $written snippets; installed with README's commands"
  cat >"$node/ReadmeNode.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <PublishAot>true</PublishAot>
  </PropertyGroup>
</Project>
XML
  pushd "$node" >/dev/null
  dotnet add package RaftSdk --version "$version" >"$work/readme-add.log" 2>&1 \
    && dotnet add package Grpc.Tools --version "$grpc_tools" >>"$work/readme-add.log" 2>&1 \
    || { tail -n 40 "$work/readme-add.log"; echo "AOT check FAILED (readme: dotnet add package)"; exit 1; }
  publish_native "README hosted node" "$work/readme.log" -- ReadmeNode.csproj -o "$work/readme-out"
  popd >/dev/null
  echo "native binary: $(du -h "$work/readme-out/ReadmeNode" | cut -f1)"
  run_readme_nodes "$work/readme-out"
fi

echo "AOT check passed: $total_warnings trim/AOT warnings (${parts[*]})."
