#!/usr/bin/env bash
# Creates the channel on every orderer through the channel participation API (idempotent) and
# joins every peer. Anchor peers are part of the genesis block (see config/configtx-org.yaml.tmpl).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"
run_on_operator_host "$0" "$@"

admin=$(orderer_org_crypto)/users/Admin@orderer.$DOMAIN/tls
for o in "${ORDERERS[@]}"; do
  args=(-o "$(node_endpoint "$o" admin)" --ca-file "$(orderer_tls_ca "$o")"
        --client-cert "$admin/client.crt" --client-key "$admin/client.key")
  # osnadmin exits 0 on an HTTP error too; its first line carries the status.
  if "$FABRIC_BIN/osnadmin" channel list "${args[@]}" --channelID "$CHANNEL_NAME" 2>/dev/null | grep -q '^Status: 200'; then
    echo "$o already serves $CHANNEL_NAME"
  else
    "$FABRIC_BIN/osnadmin" channel join "${args[@]}" --channelID "$CHANNEL_NAME" \
      --config-block "$CHANNEL_DIR/genesis.block"
  fi
done

# Wait until the orderers have elected a raft leader, so that peers can pull blocks at once.
for ((i = 0; i < 150; i++)); do
  status=$("$FABRIC_BIN/osnadmin" channel list -o "$(node_endpoint orderer1 admin)" \
    --ca-file "$(orderer_tls_ca orderer1)" --client-cert "$admin/client.crt" --client-key "$admin/client.key" \
    --channelID "$CHANNEL_NAME" 2>/dev/null || true)
  # The answer: a status line, then the channel's JSON.
  tail -n +2 <<<"$status" | jq -e '.consensusRelation == "consenter" and .status == "active"' >/dev/null 2>&1 && break
  sleep 0.2
done
echo "$status"

for org in "${ORGS[@]}"; do
  peer_cli_env "$org"
  if peer_cli channel list 2>/dev/null | grep -qx "$CHANNEL_NAME"; then
    echo "peer0.$org already joined $CHANNEL_NAME"
  else
    peer_cli channel join -b "$CHANNEL_DIR/genesis.block"
  fi
done
