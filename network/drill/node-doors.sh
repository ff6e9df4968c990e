#!/usr/bin/env bash
# The nodes' doors, checked on a running network:
#  - every orderer's and peer's operations endpoint (health, metrics, log levels) answers HTTPS only, and only to a
#    caller with a certificate from the operations CA: plain HTTP and HTTPS without a client certificate are refused,
#    the operations client's certificate gets /healthz;
#  - the chaincode package every organisation installs holds no private key;
#  - each peer dials the chaincode server with a client certificate of its own.
# Prints what it found and exits non-zero when a door is open.
set -uo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

failures=0
fail() { echo "  OPEN: $*"; failures=$((failures + 1)); }

nodes=("${ORDERERS[@]}")
for org in "${ORGS[@]}"; do nodes+=("peer0.$org"); done
for n in "${nodes[@]}"; do
  url=$(node_endpoint "$n" operations)
  curl -fsS --max-time 3 "http://$url/healthz" >/dev/null 2>&1 && fail "$n answers plain HTTP on its operations port"
  curl -ksS --max-time 3 -o /dev/null "https://$url/logspec" 2>/dev/null && fail "$n answers /logspec without a client certificate"
  ops_get "$n" /healthz --max-time 5 >/dev/null 2>&1 || fail "$n does not answer the operations client's /healthz"
done

# The packages: the one the network step made and every copy a peer keeps.
mapfile -t packages < <(find "$CHAINCODE_DIR" "$NODES_DIR" -type f -name '*.tar.gz' \( -path "$CHAINCODE_DIR/*" -o -path '*chaincodes*' \))
((${#packages[@]} > 0)) || fail "no chaincode package found under the state directory"
for pkg in "${packages[@]}"; do
  # grep -c reads to the end, so no tar in the pipe dies of SIGPIPE.
  keys=$( { tar -xzOf "$pkg" code.tar.gz 2>/dev/null | tar -xzO 2>/dev/null; } | grep -ac 'PRIVATE KEY' || true)
  if ((keys > 0)); then
    fail "the chaincode package ${pkg#"$WIPETRACE_STATE"/} holds a private key"
  fi
done

# The connections the peers' builders released: one client certificate per peer, none shared.
declare -A cert_of=()
for org in "${ORGS[@]}"; do
  released=$(find "$NODES_DIR/peer0.$org" -path '*release/chaincode/server/connection.json' -type f 2>/dev/null | head -1)
  if [[ -z $released ]]; then
    fail "peer0.$org has released no chaincode connection"
    continue
  fi
  cert_of[$org]=$(jq -r '.client_cert // empty' "$released" | sha256sum | cut -c1-16)
  [[ -n $(jq -r '.client_key // empty' "$released") ]] || fail "peer0.$org's chaincode connection has no client key"
done
distinct=$(printf '%s\n' "${cert_of[@]}" | sort -u | wc -l)
((distinct == ${#ORGS[@]})) || fail "${#ORGS[@]} peers dial the chaincode server with only $distinct distinct client certificates"

if ((failures > 0)); then
  exit 1
fi
echo "operations endpoints: HTTPS with client certificates on ${#nodes[@]} nodes; chaincode package without keys;" \
  "${#ORGS[@]} peers with ${distinct} client certificates of their own"
