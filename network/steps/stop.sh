#!/usr/bin/env bash
# Stops this instance's processes by their pid files, group by group in the order network/topology.json gives
# (.stopOrder.groups of node kinds: clients before the servers they use), the nodes of one group in parallel, each
# with its node's stopSignal (TERM unless named); ledgers stay on disk.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

[[ -d $PID_DIR ]] || exit 0

# stop_group NAME...: stops the named processes in parallel, since each takes a moment to shut down cleanly.
stop_group() {
  local name signal
  for name in "$@"; do
    signal=$(topology -r --arg n "$name" '.nodes[$n].stopSignal // "TERM"')
    stop_process "$name" "$signal" &
  done
  wait
}

# Processes with a pid file that no node names (a tool started by a step), and nodes of a kind no group lists, go
# with the first group.
extras=()
for file in "$PID_DIR"/*.pid; do
  [[ -e $file ]] || continue
  name=$(basename "$file" .pid)
  [[ $(topology -r --arg n "$name" '.nodes | has($n)') == true ]] || extras+=("$name")
done
mapfile -t unlisted < <(topology -r '[.stopOrder.groups[][]] as $listed
  | .nodes | to_entries[] | select(.value.kind as $k | $listed | index($k) | not) | .key')
extras+=("${unlisted[@]}")
groups=$(topology -r '.stopOrder.groups | length')
for ((g = 0; g < groups; g++)); do
  mapfile -t group < <(topology -r --argjson g "$g" '.stopOrder.groups[$g] as $kinds
    | .nodes | to_entries[] | select(.value.kind as $k | $kinds | index($k)) | .key')
  ((g > 0)) || group+=("${extras[@]}")
  stop_group "${group[@]}"
done
