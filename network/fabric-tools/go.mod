// The Fabric command-line tools WipeTrace builds (peer, orderer, configtxgen, osnadmin, cryptogen),
// pinned to Fabric v3.1.1 (commit 435a7f1a780a). This module only exists so that `go install` can
// build them with go.sum verifying every module's content. Its Go files are not built here: peer_storage.go is added
// to the peer's main package and leveldb_filter.go to Fabric's leveldbhelper package, with leveldbhelper.patch, when
// the tools are built (network/steps/install-fabric.sh).
module wipetrace.local/fabric-tools

go 1.24.2

require github.com/hyperledger/fabric v1.4.0-rc1.0.20250510200036-435a7f1a780a
