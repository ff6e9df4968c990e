#!/usr/bin/env bash
# Builds the pinned Fabric tools with `go install` into the cache, once. Reuses them when present,
# and accepts an existing install named by WIPETRACE_FABRIC_BIN.
#
# The peer is built from a copy of Fabric's module, checked against network/fabric-tools/go.sum, with one file
# added to its main package: network/fabric-tools/peer_storage.go, which sets goleveldb's table compression from
# WIPETRACE_PEER_LEVELDB_COMPRESSION before the peer opens its stores. No line of Fabric's is changed.
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
export GOFLAGS="-mod=mod -buildvcs=false"
# Fabric's module as go.sum pins it, copied so that the peer's added file can sit beside its main.go.
fabric_dir=$(cd "$build_dir" && go mod download -json "github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION" | jq -r .Dir)
[[ -f $fabric_dir/cmd/peer/main.go ]] || die "go mod download gave no Fabric module (got '$fabric_dir')"
rm -rf "$build_dir/fabric"
cp -r "$fabric_dir" "$build_dir/fabric"
chmod -R u+w "$build_dir/fabric"
cp "$FABRIC_PEER_ADDITION" "$build_dir/fabric/cmd/peer/"
(cd "$build_dir" && go mod edit -replace github.com/hyperledger/fabric=./fabric)
ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION"
ldflags+=" -X github.com/hyperledger/fabric/common/metadata.CommitSHA=$FABRIC_COMMIT"
pkgs=()
for t in "${TOOLS[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$t"); done

echo "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) tools into $FABRIC_BIN; this takes a few minutes once"
# Build into a scratch directory and move into place only when every tool is built, so that an
# interrupted build never leaves a half-filled bin directory that looks complete.
tmp_bin=$(mktemp -d "$WIPETRACE_CACHE/fabric/bin.XXXXXX")
trap 'rm -rf "$tmp_bin"' EXIT
(cd "$build_dir" && GOBIN=$tmp_bin CGO_ENABLED=0 \
  go install -trimpath -tags wipetrace_peer -ldflags "$ldflags" "${pkgs[@]}")
rm -rf "$FABRIC_BIN"
mv "$tmp_bin" "$FABRIC_BIN"
trap - EXIT
"$FABRIC_BIN/peer" version
