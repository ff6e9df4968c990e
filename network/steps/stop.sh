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
# Clients before servers: the gateway and chaincode server, then PostgreSQL (once the gateway has let go of it),
# then the peers, then the orderers. Within a group the processes stop in parallel, since each takes a moment to
# shut down cleanly.
stop_group() {
  local name
  for name in "$@"; do stop_process "$name" & done
  wait
}
apps=() peers=() orderers=()
for name in "${names[@]}"; do
  case $name in
    peer0.*) peers+=("$name") ;;
    orderer*) orderers+=("$name") ;;
    postgres | evm) ;;
    *) apps+=("$name") ;;
  esac
done
stop_group "${apps[@]}"
# SIGINT is PostgreSQL's fast shutdown: it ends open sessions and checkpoints; SIGTERM would wait for every client.
stop_process postgres INT &
# Anvil writes its chain to <state>/evm/chain.json when it stops.
stop_process evm &
wait
stop_group "${peers[@]}"
stop_group "${orderers[@]}"
