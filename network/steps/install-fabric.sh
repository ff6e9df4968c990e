#!/usr/bin/env bash
# Builds the pinned Fabric tools with `go install` into the cache, once. Reuses them when present,
# and accepts an existing install named by WIPETRACE_FABRIC_BIN.
#
# The tools are built from a copy of Fabric's module, checked against network/fabric-tools/go.sum, with two files added
# and one line changed, all in network/fabric-tools:
# - peer_storage.go, added to the peer's main package, sets how the peer's LevelDB stores write their tables
#   (compression, block size, a Bloom filter) from WIPETRACE_PEER_LEVELDB_* before the peer opens them;
# - leveldb_filter.go, added to common/ledger/util/leveldbhelper, holds the filter the stores are opened with, and
#   leveldbhelper.patch changes the one line of Fabric's that opens a store to pass it. Fabric sets no filter, and
#   without one the peer and the orderer open their stores as Fabric does.
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
# Fabric's module as go.sum pins it, copied so that the added files can sit beside Fabric's.
fabric_dir=$(cd "$build_dir" && go mod download -json "github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION" | jq -r .Dir)
[[ -f $fabric_dir/cmd/peer/main.go ]] || die "go mod download gave no Fabric module (got '$fabric_dir')"
rm -rf "$build_dir/fabric"
cp -r "$fabric_dir" "$build_dir/fabric"
chmod -R u+w "$build_dir/fabric"
cp "$NETWORK_DIR/fabric-tools/peer_storage.go" "$build_dir/fabric/cmd/peer/"
cp "$NETWORK_DIR/fabric-tools/leveldb_filter.go" "$build_dir/fabric/common/ledger/util/leveldbhelper/"
# git apply refuses a patch whose lines differ from the copy's, so a Fabric other than the pinned one stops the build
# here. The ceiling keeps git from taking the cache for part of a repository around it.
(cd "$build_dir/fabric" && GIT_CEILING_DIRECTORIES=$build_dir git apply "$NETWORK_DIR/fabric-tools/leveldbhelper.patch") \
  || die "network/fabric-tools/leveldbhelper.patch does not apply to Fabric $FABRIC_VERSION ($FABRIC_COMMIT)"
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
