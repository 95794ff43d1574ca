#!/usr/bin/env bash
# Generates the protobuf code of libs/idl from the .proto files in libs/idl/proto into
# libs/idl/src/generated/ (git-ignored; never edited by hand). Run through `npx nx run idl:generate`,
# which caches the result on the proto files and this script.
#
# One static module for every IDL (OTLP, Jaeger api_v2/api_v3, Zipkin, google.rpc), because
# api_v3 imports OTLP's TracesData and separate modules would share protobufjs' default root.
# Options: static code (no reflection at run time, the fastest protobufjs decoder), CommonJS;
# decode, encode, verify and from/toObject are kept (the JSON paths use them); length-delimited
# helpers are dropped (no stream framing here). 64-bit fields decode as `Long` (the `long`
# package is installed; see src/long.ts). The generated decoders refuse messages nested deeper
# than protobufjs' Reader.recursionLimit (100) with "max depth exceeded".
set -euo pipefail
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$lib/../../node_modules/protobufjs-cli/bin"
out="$lib/src/generated"
work="$(mktemp -d "${TMPDIR:-/tmp}/waymark-idl.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cd "$lib/proto"
mapfile -t protos < <(find . -name '*.proto' | LC_ALL=C sort)

# proto/ is the include root; proto/jaeger is one too, because jaeger-idl's files import each
# other by paths relative to its own proto/ directory ("model.proto", "expression/v1/…").
node "$bin/pbjs" -t static-module -w commonjs --no-delimited -p . -p ./jaeger -o "$work/protos.js" "${protos[@]}"
node "$bin/pbts" --no-comments -o "$work/protos.d.ts" "$work/protos.js"

# Replace the previous output only once both files exist, so a failed run leaves no half state.
mkdir -p "$out"
mv "$work/protos.js" "$work/protos.d.ts" "$out/"
echo "idl: generated $(wc -c <"$out/protos.js") bytes of code from ${#protos[@]} proto files into src/generated" >&2
