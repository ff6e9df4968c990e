#!/usr/bin/env bash
# Fault drills on a running instance: for each fault, collections are written through the REST API while the
# fault is injected and cleared, then FaultDrill checks that every accepted write is on the ledger exactly once,
# projected, and anchored. Usage: run.sh short|full [fault ...]; WIPETRACE_TOOLS_CP names the Java classpath;
# WIPETRACE_DRILL_WRITERS the writers in flight (4 unless set).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"
run_on_operator_host "$0" "$@"

STEPS=$NETWORK_DIR/steps
ALL_FAULTS=(orderer peer gateway backlog projection import postgres evm timeout)
# Faults that only the `hosts` instance can have: a host cut off the network (./wipetrace rehearse).
HOST_FAULTS=(cut-orderer cut-peer)
mode=${1:-short}; shift || true
case $mode in
  short) before=6 hold=8 after=12 import_rows=800 ;;
  full) before=30 hold=60 after=60 import_rows=6000 ;;
  *) die "drill mode is short or full, not '$mode'" ;;
esac
faults=("$@")
((${#faults[@]})) || faults=("${ALL_FAULTS[@]}")
for fault in "${faults[@]}"; do
  if [[ " ${HOST_FAULTS[*]} " == *" $fault "* ]]; then
    $WIPETRACE_HOSTS ||
      die "fault '$fault' cuts a host off the network: only the 'hosts' instance has hosts (./wipetrace rehearse)"
  elif [[ " ${ALL_FAULTS[*]} " != *" $fault "* ]]; then
    die "unknown fault '$fault' (known: ${ALL_FAULTS[*]}; on the 'hosts' instance also ${HOST_FAULTS[*]})"
  fi
done

gateway_url=http://$(node_endpoint gateway)
drill_dir=$WIPETRACE_STATE/drills/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$drill_dir"
tool() { java -Xmx512m -cp "$WIPETRACE_TOOLS_CP" io.wipetrace.tools.drill.FaultDrill "$@"; }
# restart STEP [ARGUMENT...]: runs network/steps/STEP.sh again (start-nodes, postgres, evm, or service gateway).
restart() { "$STEPS/$1.sh" "${@:2}" >>"$drill_dir/restarts.log" 2>&1 || die "restarting with $* failed; see $drill_dir/restarts.log"; }
# ready FAULT: notes when the restarted gateway reported ready (epoch milliseconds), for FaultDrill recovery.
ready() { date +%s%3N >"$drill_dir/$1.ready"; }
# ready_line: what the last restart printed about the time from the process's start to ready.
ready_line() { grep -o 'ready [0-9.?]* s after its start' "$drill_dir/restarts.log" | tail -n 1; }
kill_hard() {
  local pid
  pid=$(running_pid "$1") || die "$1 is not running"
  kill -KILL "$pid"
  say "    kill -9 $1 (pid $pid)"
}
peer_height() {
  ops_get "peer0.$1" /metrics 2>/dev/null \
    | sed -n "s/^ledger_blockchain_height{channel=\"$CHANNEL_NAME\"} //p"
}
# orderer_metric ORDERER NAME: a channel metric of ORDERER's, read over its operations port.
orderer_metric() {
  ops_get "$1" /metrics --max-time 3 2>/dev/null \
    | sed -n "s/^$2{channel=\"$CHANNEL_NAME\"} //p"
}
raft_leader() {
  local o
  for o in "${ORDERERS[@]}"; do
    [[ $(orderer_metric "$o" consensus_etcdraft_is_leader) == 1 ]] && { echo "$o"; return 0; }
  done
  return 1
}
# wait_caught_up NAME MINE THEIRS: waits up to two minutes until the height MINE prints equals the one THEIRS prints.
wait_caught_up() {
  local name=$1 mine theirs i
  for ((i = 0; i < 120; i++)); do
    mine=$($2); theirs=$($3)
    [[ -n $mine && $mine == "$theirs" ]] && break
    sleep 1
  done
  say "    $name at height $mine, the others at $theirs"
  [[ -n $mine && $mine == "$theirs" ]]
}

inject() {
  case $1 in
    orderer) kill_hard orderer2; sleep "$hold"; restart start-nodes; say "    orderer2 restarted" ;;
    peer)
      kill_hard peer0.processor; sleep "$hold"; restart start-nodes
      say "    peer0.processor restarted"
      wait_caught_up peer0.processor "peer_height processor" "peer_height regulator" ;;
    cut-orderer)
      # The raft leader's host loses its network: the other two elect a new leader and go on ordering.
      local leader others
      leader=$(raft_leader) || { say "    no orderer reports itself the raft leader"; return 1; }
      others=$(printf '%s\n' "${ORDERERS[@]}" | grep -vx "$leader" | head -n 1)
      "$NETWORK_DIR/steps/hosts.sh" cut "$leader" | sed 's/^/    /'
      sleep "$hold"
      say "    raft leader now: $(raft_leader || echo none)"
      "$NETWORK_DIR/steps/hosts.sh" mend "$leader" | sed 's/^/    /'
      wait_caught_up "$leader" "orderer_metric $leader consensus_etcdraft_committed_block_number" \
        "orderer_metric $others consensus_etcdraft_committed_block_number" ;;
    cut-peer)
      # The processor's host loses its network: the majority endorsement policy is met by the other three
      # organisations' peers; once back, its peer pulls the blocks it missed.
      "$NETWORK_DIR/steps/hosts.sh" cut processor | sed 's/^/    /'
      sleep "$hold"
      "$NETWORK_DIR/steps/hosts.sh" mend processor | sed 's/^/    /'
      wait_caught_up peer0.processor "peer_height processor" "peer_height regulator" ;;
    gateway) kill_hard gateway; sleep 2; restart service gateway; ready gateway; say "    gateway restarted, $(ready_line)" ;;
    backlog)
      # Another client goes on writing straight through Fabric while the gateway is down, as partners' own Fabric
      # clients may: the restarted gateway answers writes while its projection and anchoring catch up on those blocks.
      local from
      kill_hard gateway
      from=$(peer_height regulator)
      WIPETRACE_STATE=$WIPETRACE_STATE java -Xmx512m -cp "$WIPETRACE_TOOLS_CP" io.wipetrace.tools.bench.SweepBenchmark \
        "$drill_dir/backlog.sweep" "$hold" --levels=64 --scenarios=collection >"$drill_dir/backlog.sweep.log" 2>&1 ||
        { say "    the writes through Fabric failed; see $drill_dir/backlog.sweep.log"; return 1; }
      say "    written through Fabric while the gateway was down: blocks $from to $(peer_height regulator)"
      restart service gateway; ready backlog; say "    gateway restarted, $(ready_line)" ;;
    projection) kill_projection ;;
    postgres) stop_process postgres >/dev/null; say "    PostgreSQL stopped"; sleep "$hold"; restart postgres
      say "    PostgreSQL restarted" ;;
    evm) stop_process evm >/dev/null; say "    EVM node stopped"; sleep $((hold * 3)); restart evm
      say "    EVM node restarted" ;;
    timeout) say "    every write first times out on the client after 0.3 s and is retried with its key"; sleep "$hold" ;;
  esac
}

# The gateway killed while its projection has written a block's rows and not yet its checkpoint: FaultDrill
# watches PostgreSQL for that moment (up to a hold) and kills it then. A transaction that committed before the kill
# landed proves nothing, and a watch that caught no block (the load still backing off after a restart on a busy
# machine) proves nothing either: the gateway is started again if need be and watched again, up to five times.
kill_projection() {
  local attempt status pid
  for ((attempt = 1; attempt <= 5; attempt++)); do
    pid=$(running_pid gateway) || { say "    the gateway is not running"; return 1; }
    status=0
    tool kill-projection "$WIPETRACE_STATE" "$pid" "$hold" >"$drill_dir/projection.kill.$attempt.log" 2>&1 || status=$?
    sed 's/^/    /' "$drill_dir/projection.kill.$attempt.log" | grep -v "^    WARNING\|Commons Logging" || true
    if ! running_pid gateway >/dev/null; then
      restart service gateway; ready projection; say "    gateway restarted, $(ready_line)"
    fi
    ((status == 3 || status == 4)) || return "$status"
  done
  say "    no kill landed between a block's rows and its checkpoint in five watches"
  return 1
}

# The gateway killed in the middle of a bulk import: the job must finish after the restart with every row on the
# ledger exactly once (or name the rows that did not land); `check` then runs on the rows' outcomes as on a load's.
drill_import() {
  local bag=$1 ok=true
  tool import "$gateway_url" "$WIPETRACE_STATE" "$bag" "$drill_dir/import.job" "$import_rows" \
    >"$drill_dir/import.load.log" 2>&1 || ok=false
  sed 's/^/    /' "$drill_dir/import.load.log" | grep -v "^    WARNING\|Commons Logging" || true
  $ok || return 1
  kill_hard gateway; sleep 2; restart service gateway; say "    gateway restarted"
  tool import-settle "$gateway_url" "$WIPETRACE_STATE" "$drill_dir/import.job" "$drill_dir/import.csv" \
    >"$drill_dir/import.settle.log" 2>&1 || ok=false
  sed 's/^/    /' "$drill_dir/import.settle.log" | grep -v "^    WARNING\|Commons Logging" || true
  $ok
}

echo "fault drills ($mode) on the '$WIPETRACE_INSTANCE' system; outcomes in $drill_dir"
failed=()
for fault in "${faults[@]}"; do
  started=$SECONDS
  bag=BAG-DRILL-$(date -u +%H%M%S)-$fault
  echo "  $fault: writing into $bag"
  ok=true
  if [[ $fault == import ]]; then
    drill_import "$bag" || ok=false
  else
    rm -f "$drill_dir/$fault.stop"
    timeouts=tenth; [[ $fault == timeout ]] && timeouts=all
    tool load "$gateway_url" "$WIPETRACE_STATE" "$bag" "$drill_dir/$fault.csv" "$drill_dir/$fault.stop" "${WIPETRACE_DRILL_WRITERS:-4}" \
      "timeouts=$timeouts" >"$drill_dir/$fault.load.log" 2>&1 &
    load_pid=$!
    sleep "$before"
    inject "$fault" || ok=false
    sleep "$after"
    touch "$drill_dir/$fault.stop"
    wait "$load_pid" || ok=false
    sed 's/^/    /' "$drill_dir/$fault.load.log" | grep -v "^    WARNING\|Commons Logging" || true
  fi
  if tool check "$gateway_url" "$WIPETRACE_STATE" "$bag" "$drill_dir/$fault.csv" >"$drill_dir/$fault.check.log" 2>&1; then
    :
  else
    ok=false
  fi
  sed 's/^/    /' "$drill_dir/$fault.check.log" | grep -v "^    WARNING\|Commons Logging" || true
  # After a gateway kill: how soon writes succeeded again once the new gateway reported ready.
  if [[ -f $drill_dir/$fault.ready ]]; then
    tool recovery "$drill_dir/$fault.csv" "$drill_dir/$fault.ready" 2>/dev/null | sed 's/^/    /' || true
  fi
  if $ok; then echo "  $fault: PASSED ($((SECONDS - started)) s)"; else echo "  $fault: FAILED ($((SECONDS - started)) s)"; failed+=("$fault"); fi
done
if ((${#failed[@]})); then
  echo "drills failed: ${failed[*]}"
  exit 1
fi
echo "all ${#faults[@]} drills passed"
