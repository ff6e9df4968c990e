#!/usr/bin/env bash
# Generates the instance's identities (once), renders every node's configuration from the
# templates in network/config, and writes the gateway's connection details.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

render() { # render TEMPLATE: fills ${VAR} placeholders from the environment, leaving others alone
  local vars
  vars=$(grep -o '\${[A-Z0-9_]*}' "$1" | sort -u | tr -d '\n')
  envsubst "$vars" <"$1"
}

mkdir -p "$NODES_DIR" "$CHANNEL_DIR" "$GATEWAY_DIR" "$LOG_DIR" "$PID_DIR"
chmod 700 "$WIPETRACE_STATE"
# Private keys are written below (cryptogen's, the chaincode TLS keys): only their owner may read what is created here.
umask 077

# Identities: generated once per instance and kept, so the ledger stays valid across restarts.
if [[ ! -d $CRYPTO_DIR/peerOrganizations ]]; then
  rm -rf "$CRYPTO_DIR.tmp"
  mkdir -p "$CRYPTO_DIR.tmp"
  for node in "${ORDERERS[@]}" "${ORGS[@]}"; do
    export "${node^^}_ADDR=$(host_addr "$node")"
  done
  render "$NETWORK_DIR/config/crypto-config.yaml.tmpl" >"$CRYPTO_DIR.tmp/crypto-config.yaml"
  "$FABRIC_BIN/cryptogen" generate --config="$CRYPTO_DIR.tmp/crypto-config.yaml" --output="$CRYPTO_DIR.tmp"
  mv "$CRYPTO_DIR.tmp" "$CRYPTO_DIR"
fi
# Every private key only its owner's, also in identities made before keys were kept so.
chmod_private_keys "$CRYPTO_DIR"

# TLS for the chaincode service: its own small CA, a server certificate for the chaincode server
# and a client certificate the peers present (mutual TLS). Keys are PKCS#8, which Netty reads.
cc_tls=$CRYPTO_DIR/chaincode
if [[ ! -f $cc_tls/client.crt ]]; then
  mkdir -p "$cc_tls.tmp"
  (
    cd "$cc_tls.tmp"
    new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
    new_key ca.key
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/O=WipeTrace/CN=WipeTrace chaincode CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt
    for role in server client; do
      new_key "$role.key"
      usage=$([[ $role == server ]] && echo serverAuth || echo clientAuth)
      openssl req -new -key "$role.key" -subj "/O=WipeTrace/CN=chaincode-$role.$DOMAIN" \
        | openssl x509 -req -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 -out "$role.crt" \
          -extfile <(printf 'subjectAltName=IP:%s,DNS:localhost\nextendedKeyUsage=%s\n' "$(node_addr chaincode)" "$usage") \
          2>/dev/null
    done
    rm -f ca.srl
  )
  rm -rf "$cc_tls"
  mv "$cc_tls.tmp" "$cc_tls"
fi

# Orderers.
export WIPETRACE_INSTANCE
consenters="" endpoints=""
for o in "${ORDERERS[@]}"; do
  tls=$(orderer_org_crypto)/orderers/$(orderer_host "$o")/tls
  consenters+="      - {Host: $(node_addr "$o"), Port: $(orderer_port "$o"), ClientTLSCert: $tls/server.crt, ServerTLSCert: $tls/server.crt}"$'\n'
  endpoints+="      - $(node_addr "$o"):$(orderer_port "$o")"$'\n'
  dir=$NODES_DIR/$o
  mkdir -p "$dir/data"
  ORDERER_ADDR=$(node_addr "$o") ORDERER_PORT=$(orderer_port "$o") ORDERER_ADMIN_PORT=$(orderer_admin_port "$o") \
    ORDERER_OPS_PORT=$(orderer_ops_port "$o") ORDERER_TLS=$tls ORDERER_DATA=$dir/data \
    ORDERER_MSP=$(orderer_org_crypto)/orderers/$(orderer_host "$o")/msp \
    render "$NETWORK_DIR/config/orderer.yaml.tmpl" >"$dir/orderer.yaml"
done

# Peers, and each organisation's part of the channel configuration.
orgs="" org_refs=""
for org in "${ORGS[@]}"; do
  export ORG_LABEL=${ORG_NAME[$org]} MSP_ID=${ORG_MSP[$org]}
  export PEER_ADDR PEER_PORT PEER_CC_PORT PEER_OPS_PORT
  PEER_ADDR=$(node_addr "peer0.$org") PEER_PORT=$(peer_port "$org") PEER_CC_PORT=$(peer_cc_port "$org") PEER_OPS_PORT=$(peer_ops_port "$org")
  orgs+=$(ORG_MSP_DIR=$(org_crypto "$org")/msp render "$NETWORK_DIR/config/configtx-org.yaml.tmpl")$'\n'
  org_refs+="        - *${ORG_NAME[$org]}"$'\n'
  dir=$NODES_DIR/peer0.$org
  mkdir -p "$dir/data"
  peer_dir=$(org_crypto "$org")/peers/$(peer_host "$org")
  PEER_HOST=$(peer_host "$org") PEER_DATA=$dir/data PEER_MSP=$peer_dir/msp PEER_TLS=$peer_dir/tls \
    BUILDER_DIR=$NETWORK_DIR/builders/ccaas \
    render "$NETWORK_DIR/config/core.yaml.tmpl" >"$dir/core.yaml"
done

ORDERER_ORG_MSP=$(orderer_org_crypto)/msp CONSENTERS=${consenters%$'\n'} ORDERER_ENDPOINTS=${endpoints%$'\n'} \
  APPLICATION_ORGS=${orgs%$'\n'} APPLICATION_ORG_REFS=${org_refs%$'\n'} \
  render "$NETWORK_DIR/config/configtx.yaml.tmpl" >"$CHANNEL_DIR/configtx.yaml"

# The channel's genesis block, made once: the orderers keep the channel from then on.
if [[ ! -f $CHANNEL_DIR/genesis.block ]]; then
  "$FABRIC_BIN/configtxgen" -configPath "$CHANNEL_DIR" -profile WipeTraceChannel \
    -channelID "$CHANNEL_NAME" -outputBlock "$CHANNEL_DIR/genesis.block.tmp"
  mv "$CHANNEL_DIR/genesis.block.tmp" "$CHANNEL_DIR/genesis.block"
fi

# Connection details for the gateway service: one client identity per organisation.
{
  echo "# Written by network/steps/configure.sh for the '$WIPETRACE_INSTANCE' network. Do not edit."
  echo "wipetrace:"
  echo "  fabric:"
  echo "    channel: $CHANNEL_NAME"
  echo "    chaincode: $CHAINCODE_NAME"
  echo "    identities:"
  for org in "${ORGS[@]}"; do
    user=User1@$(org_domain "$org")
    echo "      $org:"
    echo "        msp-id: ${ORG_MSP[$org]}"
    echo "        peer-endpoint: $(node_addr "peer0.$org"):$(peer_port "$org")"
    echo "        override-authority: $(peer_host "$org")"
    echo "        tls-root-cert: $(peer_tls_ca "$org")"
    echo "        certificate: $(org_crypto "$org")/users/$user/msp/signcerts/$user-cert.pem"
    echo "        key-directory: $(org_crypto "$org")/users/$user/msp/keystore"
  done
} >"$GATEWAY_DIR/network.yml"
