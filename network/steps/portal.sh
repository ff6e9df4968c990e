#!/usr/bin/env bash
# Builds the web portal when its sources changed and starts it in front of this instance's gateway, waiting until
# its health endpoint answers. Consumers' browsers check anchors on this instance's EVM node.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

mkdir -p "$PORTAL_DIR"
digest=$(build_module_jar portal "$REPO_DIR/portal/target/wipetrace-portal.jar")
# Built here, where Maven reaches its repositories; the rest runs on the operator's host on `hosts`.
run_on_operator_host "$0" "$@"

if pid=$(running_pid portal); then
  if [[ $(cat "$PORTAL_DIR/running.digest" 2>/dev/null) == "$digest" ]]; then
    echo "portal already running (pid $pid)"
    exit 0
  fi
  stop_process portal
fi
if port_in_use "$PORTAL_PORT" portal; then
  echo "port $PORTAL_PORT, needed by the portal, is already in use; set WIPETRACE_PORTAL_PORT"
  exit 1
fi
cp "$REPO_DIR/portal/target/wipetrace-portal.jar" "$PORTAL_DIR/wipetrace-portal.jar"
evm_rpc=${WIPETRACE_PORTAL_EVM_RPC_URL-$(sed -n 's/^    rpc-url: //p' "$GATEWAY_DIR/evm.yml" 2>/dev/null)}
# The alliance's trust file the EVM step wrote: browsers check bundles against its pinned values. Without it the
# verify page says the chain check is not configured.
trust_file=${WIPETRACE_PORTAL_TRUST_FILE-$TRUST_FILE}
[[ -f $trust_file ]] || trust_file=
# Exported, as the JVM cache's training run (lib.sh) starts the portal as it will run.
export WIPETRACE_PORTAL_PORT=$PORTAL_PORT WIPETRACE_GATEWAY_URL=http://$(node_addr gateway):$GATEWAY_PORT \
  SERVER_ADDRESS=$(node_addr portal) \
  WIPETRACE_PORTAL_EVM_RPC_URL=$evm_rpc WIPETRACE_PORTAL_TRUST_FILE=$trust_file
health="http://$(node_addr portal):$PORTAL_PORT/actuator/health"
start_java_service portal "$LOG_DIR/portal.log" "$PORTAL_DIR" "$PORTAL_DIR/wipetrace-portal.jar" "$health" -Xmx256m
echo "$digest" >"$PORTAL_DIR/running.digest"
wait_healthy portal "$PORTAL_PORT" "$health"
