#!/usr/bin/env bash
# Builds the gateway service when its sources changed and starts it against this instance's
# network, waiting until its health endpoint answers.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

mkdir -p "$GATEWAY_DIR"
digest=$(build_module_jar gateway "$REPO_DIR/gateway/target/wipetrace-gateway.jar")
# Built here, where Maven reaches its repositories; the rest runs on the operator's host on `hosts`.
run_on_operator_host "$0" "$@"

if pid=$(running_pid gateway); then
  if [[ $(cat "$GATEWAY_DIR/running.digest" 2>/dev/null) == "$digest" ]]; then
    echo "gateway already running (pid $pid)"
    exit 0
  fi
  stop_process gateway
fi
if port_in_use "$GATEWAY_PORT" gateway; then
  echo "port $GATEWAY_PORT, needed by the gateway, is already in use; set WIPETRACE_GATEWAY_PORT"
  exit 1
fi
cp "$REPO_DIR/gateway/target/wipetrace-gateway.jar" "$GATEWAY_DIR/wipetrace-gateway.jar"
# A local instance: the gateway writes one demo API key per organisation (and an admin key) to
# $GATEWAY_DIR/api-keys.json, mode 600, reusing the keys already there.
# Its log is JSON lines (Elastic Common Schema), each request's lines carrying its request ID.
# The exception deadlines are minutes, not days, so that the demo's late devices and handovers show up
# as exceptions while one looks; set WIPETRACE_DEADLINE_* to choose others.
export WIPETRACE_DEADLINE_COLLECTED_NOT_RECEIVED=${WIPETRACE_DEADLINE_COLLECTED_NOT_RECEIVED:-10m}
export WIPETRACE_DEADLINE_RECEIVED_NOT_WIPED=${WIPETRACE_DEADLINE_RECEIVED_NOT_WIPED:-20m}
export WIPETRACE_DEADLINE_HANDOVER_NOT_ACKNOWLEDGED=${WIPETRACE_DEADLINE_HANDOVER_NOT_ACKNOWLEDGED:-10m}
export WIPETRACE_DEADLINE_WIPE_FAILED_NOT_DESTROYED=${WIPETRACE_DEADLINE_WIPE_FAILED_NOT_DESTROYED:-20m}
# The metrics scrape token: health details and /actuator/prometheus take it as a bearer token. Made once, kept in
# a file only its owner can read.
metrics_token_file=$GATEWAY_DIR/metrics-token
if [[ ! -s $metrics_token_file ]]; then
  (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$metrics_token_file")
fi
chmod 600 "$metrics_token_file"
# Receipt QR codes link to this instance's portal. Exported, as the JVM cache's training run (lib.sh) starts the
# gateway as it will run.
export WIPETRACE_METRICS_TOKEN=$(<"$metrics_token_file") WIPETRACE_STATE=$WIPETRACE_STATE WIPETRACE_GATEWAY_PORT=$GATEWAY_PORT \
  WIPETRACE_DEMO_KEYS=true \
  WIPETRACE_PORTAL_URL=${WIPETRACE_PORTAL_URL:-http://$(node_addr portal):$PORTAL_PORT} \
  WIPETRACE_VERIFY_TRUSTED_PROXIES=${WIPETRACE_VERIFY_TRUSTED_PROXIES:-$(node_addr portal)} \
  SERVER_ADDRESS=$(node_addr gateway) \
  LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
health="http://$(node_addr gateway):$GATEWAY_PORT/actuator/health"
start_java_service gateway "$LOG_DIR/gateway.log" "$GATEWAY_DIR" "$GATEWAY_DIR/wipetrace-gateway.jar" "$health" -Xmx512m
echo "$digest" >"$GATEWAY_DIR/running.digest"
wait_healthy gateway "$GATEWAY_PORT" "$health"
