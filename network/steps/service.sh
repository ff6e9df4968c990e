#!/usr/bin/env bash
# Starts a Spring Boot service of this repository (gateway, portal) against this instance's network, as
# network/topology.json describes it (its module, host, port, heap and health path), with the environment its
# function below gives: builds the module's jar when its build digest changed, restarts the service when it runs
# another build, and waits until its health URL answers. Usage: service.sh identity|gateway|portal
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

name=${1:-}
# shellcheck disable=SC2016
[[ $(topology -r --arg n "$name" '.nodes[$n].kind // ""') == spring-boot ]] ||
  die "usage: service.sh SERVICE, one of: $(topology -r '[.nodes | to_entries[] | select(.value.kind == "spring-boot") | .key] | join(" ")')"
module=$(topology -r --arg n "$name" '.nodes[$n].module')
port=$(node_port "$name")
health=$(service_health_url "$name")
dir=$WIPETRACE_STATE/$name
jar=$REPO_DIR/$module/target/wipetrace-$module.jar

# secret_file FILE: prints the random secret in FILE, made once (32 bytes, hex), kept readable by its owner only.
secret_file() {
  mkdir -p "$(dirname "$1")"
  if [[ ! -s $1 ]]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$1")
  fi
  chmod 600 "$1"
  cat "$1"
}

# The identity provider: accounts in the instance's PostgreSQL (the database.yml the PostgreSQL step wrote), its
# signing key under <state>/identity, the portal as its one client, and one demo person per organisation written to
# <state>/identity/demo-accounts.json (mode 600).
environment_identity() {
  local portal_url=http://$(node_endpoint portal)
  export WIPETRACE_STATE=$WIPETRACE_STATE WIPETRACE_IDENTITY_PORT=$IDENTITY_PORT \
    WIPETRACE_IDENTITY_ISSUER=http://$(node_endpoint identity) \
    WIPETRACE_IDENTITY_PORTAL_SECRET=$(secret_file "$IDENTITY_DIR/portal-client-secret") \
    WIPETRACE_IDENTITY_PORTAL_REDIRECT_URIS=$portal_url/login/oauth2/code/wipetrace \
    WIPETRACE_IDENTITY_PORTAL_LOGOUT_URIS=$portal_url/ \
    WIPETRACE_DEMO_ACCOUNTS=true WIPETRACE_DEMO_ORGANISATIONS=$(IFS=,; echo "${ORGS[*]}")
}

# People's bearer tokens: trusted when this instance's identity provider runs (it starts before the gateway and the
# portal); without it (the multi-host rehearsal) the portal keeps its API-key sign-in.
identity_issuer() {
  if running_pid identity >/dev/null; then echo "http://$(node_endpoint identity)"; fi
}

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
  # The metrics scrape token: health details and /actuator/prometheus take it as a bearer token.
  # Receipt QR codes link to this instance's portal.
  export WIPETRACE_METRICS_TOKEN=$(secret_file "$GATEWAY_DIR/metrics-token") WIPETRACE_STATE=$WIPETRACE_STATE \
    WIPETRACE_GATEWAY_PORT=$GATEWAY_PORT WIPETRACE_DEMO_KEYS=true \
    WIPETRACE_PORTAL_URL=${WIPETRACE_PORTAL_URL:-http://$(node_endpoint portal)} \
    WIPETRACE_VERIFY_TRUSTED_PROXIES=${WIPETRACE_VERIFY_TRUSTED_PROXIES:-$(node_addr portal)} \
    WIPETRACE_OAUTH2_ISSUER_URI=${WIPETRACE_OAUTH2_ISSUER_URI-$(identity_issuer)} \
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
  # People sign in at the identity provider when it runs; the API-key form is then off (machines use the API).
  local issuer
  issuer=$(identity_issuer)
  if [[ -n $issuer ]]; then
    export WIPETRACE_PORTAL_IDENTITY_ISSUER=$issuer WIPETRACE_PORTAL_API_KEY_SIGN_IN=false \
      WIPETRACE_PORTAL_CLIENT_SECRET=$(secret_file "$IDENTITY_DIR/portal-client-secret")
  fi
}

mkdir -p "$dir"
digest=$(build_module_jar "$module" "$jar")
# Built here, where Maven reaches its repositories; the rest runs on the operator's host on `hosts`.
run_on_operator_host "$0" "$@"

service_java_options "$name"
java_options=("${SERVICE_JAVA_OPTIONS[@]}")
# The service runs this build with these options; either changed restarts it.
running="$digest ${java_options[*]}"

if pid=$(running_pid "$name"); then
  if [[ $(cat "$dir/running.digest" 2>/dev/null) == "$running" ]]; then
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
start_java_service "$name" "$LOG_DIR/$name.log" "$dir" "$dir/$(basename "$jar")" "$health" "${java_options[@]}"
echo "$running" >"$dir/running.digest"
wait_healthy "$name" "$port" "$health"
