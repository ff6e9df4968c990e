//go:build wipetrace_peer

// This file is added to Fabric's peer command (package main of cmd/peer) when network/steps/install-fabric.sh builds
// the peer. It changes no line of Fabric's: before the peer starts, it sets one of the package defaults that goleveldb
// reads when Fabric opens its stores with empty options (common/ledger/util/leveldbhelper).
//
// WIPETRACE_PEER_LEVELDB_COMPRESSION chooses how the stores' tables are written:
//   - snappy, or unset: goleveldb's default, as an unmodified peer does;
//   - none: uncompressed. On a grown ledger a peer spends much of its CPU compressing tables that compaction rewrites
//     and decompressing blocks to read keys, most of them absent (docs/performance.md, "The peers' stores without
//     compression"). The tables take more disk in exchange. Either kind of table reads back with either setting, so
//     the setting can change on a ledger that already has tables.
package main

import (
	"fmt"
	"os"

	"github.com/syndtr/goleveldb/leveldb/opt"
)

func init() {
	const name = "WIPETRACE_PEER_LEVELDB_COMPRESSION"
	switch value := os.Getenv(name); value {
	case "", "snappy":
	case "none":
		opt.DefaultCompressionType = opt.NoCompression
		fmt.Fprintf(os.Stderr, "%s=none: the peer's LevelDB stores write their tables uncompressed\n", name)
	default:
		fmt.Fprintf(os.Stderr, "%s=%q: expected none or snappy\n", name, value)
		os.Exit(2)
	}
}
