#!/usr/bin/env bash
# Starts the three orderers and the four peers that are not already running, after checking that
# their ports are free, and waits until each one answers its health check.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"
run_on_operator_host "$0" "$@"

nodes=("${ORDERERS[@]}")
for org in "${ORGS[@]}"; do nodes+=("peer0.$org"); done

# Check every port first, so that nothing starts when one is taken.
for n in "${nodes[@]}"; do
  running_pid "$n" >/dev/null && continue
  for p in $(node_ports "$n"); do
    if port_in_use "$p" "$n"; then
      echo "port $p, needed by $n, is already in use:"
      on_host "$(node_host "$n")" ss -Hltnp "sport = :$p" || true
      echo "free it, or run this instance on other ports with WIPETRACE_PORT_BASE=<base>"
      exit 1
    fi
  done
done

export FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-info}
# Go's collector runs when the heap has grown by GOGC per cent over what the last collection left live, so a node holds
# up to (1 + GOGC/100) times its live heap (docs/performance.md, "Memory after an hour"; docs/operations.md, "Memory").
# - The orderers use little CPU (a fifth of a peer's under the soak) and each held twice its live heap, about 160 MB:
#   GOGC=50 collects twice as often and leaves half as much garbage.
# - The peers' CPU bounds every throughput figure, so they collect as Go does by default (GOGC=100, no memory limit).
# WIPETRACE_ORDERER_GOGC, WIPETRACE_PEER_GOGC and WIPETRACE_PEER_GOMEMLIMIT (a soft limit such as 256MiB, at which a
# peer collects whatever its GOGC) change them.
orderer_gogc=${WIPETRACE_ORDERER_GOGC:-50}
peer_gogc=${WIPETRACE_PEER_GOGC:-100}
peer_gomemlimit=${WIPETRACE_PEER_GOMEMLIMIT:-off}
# The peers write their LevelDB tables uncompressed, in blocks of 16 KiB, with a Bloom filter of 10 bits a key
# (network/fabric-tools/peer_storage.go): on a grown ledger that took about a quarter, and then another eighth, off
# their CPU per imported device (docs/performance.md, "The peers' stores without compression" and "A Bloom filter and
# larger blocks"). WIPETRACE_PEER_LEVELDB_COMPRESSION=snappy, WIPETRACE_PEER_LEVELDB_BLOCK_KIB=4 and
# WIPETRACE_PEER_LEVELDB_BLOOM_BITS=0 bring back goleveldb's defaults. A peer from WIPETRACE_FABRIC_BIN, built without
# those files, is told nothing but snappy (goleveldb's defaults, which it writes whatever it is told).
if [[ -n ${WIPETRACE_FABRIC_BIN:-} ]]; then
  peer_leveldb_compression=${WIPETRACE_PEER_LEVELDB_COMPRESSION:-snappy}
  peer_leveldb_block_kib=${WIPETRACE_PEER_LEVELDB_BLOCK_KIB:-}
  peer_leveldb_bloom_bits=${WIPETRACE_PEER_LEVELDB_BLOOM_BITS:-}
else
  peer_leveldb_compression=${WIPETRACE_PEER_LEVELDB_COMPRESSION:-none}
  peer_leveldb_block_kib=${WIPETRACE_PEER_LEVELDB_BLOCK_KIB:-16}
  peer_leveldb_bloom_bits=${WIPETRACE_PEER_LEVELDB_BLOOM_BITS:-10}
fi
started=()
for n in "${nodes[@]}"; do
  if pid=$(running_pid "$n"); then
    echo "$n already running (pid $pid)"
    continue
  fi
  case $n in
    orderer*) GOGC=$orderer_gogc FABRIC_CFG_PATH=$NODES_DIR/$n \
      start_process "$n" "$LOG_DIR/$n.log" "$FABRIC_BIN/orderer" ;;
    peer0.*) WIPETRACE_CHAINCODE_CLIENT_DIR=$CRYPTO_DIR/chaincode/peers/${n#peer0.} FABRIC_CFG_PATH=$NODES_DIR/$n \
      GOGC=$peer_gogc GOMEMLIMIT=$peer_gomemlimit WIPETRACE_PEER_LEVELDB_COMPRESSION=$peer_leveldb_compression \
      WIPETRACE_PEER_LEVELDB_BLOCK_KIB=$peer_leveldb_block_kib WIPETRACE_PEER_LEVELDB_BLOOM_BITS=$peer_leveldb_bloom_bits \
      start_process "$n" "$LOG_DIR/$n.log" "$FABRIC_BIN/peer" node start ;;
  esac
  started+=("$n")
done

for n in "${started[@]}"; do
  pid=$(<"$(pid_file "$n")")
  if ! wait_for_port "$(node_port "$n" operations)" 60 "$pid" "$n"; then
    echo "$n did not start; its log is $LOG_DIR/$n.log"
    exit 1
  fi
  for ((i = 0; i < 100; i++)); do
    ops_get "$n" /healthz >/dev/null 2>&1 && break
    sleep 0.2
  done
  echo "$n started (pid $pid)"
done
