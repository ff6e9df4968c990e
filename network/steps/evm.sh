#!/usr/bin/env bash
# Starts the local EVM development node (anvil, from the npm registry) that the ledger is anchored
# to, and deploys the anchor contract on it once. Anvil keeps its chain in <state>/evm/chain.json,
# dumped every few seconds and at shutdown, so `up` after `down` finds the same contract. Writes
# <state>/gateway/evm.yml for the gateway, and the alliance's trust file <state>/wipetrace-trust.json that verifiers
# pin (docs/proof-bundle.md). It mines a block every few seconds (WIPETRACE_EVM_BLOCK_TIME, below), so confirmations
# accrue. With WIPETRACE_EVM_RPC_URL set, nothing local is started. WIPETRACE_ANCHORING_CONFIRMATIONS (default 2) sets
# the gateway's confirmations and the trust file's alike.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

evm_dir=$WIPETRACE_STATE/evm
mkdir -p "$evm_dir" "$GATEWAY_DIR"
confirmations=${WIPETRACE_ANCHORING_CONFIRMATIONS:-2}
if [[ ! $confirmations =~ ^[1-9][0-9]*$ ]]; then
  echo "WIPETRACE_ANCHORING_CONFIRMATIONS must be a positive integer, not '$confirmations'"
  exit 1
fi
# Seconds between the local node's blocks (default 3). Every block, empty or not, costs the node memory, more the
# longer its chain: two idle copies of a ten-minute chain grew from 15 MiB to 466 MiB in 30 minutes with a block a
# second (11 MiB a minute at first, 24 after 20 minutes, then level) and to about 100 MiB with a block every 3 s.
# A proof is final after the anchor's block and its confirmations, about (confirmations + 1) x this time after the
# anchor is sent: 9 s rather than 3 s, against an anchoring window of 30 s (docs/operations.md, "Memory").
# The test and rehearsal instances keep a block a second: their suites wait for anchors many times over, each about
# three blocks' time, and they live an hour, not days.
if [[ $WIPETRACE_INSTANCE == up ]]; then default_block_time=3; else default_block_time=1; fi
block_time=${WIPETRACE_EVM_BLOCK_TIME:-$default_block_time}
if [[ ! $block_time =~ ^[1-9][0-9]*$ ]]; then
  echo "WIPETRACE_EVM_BLOCK_TIME must be a positive whole number of seconds, not '$block_time'"
  exit 1
fi

if [[ -n ${WIPETRACE_EVM_RPC_URL:-} ]]; then
  # An external chain: its contract address and the anchoring key come from the environment.
  : "${WIPETRACE_EVM_CONTRACT:?set WIPETRACE_EVM_CONTRACT to the anchor contract deployed on that chain}"
  : "${WIPETRACE_EVM_KEY_FILE:?set WIPETRACE_EVM_KEY_FILE to the key file of the anchoring account}"
  : "${WIPETRACE_EVM_DEPLOYMENT_TX:?set WIPETRACE_EVM_DEPLOYMENT_TX to the transaction that deployed the contract}"
  rpc=$WIPETRACE_EVM_RPC_URL contract=$WIPETRACE_EVM_CONTRACT key_file=$WIPETRACE_EVM_KEY_FILE
  deployment_tx=$WIPETRACE_EVM_DEPLOYMENT_TX
else
  anvil=$WIPETRACE_CACHE/anvil/$ANVIL_VERSION/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil
  if [[ ! -x $anvil ]]; then
    rm -rf "$WIPETRACE_CACHE/anvil/$ANVIL_VERSION.tmp"
    mkdir -p "$WIPETRACE_CACHE/anvil/$ANVIL_VERSION.tmp"
    npm install --no-audit --no-fund --loglevel=error --prefix "$WIPETRACE_CACHE/anvil/$ANVIL_VERSION.tmp" \
      "@foundry-rs/anvil-linux-amd64@$ANVIL_VERSION"
    rm -rf "$WIPETRACE_CACHE/anvil/$ANVIL_VERSION"
    mv "$WIPETRACE_CACHE/anvil/$ANVIL_VERSION.tmp" "$WIPETRACE_CACHE/anvil/$ANVIL_VERSION"
  fi

  solidity=$REPO_DIR/anchor/target/classes/solidity
  bin=$solidity/WipeTraceAnchor.bin
  if [[ ! -f $bin || $REPO_DIR/anchor/src/main/solidity/WipeTraceAnchor.sol -nt $bin ]]; then
    (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never -pl anchor -am package -DskipTests)
  fi
  # Installed and built here, where npm and Maven reach their registries; the rest runs on the operator's host on
  # `hosts`.
  run_on_operator_host "$0" "$@"

  rpc=http://$(node_endpoint evm)
  if pid=$(running_pid evm); then
    echo "EVM node already running (pid $pid)"
  else
    if port_in_use "$EVM_PORT" evm; then
      echo "port $EVM_PORT, needed by the EVM node, is already in use"
      exit 1
    fi
    start_process evm "$LOG_DIR/evm.log" "$anvil" --host "$(node_addr evm)" --port "$EVM_PORT" \
      --chain-id "$EVM_CHAIN_ID" --state "$evm_dir/chain.json" --state-interval 5 --block-time "$block_time" \
      --config-out "$evm_dir/node.json"
    wait_for_port "$EVM_PORT" 30 "$(<"$(pid_file evm)")" evm
    # The block time it runs with, for tests that stop and resume its mining.
    echo "$block_time" >"$evm_dir/block-time"
    echo "EVM node started (pid $(<"$(pid_file evm)")) on port $EVM_PORT"
  fi

  # rpc_call METHOD PARAMS-JSON-ARRAY: prints the result; fails on a JSON-RPC error.
  rpc_call() {
    local request response
    request=$(jq -cn --arg m "$1" --argjson p "$2" '{jsonrpc: "2.0", id: 1, method: $m, params: $p}')
    response=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -d "$request" "$rpc")
    if jq -e '.error' <<<"$response" >/dev/null; then
      echo "$1 failed: $(jq -c .error <<<"$response")" >&2
      return 1
    fi
    jq -r '.result' <<<"$response"
  }

  # The development node's first account anchors. Its key is anvil's own development key, written
  # by anvil into node.json; it is copied to a file only the owner can read, as a production key is.
  key_file=$evm_dir/anchorer.key
  anchorer=$(jq -r '.available_accounts[0]' "$evm_dir/node.json")
  if [[ ! -f $key_file ]]; then
    (umask 077; jq -r '.private_keys[0]' "$evm_dir/node.json" >"$key_file")
  fi

  contract=""
  code_hash=$(sha256sum "$bin" | cut -c1-64)
  if [[ -f $evm_dir/deployment.json ]]; then
    contract=$(jq -r .address "$evm_dir/deployment.json")
    if [[ $(rpc_call eth_getCode "[\"$contract\", \"latest\"]") == 0x ]]; then
      echo "the chain has no code at $contract (its state was lost); deploying again"
      contract=""
    elif [[ $(jq -r '.codeHash // ""' "$evm_dir/deployment.json") != "$code_hash" ]]; then
      echo "the anchor contract at $contract was built from another version of WipeTraceAnchor.sol;"
      echo "its anchors and the gateway's would not agree: start afresh with ./wipetrace down --purge"
      exit 1
    fi
  fi
  if [[ -z $contract ]]; then
    # Constructor argument: the anchoring account, ABI-encoded as one 32-byte word.
    argument=$(printf '%064s' "${anchorer#0x}" | tr ' ' 0)
    tx=$(rpc_call eth_sendTransaction "[{\"from\": \"$anchorer\", \"data\": \"0x$(<"$bin")$argument\"}]")
    # Wait for the block that mines the deployment.
    for ((i = 0; i < 150 * block_time; i++)); do
      receipt=$(rpc_call eth_getTransactionReceipt "[\"$tx\"]")
      [[ $receipt != null ]] && break
      sleep 0.2
    done
    [[ $(jq -r .status <<<"$receipt") == 0x1 ]] || { echo "deploying the anchor contract failed: $receipt"; exit 1; }
    contract=$(jq -r .contractAddress <<<"$receipt")
    jq -n --arg address "$contract" --arg tx "$tx" --arg anchorer "$anchorer" --argjson chainId "$EVM_CHAIN_ID" \
      --arg block "$(jq -r .blockNumber <<<"$receipt")" --arg codeHash "$code_hash" \
      '{address: $address, transaction: $tx, block: $block, anchorer: $anchorer, chainId: $chainId, codeHash: $codeHash}' \
      >"$evm_dir/deployment.json"
    echo "anchor contract deployed at $contract (transaction $tx)"
  else
    echo "anchor contract at $contract"
  fi
  deployment_tx=$(jq -r .transaction "$evm_dir/deployment.json")
fi

# The trust file: public (mode 644), the same bytes for the same alliance, so rewriting it changes nothing.
chain_id=${WIPETRACE_EVM_CHAIN_ID:-$EVM_CHAIN_ID}
authorities='{}'
for org in "${ORGS[@]}"; do
  pems=("$(org_crypto "$org")"/msp/cacerts/*.pem)
  [[ -f ${pems[0]} ]] || { echo "no CA certificate in $(org_crypto "$org")/msp/cacerts"; exit 1; }
  authorities=$(jq -c --arg msp "${ORG_MSP[$org]}" --rawfile pem "${pems[0]}" '. + {($msp): $pem}' <<<"$authorities")
done
jq -n --arg channel "$CHANNEL_NAME" --argjson chainId "$chain_id" --arg contract "${contract,,}" \
  --arg tx "$deployment_tx" --argjson confirmations "$confirmations" --argjson authorities "$authorities" \
  '{format: "wipetrace-trust", version: 1, alliance: "WipeTrace local alliance", channel: $channel,
    chainId: $chainId, anchorContract: $contract, deploymentTransaction: $tx, confirmations: $confirmations,
    memberCertificateAuthorities: $authorities}' >"$TRUST_FILE.tmp"
chmod 644 "$TRUST_FILE.tmp"
mv "$TRUST_FILE.tmp" "$TRUST_FILE"
echo "trust file $TRUST_FILE"

{
  echo "# Written by network/steps/evm.sh for the '$WIPETRACE_INSTANCE' instance. Do not edit."
  echo "wipetrace:"
  echo "  anchoring:"
  echo "    enabled: true"
  echo "    rpc-url: $rpc"
  echo "    chain-id: $chain_id"
  echo "    contract-address: \"$contract\""
  echo "    key-file: $key_file"
  echo "    confirmations: $confirmations"
  echo "    trust-file: $TRUST_FILE"
} >"$GATEWAY_DIR/evm.yml"
