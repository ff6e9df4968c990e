#!/usr/bin/env bash
# Starts a Spring Boot service of this repository (gateway, portal) against this instance's network, as
# network/topology.json describes it (its module, host, port, heap and health path), with the environment its
# function below gives: builds the module's jar when its build digest changed, restarts the service when it runs
# another build, and waits until its health URL answers. Usage: service.sh gateway|portal
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

name=${1:-}
# shellcheck disable=SC2016
[[ $(topology -r --arg n "$name" '.nodes[$n].kind // ""') == spring-boot ]] ||
  die "usage: service.sh SERVICE, one of: $(topology -r '[.nodes | to_entries[] | select(.value.kind == "spring-boot") | .key] | join(" ")')"
module=$(topology -r --arg n "$name" '.nodes[$n].module')
heap=$(topology -r --arg n "$name" '.nodes[$n].heap')
port=$(node_port "$name")
health=$(service_health_url "$name")
dir=$WIPETRACE_STATE/$name
jar=$REPO_DIR/$module/target/wipetrace-$module.jar

# The gateway: the Fabric connection, database and EVM settings the earlier steps wrote into its directory, demo
# API keys, short exception deadlines and a metrics token.
environment_gateway() {
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
  local metrics_token_file=$GATEWAY_DIR/metrics-token
  if [[ ! -s $metrics_token_file ]]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$metrics_token_file")
  fi
  chmod 600 "$metrics_token_file"
  # Receipt QR codes link to this instance's portal.
  export WIPETRACE_METRICS_TOKEN=$(<"$metrics_token_file") WIPETRACE_STATE=$WIPETRACE_STATE \
    WIPETRACE_GATEWAY_PORT=$GATEWAY_PORT WIPETRACE_DEMO_KEYS=true \
    WIPETRACE_PORTAL_URL=${WIPETRACE_PORTAL_URL:-http://$(node_endpoint portal)} \
    WIPETRACE_VERIFY_TRUSTED_PROXIES=${WIPETRACE_VERIFY_TRUSTED_PROXIES:-$(node_addr portal)} \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
}

# The portal: in front of this instance's gateway; consumers' browsers check anchors on this instance's EVM node,
# against the alliance's trust file the EVM step wrote (without it the verify page says the chain check is not
# configured).
environment_portal() {
  local trust_file=${WIPETRACE_PORTAL_TRUST_FILE-$TRUST_FILE}
  [[ -f $trust_file ]] || trust_file=
  export WIPETRACE_PORTAL_PORT=$PORTAL_PORT WIPETRACE_GATEWAY_URL=http://$(node_endpoint gateway) \
    WIPETRACE_PORTAL_EVM_RPC_URL=${WIPETRACE_PORTAL_EVM_RPC_URL-$(yaml_value "$GATEWAY_DIR/evm.yml" '.wipetrace.anchoring."rpc-url"')} \
    WIPETRACE_PORTAL_TRUST_FILE=$trust_file
}

mkdir -p "$dir"
digest=$(build_module_jar "$module" "$jar")
# Built here, where Maven reaches its repositories; the rest runs on the operator's host on `hosts`.
run_on_operator_host "$0" "$@"

if pid=$(running_pid "$name"); then
  if [[ $(cat "$dir/running.digest" 2>/dev/null) == "$digest" ]]; then
    echo "$name already running (pid $pid)"
    exit 0
  fi
  stop_process "$name"
fi
if port_in_use "$port" "$name"; then
  echo "port $port, needed by the $name, is already in use; set $(topology -r --arg n "$name" '.nodes[$n].portVariable')"
  exit 1
fi
cp "$jar" "$dir/$(basename "$jar")"
# Exported, as the JVM cache's training run (lib.sh) starts the service as it will run.
"environment_$name"
export SERVER_ADDRESS
SERVER_ADDRESS=$(node_addr "$name")
start_java_service "$name" "$LOG_DIR/$name.log" "$dir" "$dir/$(basename "$jar")" "$health" "-Xmx$heap"
echo "$digest" >"$dir/running.digest"
wait_healthy "$name" "$port" "$health"
