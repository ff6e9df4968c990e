#!/usr/bin/env bash
# Builds the pinned Fabric tools with `go install` into the cache, once. Reuses them when present,
# and accepts an existing install named by WIPETRACE_FABRIC_BIN.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

TOOLS=(peer orderer configtxgen osnadmin cryptogen)

have_all() {
  local t
  for t in "${TOOLS[@]}"; do [[ -x $FABRIC_BIN/$t ]] || return 1; done
}

if have_all; then
  exit 0
fi
if [[ -n ${WIPETRACE_FABRIC_BIN:-} ]]; then
  die "WIPETRACE_FABRIC_BIN=$WIPETRACE_FABRIC_BIN lacks one of: ${TOOLS[*]}"
fi
command -v go >/dev/null || die "Go is needed to build Fabric's tools (go install); none found on PATH"

build_dir=$WIPETRACE_CACHE/fabric/$FABRIC_VERSION-$FABRIC_COMMIT/module
mkdir -p "$build_dir"
cp "$NETWORK_DIR/fabric-tools/go.mod" "$NETWORK_DIR/fabric-tools/go.sum" "$build_dir/"
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$FABRIC_COMMIT"
pkgs=()
for t in "${TOOLS[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$t"); done

echo "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) tools into $FABRIC_BIN; this takes a few minutes once"
# Build into a scratch directory and move into place only when every tool is built, so that an
# interrupted build never leaves a half-filled bin directory that looks complete.
tmp_bin=$(mktemp -d "$WIPETRACE_CACHE/fabric/bin.XXXXXX")
trap 'rm -rf "$tmp_bin"' EXIT
(cd "$build_dir" && GOBIN=$tmp_bin CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" \
  go install -trimpath -ldflags "$ldflags" "${pkgs[@]}")
rm -rf "$FABRIC_BIN"
mv "$tmp_bin" "$FABRIC_BIN"
trap - EXIT
"$FABRIC_BIN/peer" version
