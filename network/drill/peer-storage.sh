#!/usr/bin/env bash
# The peers' LevelDB tables, checked on a running network: every table a peer wrote since it started is compressed as
# its WIPETRACE_PEER_LEVELDB_COMPRESSION says (network/fabric-tools/peer_storage.go; unset means goleveldb's snappy).
# A table's index block ends in a byte naming the block's compression (0 none, 1 snappy), and goleveldb writes every
# block of a table the same way, so that byte is read from each table's footer. A peer that has written no table yet
# (a young ledger's writes still sit in its journal) is checked by its log instead: a peer told `none` says so when it
# starts. Prints what it found and exits non-zero on a mismatch.
#
# Usage: peer-storage.sh [--restart ORG]. With --restart, ORG's peer is restarted first: as goleveldb opens a store it
# writes the keys its journal holds to a new table, so that peer has tables to show whatever the ledger's age, and
# the check requires them.
set -uo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

failures=0
fail() { echo "  MISMATCH: $*"; failures=$((failures + 1)); }

restarted=
if [[ ${1:-} == --restart ]]; then
  restarted=peer0.${2:?--restart needs an organisation}
  echo "  restarting $restarted"
  stop_process "$restarted" >/dev/null
  "$NETWORK_DIR/steps/start-nodes.sh" >/dev/null || fail "$restarted did not start again"
fi

# table_compressions FILE...: "<file> <0|1>" per table, from the trailer of the block its footer's index handle names.
table_compressions() {
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
    _, at = varint(footer, 0)
    _, at = varint(footer, at)  # the metaindex block's handle
    offset, at = varint(footer, at)
    size, _ = varint(footer, at)  # the index block's
    print(path, data[offset + size])
PY
}

checked=0
for org in "${ORGS[@]}"; do
  n=peer0.$org
  pid=$(running_pid "$n") || { fail "$n is not running"; continue; }
  setting=$(tr '\0' '\n' <"/proc/$pid/environ" | sed -n 's/^WIPETRACE_PEER_LEVELDB_COMPRESSION=//p')
  case ${setting:-snappy} in
    none) want=0 ;;
    snappy) want=1 ;;
    *) fail "$n runs with WIPETRACE_PEER_LEVELDB_COMPRESSION=$setting"; continue ;;
  esac
  mapfile -t tables < <(find "$NODES_DIR/$n" -name '*.ldb' -newer "$PID_DIR/$n.started" 2>/dev/null)
  if ((${#tables[@]} > 0)); then
    wrong=0
    while read -r file type; do
      [[ $type == "$want" ]] || { fail "$n wrote ${file#"$NODES_DIR"/} with compression $type, not $want"; wrong=1; }
    done < <(table_compressions "${tables[@]}")
    ((wrong)) || echo "  $n: ${#tables[@]} tables written since its start, all ${setting:-snappy}"
  elif [[ $n == "$restarted" ]]; then
    fail "$n wrote no table as it opened its stores again"
  elif [[ $want == 0 ]]; then
    if grep -qF "WIPETRACE_PEER_LEVELDB_COMPRESSION=none: the peer's LevelDB stores write their tables uncompressed" \
      "$LOG_DIR/$n.log"; then
      echo "  $n: no table written since its start; its log says it writes them uncompressed"
    else
      fail "$n was told none, and its log does not say it took it"
    fi
  else
    echo "  $n: no table written since its start"
  fi
  checked=$((checked + 1))
done
((checked > 0)) || fail "no peer checked"
echo "peers' LevelDB tables: $checked peers checked, $failures mismatches"
((failures == 0))
