#!/usr/bin/env bash
# The multi-host rehearsal's layout check, on the running `hosts` instance. For every process: it runs on the host
# env.sh gives it (its network namespace), every port it needs listens there on that host's address, and it listens
# on nothing else (no wildcard, no loopback), so no traffic between the parts can have crossed loopback; the
# operator's host reaches each of those ports over the hosts' network. Last, nothing of the rehearsal listens in
# the machine's own namespace. Exits non-zero on the first host that breaks a rule, after printing them all.
set -euo pipefail
export WIPETRACE_INSTANCE=hosts
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"
# What listens in the machine's own namespace, read there before the script moves to the operator's host.
export WIPETRACE_OWN_LISTENERS=${WIPETRACE_OWN_LISTENERS-$(ss -Hltn | awk '{print $4}' | tr '\n' ' ')}
run_on_operator_host "$0" "$@"

# reachable ADDRESS PORT: a TCP connection from here succeeds within 3 seconds.
reachable() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null; }

failures=0
fail() { say "    FAIL: $*"; failures=$((failures + 1)); }
printf '  %-18s %-10s %-8s %s\n' PROCESS HOST PID LISTENS
while read -r name; do
  host=$(node_host "$name") addr=$(node_addr "$name")
  if ! pid=$(running_pid "$name"); then
    # A node the topology marks optional (the identity provider) is not started here.
    [[ -n $(topology -r --arg n "$name" '.nodes[$n].optional // ""') ]] && continue
    fail "$name is not running"
    continue
  fi
  [[ $(ip netns identify "$pid") == "$(host_netns "$host")" ]] || fail "$name (pid $pid) does not run on host $host"
  mapfile -t sockets < <(listening_sockets "$host" "$pid")
  printf '  %-18s %-10s %-8s %s\n' "$name" "$host" "$pid" "${sockets[*]:-nothing}"
  for socket in "${sockets[@]}"; do
    [[ ${socket%:*} == "$addr" ]] || fail "$name listens on $socket, not only on its host's address $addr"
  done
  for port in $(node_ports "$name"); do
    [[ " ${sockets[*]} " == *" $addr:$port "* ]] || fail "$name does not listen on $addr:$port"
    reachable "$addr" "$port" || fail "$addr:$port ($name) cannot be reached from the operator's host"
  done
done < <(all_process_names)

# The machine's own namespace: none of the rehearsal's ports listens there.
while read -r name; do
  for port in $(node_ports "$name"); do
    if [[ " $WIPETRACE_OWN_LISTENERS " == *":$port "* ]]; then
      fail "port $port ($name) listens in the machine's own namespace"
    fi
  done
done < <(all_process_names)

if ((failures)); then
  say "layout: $failures problem(s)"
  exit 1
fi
say "layout: every process on its own host, listening on that host's address only; nothing in the machine's namespace"
