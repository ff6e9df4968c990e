//go:build wipetrace_peer

// This file is added to Fabric's peer command (package main of cmd/peer) when network/steps/install-fabric.sh builds
// the peer. Before the peer starts, it sets how the LevelDB stores Fabric opens in common/ledger/util/leveldbhelper
// write their tables: two of goleveldb's package defaults, which Fabric's empty options leave in force, and the filter
// that leveldbhelper's added file (leveldb_filter.go, with a one-line patch, leveldbhelper.patch) gives every store
// it opens. Tables already written keep their form and read back whatever these say, so each setting may change on a
// ledger that already has tables; the new form reaches the older tables as compaction rewrites them.
//
//   - WIPETRACE_PEER_LEVELDB_COMPRESSION: snappy, or unset, is goleveldb's default, as an unmodified peer does; none
//     writes tables uncompressed. On a grown ledger a peer spends much of its CPU compressing tables that compaction
//     rewrites and decompressing blocks to read keys (docs/performance.md, "The peers' stores without compression").
//   - WIPETRACE_PEER_LEVELDB_BLOCK_KIB: the size of a table's blocks in KiB, 1 to 256; unset is goleveldb's 4.
//     Compaction writes each block with a call of its own, and a larger block means fewer calls and a smaller index.
//   - WIPETRACE_PEER_LEVELDB_BLOOM_BITS: a Bloom filter of that many bits a key in every new table, 1 to 32; unset or
//     0, none (Fabric's own choice). Nearly every key a new device's transactions read is absent: the endorsement's
//     reads, and the endorsement metadata of each written key, read when it is endorsed and again when its block is
//     validated. Without a filter such a read reads a block of every level whose key range covers the key.
//
// Any other value stops the peer with a message (exit status 2). The peer's log says which settings it took.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/hyperledger/fabric/common/ledger/util/leveldbhelper"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

func init() {
	const compression, blockKiB, bloomBits = "WIPETRACE_PEER_LEVELDB_COMPRESSION", "WIPETRACE_PEER_LEVELDB_BLOCK_KIB",
		"WIPETRACE_PEER_LEVELDB_BLOOM_BITS"
	switch value := os.Getenv(compression); value {
	case "", "snappy":
	case "none":
		opt.DefaultCompressionType = opt.NoCompression
		fmt.Fprintf(os.Stderr, "%s=none: the peer's LevelDB stores write their tables uncompressed\n", compression)
	default:
		refuse(compression, value, "none or snappy")
	}
	if value := os.Getenv(blockKiB); value != "" {
		kib, err := strconv.Atoi(value)
		if err != nil || kib < 1 || kib > 256 {
			refuse(blockKiB, value, "a whole number of KiB from 1 to 256")
		}
		opt.DefaultBlockSize = kib * opt.KiB
		fmt.Fprintf(os.Stderr, "%s=%d: the peer's LevelDB stores write tables of %d KiB blocks\n", blockKiB, kib, kib)
	}
	if value := os.Getenv(bloomBits); value != "" && value != "0" {
		bits, err := strconv.Atoi(value)
		if err != nil || bits < 1 || bits > 32 {
			refuse(bloomBits, value, "0 or a whole number of bits from 1 to 32")
		}
		leveldbhelper.SetFilter(filter.NewBloomFilter(bits))
		fmt.Fprintf(os.Stderr, "%s=%d: the peer's LevelDB stores write a Bloom filter of %d bits a key in every"+
			" table\n", bloomBits, bits, bits)
	}
}

func refuse(name, value, expected string) {
	fmt.Fprintf(os.Stderr, "%s=%q: expected %s\n", name, value, expected)
	os.Exit(2)
}
