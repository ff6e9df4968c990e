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
  # cryptogen's configuration, from the topology (JSON is YAML): one orderer organisation with a spec per orderer
  # node, one peer organisation per organisation with one peer and one user. NodeOUs classify identities as admin,
  # peer, orderer or client. Every node's TLS certificate carries, besides its host name, the address it binds to
  # and is dialled at: 127.0.0.1 on one machine, its host's address on `hosts`.
  addresses=$(for node in "${NODES[@]}"; do jq -n --arg n "$node" --arg a "$(node_addr "$node")" '{($n): $a}'; done |
    jq -s add)
  topology --argjson addr "$addresses" '{
    OrdererOrgs: [{Name: "OrdererOrg", Domain: "orderer.wipetrace.local", EnableNodeOUs: true,
      Specs: [.nodes | to_entries[] | select(.value.kind == "orderer")
        | {Hostname: .key, SANS: ["localhost", $addr[.key]]}]}],
    PeerOrgs: [.organisations[] | {Name: .name, Domain: "\(.key).wipetrace.local", EnableNodeOUs: true,
      Template: {Count: 1, SANS: ["localhost", $addr["peer0.\(.key)"]]}, Users: {Count: 1}}]
  }' >"$CRYPTO_DIR.tmp/crypto-config.yaml"
  "$FABRIC_BIN/cryptogen" generate --config="$CRYPTO_DIR.tmp/crypto-config.yaml" --output="$CRYPTO_DIR.tmp"
  mv "$CRYPTO_DIR.tmp" "$CRYPTO_DIR"
fi
# Every private key only its owner's, also in identities made before keys were kept so.
chmod_private_keys "$CRYPTO_DIR"

# Small CAs of our own, each made once per instance; keys are PKCS#8 P-256, which Netty and Go read.
new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
small_ca() { # small_ca DIR NAME: DIR/ca.key and the self-signed DIR/ca.crt
  [[ -f $1/ca.crt ]] && return 0
  mkdir -p "$1"
  new_key "$1/ca.key"
  openssl req -x509 -new -key "$1/ca.key" -sha256 -days 3650 -subj "/O=WipeTrace/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1/ca.crt.tmp"
  mv "$1/ca.crt.tmp" "$1/ca.crt"
}
issue_cert() { # issue_cert CA_DIR OUT CN serverAuth|clientAuth SAN: OUT.key and OUT.crt signed by the CA in CA_DIR
  [[ -f $2.crt ]] && return 0
  mkdir -p "$(dirname "$2")"
  new_key "$2.key"
  openssl req -new -key "$2.key" -subj "/O=WipeTrace/CN=$3" \
    | openssl x509 -req -CA "$1/ca.crt" -CAkey "$1/ca.key" -set_serial "0x$(openssl rand -hex 16)" -sha256 \
      -days 3650 -out "$2.crt.tmp" -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=%s\n' "$5" "$4") 2>/dev/null
  mv "$2.crt.tmp" "$2.crt"
}

# TLS for the chaincode service (mutual): a server certificate for the chaincode server and, for each peer, a client
# certificate of its own, which only that peer's builder reads (network/builders/ccaas): the chaincode package every
# organisation installs carries no key.
cc_tls=$CRYPTO_DIR/chaincode
small_ca "$cc_tls" "WipeTrace chaincode CA"
issue_cert "$cc_tls" "$cc_tls/server" "chaincode-server.$DOMAIN" serverAuth "IP:$(node_addr chaincode),DNS:localhost"
for org in "${ORGS[@]}"; do
  issue_cert "$cc_tls" "$cc_tls/peers/$org/client" "chaincode-client.$(peer_host "$org")" clientAuth \
    "DNS:$(peer_host "$org")"
done
rm -f "$cc_tls/client.crt" "$cc_tls/client.key" # the one client key all peers shared before

# The nodes' operations endpoints (health, metrics, log levels) take HTTPS with a client certificate from the
# operations CA; the operator's scripts hold the one client certificate (ops_get in network/lib.sh).
ops_tls=$CRYPTO_DIR/operations
small_ca "$ops_tls" "WipeTrace operations CA"
issue_cert "$ops_tls" "$ops_tls/client" "operations-client.$DOMAIN" clientAuth "DNS:localhost"

# Orderers.
export WIPETRACE_INSTANCE
consenters="" endpoints=""
for o in "${ORDERERS[@]}"; do
  tls=$(orderer_org_crypto)/orderers/$(orderer_host "$o")/tls
  consenters+="      - {Host: $(node_addr "$o"), Port: $(node_port "$o"), ClientTLSCert: $tls/server.crt, ServerTLSCert: $tls/server.crt}"$'\n'
  endpoints+="      - $(node_endpoint "$o")"$'\n'
  dir=$NODES_DIR/$o
  mkdir -p "$dir/data"
  ORDERER_ADDR=$(node_addr "$o") ORDERER_PORT=$(node_port "$o") ORDERER_ADMIN_PORT=$(node_port "$o" admin) \
    ORDERER_OPS_PORT=$(node_port "$o" operations) ORDERER_TLS=$tls ORDERER_DATA=$dir/data OPS_CLIENT_CA=$ops_tls/ca.crt \
    ORDERER_MSP=$(orderer_org_crypto)/orderers/$(orderer_host "$o")/msp \
    render "$NETWORK_DIR/config/orderer.yaml.tmpl" >"$dir/orderer.yaml"
done

# Peers, and each organisation's part of the channel configuration.
orgs="" org_refs=""
for org in "${ORGS[@]}"; do
  export ORG_LABEL=${ORG_NAME[$org]} MSP_ID=${ORG_MSP[$org]}
  export PEER_ADDR PEER_PORT PEER_CC_PORT PEER_OPS_PORT
  PEER_ADDR=$(node_addr "peer0.$org") PEER_PORT=$(node_port "peer0.$org") PEER_CC_PORT=$(node_port "peer0.$org" chaincode) PEER_OPS_PORT=$(node_port "peer0.$org" operations)
  orgs+=$(ORG_MSP_DIR=$(org_crypto "$org")/msp render "$NETWORK_DIR/config/configtx-org.yaml.tmpl")$'\n'
  org_refs+="        - *${ORG_NAME[$org]}"$'\n'
  dir=$NODES_DIR/peer0.$org
  mkdir -p "$dir/data"
  peer_dir=$(org_crypto "$org")/peers/$(peer_host "$org")
  PEER_HOST=$(peer_host "$org") PEER_DATA=$dir/data PEER_MSP=$peer_dir/msp PEER_TLS=$peer_dir/tls OPS_CLIENT_CA=$ops_tls/ca.crt \
    BUILDER_DIR=$NETWORK_DIR/builders/ccaas \
    render "$NETWORK_DIR/config/core.yaml.tmpl" >"$dir/core.yaml"
done

# How long an orderer waits for more transactions before it cuts a block that is not full.
batch_timeout=${WIPETRACE_BATCH_TIMEOUT:-500ms}
[[ $batch_timeout =~ ^[1-9][0-9]*(ms|s)$ ]] ||
  die "WIPETRACE_BATCH_TIMEOUT is a duration such as 500ms or 2s, not '$batch_timeout'"
ORDERER_ORG_MSP=$(orderer_org_crypto)/msp CONSENTERS=${consenters%$'\n'} ORDERER_ENDPOINTS=${endpoints%$'\n'} \
  BATCH_TIMEOUT=$batch_timeout APPLICATION_ORGS=${orgs%$'\n'} APPLICATION_ORG_REFS=${org_refs%$'\n'} \
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
    echo "        peer-endpoint: $(node_endpoint "peer0.$org")"
    echo "        override-authority: $(peer_host "$org")"
    echo "        tls-root-cert: $(peer_tls_ca "$org")"
    echo "        certificate: $(org_crypto "$org")/users/$user/msp/signcerts/$user-cert.pem"
    echo "        key-directory: $(org_crypto "$org")/users/$user/msp/keystore"
  done
} >"$GATEWAY_DIR/network.yml"
