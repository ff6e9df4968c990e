#!/usr/bin/env bash
# Stops this instance's processes by their pid files, newest first; ledgers stay on disk.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

[[ -d $PID_DIR ]] || exit 0
mapfile -t names < <(all_process_names | tac)
for extra in "$PID_DIR"/*.pid; do
  [[ -e $extra ]] || continue
  name=$(basename "$extra" .pid)
  printf '%s\n' "${names[@]}" | grep -qx "$name" || names=("$name" "${names[@]}")
done
for name in "${names[@]}"; do stop_process "$name"; done
