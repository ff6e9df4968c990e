#!/usr/bin/env bash
# Prints each process (pid, ports, health), the channel height on every peer and the committed
# chaincode. Exits non-zero if anything is down.
set -uo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"
run_on_operator_host "$0" "$@"

if [[ ! -d $WIPETRACE_STATE ]]; then
  echo "the '$WIPETRACE_INSTANCE' network has never been started here (no $WIPETRACE_STATE)"
  exit 3
fi

down=0 alive=0
row() { printf '  %-18s %-8s %-20s %s\n' "$@"; }
echo "WipeTrace '$WIPETRACE_INSTANCE' network ($WIPETRACE_STATE)"
row PROCESS PID PORTS HEALTH
check() { # name ports health (ops:NODE, an http URL, pg:PORT, or a port on the host that runs the process)
  local name=$1 ports=$2 probe=$3 pid health
  if ! pid=$(running_pid "$name"); then
    row "$name" - "$ports" "stopped"
    down=1
    return
  fi
  alive=1
  if [[ $probe == ops:* ]]; then
    if ops_get "${probe#ops:}" /healthz --max-time 3 >/dev/null 2>&1; then health=healthy; else health="unhealthy (operations /healthz)"; down=1; fi
  elif [[ $probe == http* ]]; then
    if curl -fsS --max-time 3 "$probe" >/dev/null 2>&1; then health=healthy; else health="unhealthy ($probe)"; down=1; fi
  elif [[ $probe == pg:* ]]; then
    if pg_accepts_connections "$(node_addr postgres)" "${probe#pg:}" "$POSTGRES_USER" "$POSTGRES_DATABASE"; then
      health=healthy
    else
      health="not accepting connections on ${probe#pg:}"; down=1
    fi
  else
    if port_in_use "$probe" "$name"; then health=healthy; else health="not listening on $probe"; down=1; fi
  fi
  row "$name" "$pid" "$ports" "$health"
}
for o in "${ORDERERS[@]}"; do check "$o" "$(node_ports "$o" | tr ' ' ,)" "ops:$o"; done
for org in "${ORGS[@]}"; do check "peer0.$org" "$(node_ports "peer0.$org" | tr ' ' ,)" "ops:peer0.$org"; done
check chaincode "$CHAINCODE_PORT" "$CHAINCODE_PORT"
# The gateway uses whatever database.yml names: the local server, or an external one named by WIPETRACE_DATABASE_URL.
database_url=$(yaml_value "$GATEWAY_DIR/database.yml" .spring.datasource.url)
if [[ -n $WIPETRACE_DATABASE_URL || ( -n $database_url && $database_url != "jdbc:postgresql://$(node_endpoint postgres)/"* ) ]]; then
  database_url=${WIPETRACE_DATABASE_URL:-$database_url}
  row postgres - external "${database_url%%\?*}"
else
  check postgres "$POSTGRES_PORT" "pg:$POSTGRES_PORT"
fi
if [[ -n ${WIPETRACE_EVM_RPC_URL:-} ]]; then
  row evm - external "$WIPETRACE_EVM_RPC_URL"
else
  check evm "$EVM_PORT" "$EVM_PORT"
fi
for service in identity gateway portal; do
  # The identity provider is optional (the multi-host rehearsal and the test suite's network run without it).
  if [[ $service == identity ]] && ! running_pid identity >/dev/null; then
    row identity - "$(node_port identity)" "not started (sign-in with API keys only)"
    continue
  fi
  check "$service" "$(node_port "$service")" "$(service_health_url "$service")"
done

if ((alive == 0)); then
  echo "the '$WIPETRACE_INSTANCE' network is stopped; start it with ./wipetrace up"
  exit 3
fi

echo
echo "Channel $CHANNEL_NAME"
for org in "${ORGS[@]}"; do
  if running_pid "peer0.$org" >/dev/null; then
    peer_cli_env "$org"
    info=$(peer_cli channel getinfo -c "$CHANNEL_NAME" 2>/dev/null | sed -n 's/^Blockchain info: //p')
    if [[ -n $info ]]; then
      printf '  peer0.%-12s height %s\n' "$org" "$(jq -r .height <<<"$info")"
    else
      printf '  peer0.%-12s not joined or not answering\n' "$org"
      down=1
    fi
  fi
done

echo
if running_pid peer0.collector >/dev/null; then
  peer_cli_env collector
  committed=$(peer_cli lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -O json 2>/dev/null)
  if [[ -n $committed ]]; then
    echo "Chaincode $CHAINCODE_NAME version $(jq -r .version <<<"$committed") sequence $(jq -r .sequence <<<"$committed")" \
      "(package $(cat "$CHAINCODE_DIR/running.id" 2>/dev/null || echo unknown))"
  else
    echo "Chaincode $CHAINCODE_NAME is not committed"
    down=1
  fi
fi
exit $down
