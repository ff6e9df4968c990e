#!/usr/bin/env bash
# The hosts of the `hosts` instance (the multi-host rehearsal): one network namespace per host, named
# wipetrace-<host>, each with one interface (eth0, its address from env.sh) cabled into a bridge that lives in a
# namespace of its own (wipetrace-lan), as the machines of one site would be cabled into a switch. The machine's own
# namespace gets no interface and no address, so nothing of the rehearsal is reachable from outside it.
#
# Usage: hosts.sh up          make whatever is missing (idempotent)
#        hosts.sh down        remove every namespace (refused while a process still runs in one)
#        hosts.sh cut HOST    unplug HOST's cable: its processes keep running but reach no one, and no one them
#        hosts.sh mend HOST   plug it back in
#        hosts.sh show        each host's address, cable state and listening sockets
# Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2.
set -euo pipefail
export WIPETRACE_INSTANCE=hosts
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

lan=$HOSTS_BRIDGE_NETNS
exists() { [[ -e /run/netns/$1 ]]; }
cable() { echo "wt-$1"; } # the bridge's end of HOST's cable (at most 15 characters)
known_host() { [[ " ${HOSTS[*]} " == *" $1 "* ]] || die "unknown host '$1' (hosts: ${HOSTS[*]})"; }

up() {
  command -v ip >/dev/null || die "ip (iproute2) is missing"
  exists "$lan" || ip netns add "$lan" || die "cannot make network namespaces here (needs root or CAP_SYS_ADMIN)"
  ip -n "$lan" link set lo up
  ip -n "$lan" link show br0 >/dev/null 2>&1 || ip -n "$lan" link add br0 type bridge
  ip -n "$lan" link set br0 up
  local host ns
  for host in "${HOSTS[@]}"; do
    ns=$(host_netns "$host")
    exists "$ns" || ip netns add "$ns"
    ip -n "$ns" link set lo up
    if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
      ip link add "$(cable "$host")" netns "$lan" type veth peer name eth0 netns "$ns"
      ip -n "$lan" link set "$(cable "$host")" master br0
      ip -n "$ns" addr add "$(host_addr "$host")/24" dev eth0
    fi
    ip -n "$lan" link set "$(cable "$host")" up
    ip -n "$ns" link set eth0 up
  done
  echo "hosts up: ${HOSTS[*]} on $HOSTS_SUBNET.0/24"
}

down() {
  local host ns pids
  for host in "${HOSTS[@]}"; do
    ns=$(host_netns "$host")
    exists "$ns" || continue
    pids=$(ip netns pids "$ns" | tr '\n' ' ')
    [[ -z $pids ]] || die "processes still run on host $host (pids $pids); stop them first (WIPETRACE_INSTANCE=hosts ./wipetrace down)"
  done
  for host in "${HOSTS[@]}"; do
    ns=$(host_netns "$host")
    if exists "$ns"; then ip netns del "$ns"; fi
  done
  if exists "$lan"; then ip netns del "$lan"; fi
  echo "hosts removed"
}

show() {
  local host state
  printf '  %-10s %-14s %-6s %s\n' HOST ADDRESS CABLE LISTENING
  for host in "${HOSTS[@]}"; do
    if ! exists "$(host_netns "$host")"; then
      printf '  %-10s %-14s %-6s\n' "$host" "$(host_addr "$host")" absent
      continue
    fi
    state=$(ip -n "$lan" -br link show "$(cable "$host")" 2>/dev/null | awk '{print $2}')
    printf '  %-10s %-14s %-6s %s\n' "$host" "$(host_addr "$host")" "${state:-none}" \
      "$(listening_sockets "$host" | tr '\n' ' ')"
  done
}

case ${1:-} in
  up) up ;;
  down) down ;;
  cut) known_host "${2:-}"; ip -n "$lan" link set "$(cable "$2")" down; echo "host $2 cut off" ;;
  mend) known_host "${2:-}"; ip -n "$lan" link set "$(cable "$2")" up; echo "host $2 back on the network" ;;
  show) show ;;
  *) die "usage: hosts.sh up|down|show|cut HOST|mend HOST" ;;
esac
