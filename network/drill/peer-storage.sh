#!/usr/bin/env bash
# The peers' LevelDB tables, checked on a running network: every table a peer wrote since it started is written as its
# WIPETRACE_PEER_LEVELDB_* settings say (network/fabric-tools/peer_storage.go; unset means goleveldb's defaults):
# - compressed or not: a table's index block ends in a byte naming the block's compression (0 none, 1 snappy), and
#   goleveldb writes every block of a table the same way, so that byte is read from each table's footer;
# - with a Bloom filter or without: the table's metaindex block then names goleveldb's filter;
# - in blocks of the size set: goleveldb ends a data block once it holds at least that many bytes, so in a table of
#   several uncompressed blocks the median block (read from the index block's handles) is at least that size and less
#   than twice it.
# A peer that has written no table yet (a young ledger's writes still sit in its journal) is checked by its log
# instead: a peer says when it starts which settings it took. Prints what it found and exits non-zero on a mismatch.
#
# Usage: peer-storage.sh [--restart ORG]. With --restart, ORG's peer is restarted first: as goleveldb opens a store it
# writes the keys its journal holds to a new table, so that peer has tables to show whatever the ledger's age, and
# the check requires them.
set -uo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

failures=0
fail() { echo "  MISMATCH: $*"; failures=$((failures + 1)); }
# logged TEXT: clears said unless the log of peer $n holds TEXT.
logged() { grep -qF "$1" "$LOG_DIR/$n.log" || said=0; }

restarted=
if [[ ${1:-} == --restart ]]; then
  restarted=peer0.${2:?--restart needs an organisation}
  echo "  restarting $restarted"
  stop_process "$restarted" >/dev/null
  "$NETWORK_DIR/steps/start-nodes.sh" >/dev/null || fail "$restarted did not start again"
fi

# table_forms FILE...: "<file> <compression 0|1> <filter 0|1> <median data block bytes, or - if it cannot tell>" per
# table, from the blocks its footer's handles name.
table_forms() {
  python3 - "$@" <<'PY'
import sys

def varint(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at

for path in sys.argv[1:]:
    try:
        with open(path, "rb") as table:
            data = table.read()
    except FileNotFoundError:
        continue  # compacted away since it was listed
    footer = data[-48:]
    if len(data) < 48 or footer[-8:] != b"\x57\xfb\x80\x8b\x24\x75\x47\xdb":
        print(path, "?")
        continue
    meta_offset, at = varint(footer, 0)
    meta_size, at = varint(footer, at)  # the metaindex block's handle
    offset, at = varint(footer, at)
    size, _ = varint(footer, at)  # the index block's
    compression = data[offset + size]
    bloom = int(b"filter.leveldb.BuiltinBloomFilter" in data[meta_offset:meta_offset + meta_size])
    median = "-"
    if compression == 0:
        # The index block's entries (prefix-compressed keys) hold each data block's handle: offset, then size.
        index = data[offset:offset + size]
        restarts = int.from_bytes(index[-4:], "little")
        end, at, sizes = len(index) - 4 - 4 * restarts, 0, []
        while at < end:
            _, at = varint(index, at)
            unshared, at = varint(index, at)
            length, at = varint(index, at)
            at += unshared
            _, value_at = varint(index, at)
            sizes.append(varint(index, value_at)[0])
            at += length
        if len(sizes) >= 3:
            median = sorted(sizes[:-1])[(len(sizes) - 1) // 2]  # the last block is whatever was left
    print(path, compression, bloom, median)
PY
}

checked=0
for org in "${ORGS[@]}"; do
  n=peer0.$org
  pid=$(running_pid "$n") || { fail "$n is not running"; continue; }
  environ=$(tr '\0' '\n' <"/proc/$pid/environ")
  setting=$(sed -n 's/^WIPETRACE_PEER_LEVELDB_COMPRESSION=//p' <<<"$environ")
  block_kib=$(sed -n 's/^WIPETRACE_PEER_LEVELDB_BLOCK_KIB=//p' <<<"$environ")
  bloom_bits=$(sed -n 's/^WIPETRACE_PEER_LEVELDB_BLOOM_BITS=//p' <<<"$environ")
  case ${setting:-snappy} in
    none) want=0 ;;
    snappy) want=1 ;;
    *) fail "$n runs with WIPETRACE_PEER_LEVELDB_COMPRESSION=$setting"; continue ;;
  esac
  [[ ${block_kib:-4} =~ ^[0-9]+$ ]] || { fail "$n runs with WIPETRACE_PEER_LEVELDB_BLOCK_KIB=$block_kib"; continue; }
  [[ ${bloom_bits:-0} =~ ^[0-9]+$ ]] || { fail "$n runs with WIPETRACE_PEER_LEVELDB_BLOOM_BITS=$bloom_bits"; continue; }
  block=$((${block_kib:-4} * 1024))
  want_bloom=$((${bloom_bits:-0} > 0 ? 1 : 0))
  described="${setting:-snappy}, blocks of ${block_kib:-4} KiB, $( ((want_bloom)) && echo "a Bloom filter" || echo "no filter")"
  mapfile -t tables < <(find "$NODES_DIR/$n" -name '*.ldb' -newer "$PID_DIR/$n.started" 2>/dev/null)
  if ((${#tables[@]} > 0)); then
    wrong=0
    sized=0
    while read -r file type bloom median; do
      name=${file#"$NODES_DIR"/}
      [[ $type == "$want" ]] || { fail "$n wrote $name with compression $type, not $want"; wrong=1; }
      [[ $bloom == "$want_bloom" ]] || { fail "$n wrote $name with filter $bloom, not $want_bloom"; wrong=1; }
      if [[ $median != - ]]; then
        sized=$((sized + 1))
        ((median >= block && median < 2 * block)) \
          || { fail "$n wrote $name in blocks of $median bytes (median), not about $block"; wrong=1; }
      fi
    done < <(table_forms "${tables[@]}")
    ((wrong)) || echo "  $n: ${#tables[@]} tables written since its start, all $described ($sized large enough to show their block size)"
  elif [[ $n == "$restarted" ]]; then
    fail "$n wrote no table as it opened its stores again"
  else
    # What the peer logs for each setting it took (peer_storage.go); an unset setting is goleveldb's default.
    said=1
    [[ $want == 1 ]] || logged "WIPETRACE_PEER_LEVELDB_COMPRESSION=none: the peer's LevelDB stores write"
    [[ -z $block_kib ]] || logged "WIPETRACE_PEER_LEVELDB_BLOCK_KIB=$block_kib: the peer's LevelDB stores write"
    ((!want_bloom)) || logged "WIPETRACE_PEER_LEVELDB_BLOOM_BITS=$bloom_bits: the peer's LevelDB stores write"
    if ((said)); then
      echo "  $n: no table written since its start; its log says it took $described"
    else
      fail "$n was told $described, and its log does not say it took it"
    fi
  fi
  checked=$((checked + 1))
done
((checked > 0)) || fail "no peer checked"
echo "peers' LevelDB tables: $checked peers checked, $failures mismatches"
((failures == 0))
