//go:build wipetrace_peer

// This file is added to Fabric's common/ledger/util/leveldbhelper package when network/steps/install-fabric.sh builds
// the peer and the orderer, together with leveldbhelper.patch, which makes Open pass openFilter in the options of every
// store it opens. Fabric opens its stores with empty options, so without a filter set here nothing changes; the peer
// sets one from WIPETRACE_PEER_LEVELDB_BLOOM_BITS (cmd/peer's added peer_storage.go) before it opens a store.
package leveldbhelper

import "github.com/syndtr/goleveldb/leveldb/filter"

// openFilter is the filter of every store Open opens from then on: goleveldb writes it into each new table and uses it
// to skip blocks that cannot hold a key. Nil, Fabric's choice, writes and reads none.
var openFilter filter.Filter

// SetFilter sets the filter of the stores opened from then on. A store keeps the filter it was opened with; tables
// written with another filter, or with none, are read without one.
func SetFilter(f filter.Filter) {
	openFilter = f
}
