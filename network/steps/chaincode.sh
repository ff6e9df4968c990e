#!/usr/bin/env bash
# Deploys the chaincode as a service: builds the jar when its sources changed, packages a ccaas
# package (connection details only), installs it on every peer, approves it for every
# organisation, commits it with the channel's MAJORITY endorsement policy, and (re)starts the
# chaincode server. A changed chaincode is committed with the next sequence; an unchanged one is
# left as it is.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

# The build writes both jars; the instance deploys the production one or, on the test instance, the probe build.
jar_name=wipetrace-chaincode.jar
[[ $WIPETRACE_CHAINCODE_PROBE == true ]] && jar_name=wipetrace-chaincode-probe.jar
jar=$REPO_DIR/chaincode/target/$jar_name
mkdir -p "$CHAINCODE_DIR"

# Where and how the peers reach the chaincode server: mutual TLS with the chaincode CA. The package every
# organisation installs names the server and the CA only; each peer's builder adds that peer's own client certificate
# and key when it releases the chaincode (network/builders/ccaas/bin/release).
umask 077
cc_tls=$CRYPTO_DIR/chaincode
jq -n --arg address "$(node_endpoint chaincode)" --rawfile root "$cc_tls/ca.crt" \
  '{address: $address, dial_timeout: "10s", tls_required: true, client_auth_required: true,
    root_cert: $root}' >"$CHAINCODE_DIR/connection.json"
chmod 600 "$CHAINCODE_DIR/connection.json"

# The jar is rebuilt when its build digest changes (its sources and those of the modules it depends on); the version
# is a digest of that, the connection details and the private data collections, so an unchanged chaincode is never
# redeployed and a changed one always is.
source_digest=$(build_module_jar chaincode "$jar")
collections=$NETWORK_DIR/config/collections.json
version=$( (echo "$source_digest $jar_name"; cat "$CHAINCODE_DIR/connection.json" "$collections") | sha256sum | cut -c1-12)
label=${CHAINCODE_LABEL_PREFIX}_$version
# Built here, where Maven reaches its repositories; the rest runs on the operator's host on `hosts`.
run_on_operator_host "$0" "$@"

# The package: metadata.json plus code.tar.gz holding connection.json. Built deterministically
# (fixed order, owner and mtime) so the same label and connection always give the same package ID.
pkg=$CHAINCODE_DIR/$label.tar.gz
if [[ ! -f $pkg ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp "$CHAINCODE_DIR/connection.json" "$work/"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
  tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --mode=go-rwx)
  tar -C "$work" "${tar_opts[@]}" -cf - connection.json | gzip -n >"$work/code.tar.gz"
  tar -C "$work" "${tar_opts[@]}" -cf - metadata.json code.tar.gz | gzip -n >"$pkg.tmp"
  mv "$pkg.tmp" "$pkg"
fi
chmod 600 "$CHAINCODE_DIR"/*.tar.gz
peer_cli_env collector
package_id=$(peer_cli lifecycle chaincode calculatepackageid "$pkg")
echo "package $package_id"

for org in "${ORGS[@]}"; do
  peer_cli_env "$org"
  if peer_cli lifecycle chaincode queryinstalled -O json |
    jq -e --arg id "$package_id" 'any(.installed_chaincodes[]?; .package_id == $id)' >/dev/null; then
    echo "installed on peer0.$org already"
  else
    peer_cli lifecycle chaincode install "$pkg"
  fi
done
# The peers keep their copy of the package (with the client key) in their file systems: their owner's only.
find "$NODES_DIR" -type f -name '*.tar.gz' -path '*chaincodes*' -exec chmod 600 {} +

# The chaincode server's JVM: a small heap and the serial collector (its live data stays under 30 MB under the soak;
# collections took 0.2 % of its time at saturation), C1 only (see docs/performance.md). The heap starts at 32 MB and
# grows with use: without -Xms the JVM starts it at a 64th of the machine's memory, more than its maximum here. Its
# maximum is 128 MB: with 256 MB the serial collector grew the heap to about 220 MB under the soak (its old generation
# to 150 MB holding 18 MB) and kept it. The largest batches need more than 30 MB: four RegisterCollections of 500
# devices in flight, each run by three peers' endorsements at once, kept up to 60 MB live; with a 96 MB maximum that
# cost full collections of up to half a second (docs/performance.md, "Memory after an hour"). MALLOC_ARENA_MAX=2
# (below) keeps the C library from giving each thread an arena of its own (up to 8 a core), whose freed memory it
# keeps, and -XX:TrimNativeHeapInterval returns the C heap's free memory to the system every minute.
# WIPETRACE_CHAINCODE_JAVA_OPTS replaces these flags, for measuring others.
CHAINCODE_JAVA_OPTS="-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=60000"
java_options=${WIPETRACE_CHAINCODE_JAVA_OPTS:-$CHAINCODE_JAVA_OPTS}
# running.id names the package the server runs, running.options its JVM's options: either changed restarts it.

# Start (or restart) the chaincode server for this package before it is committed.
if pid=$(running_pid chaincode) && [[ $(cat "$CHAINCODE_DIR/running.id" 2>/dev/null) == "$package_id" ]] &&
  [[ $(cat "$CHAINCODE_DIR/running.options" 2>/dev/null) == "$java_options" ]]; then
  echo "chaincode server already running for this package (pid $pid)"
else
  stop_process chaincode
  if port_in_use "$CHAINCODE_PORT" chaincode; then
    echo "port $CHAINCODE_PORT, needed by the chaincode server, is already in use"
    exit 1
  fi
  cp "$jar" "$CHAINCODE_DIR/wipetrace-chaincode.jar"
  # The CLI's CORE_PEER_* settings describe a chaincode that dials its peer; the server must not see them.
  (
    unset FABRIC_CFG_PATH "${!CORE_PEER_@}"
    # The shim logs three lines at INFO for every transaction, one with its whole argument (a batch's is up to 2 MB),
    # and finds each line's caller by walking the stack: 8 % of the server's CPU under load (docs/performance.md).
    # Warnings and errors are still logged; WIPETRACE_CHAINCODE_LOGGING=info brings the rest back. (The shim sets its
    # own package's level from the first variable and its contract package's from the second.)
    # The server reads and writes world state keys in batches (Fabric 3.1's GET_STATE_MULTIPLE and WRITE_BATCH_STATE);
    # WIPETRACE_CHAINCODE_BATCHED_STATE=false, passed on from this environment, sends one message per key instead.
    read -r -a java_opts <<<"$java_options"
    CHAINCODE_SERVER_ADDRESS=$(node_endpoint chaincode) CORE_CHAINCODE_ID_NAME=$package_id \
      CHAINCODE_TLS_CERT_FILE=$CRYPTO_DIR/chaincode/server.crt CHAINCODE_TLS_KEY_FILE=$CRYPTO_DIR/chaincode/server.key \
      CHAINCODE_TLS_CLIENT_CA_FILE=$CRYPTO_DIR/chaincode/ca.crt \
      CORE_CHAINCODE_LOGGING_SHIM=${WIPETRACE_CHAINCODE_LOGGING:-warning} \
      CORE_CHAINCODE_LOGGING_LEVEL=${WIPETRACE_CHAINCODE_LOGGING:-warning} MALLOC_ARENA_MAX=2 \
      start_process chaincode "$LOG_DIR/chaincode.log" \
      "$JAVA_HOME/bin/java" "${java_opts[@]}" -jar "$CHAINCODE_DIR/wipetrace-chaincode.jar"
  )
  echo "$package_id" >"$CHAINCODE_DIR/running.id"
  echo "$java_options" >"$CHAINCODE_DIR/running.options"
  wait_for_port "$CHAINCODE_PORT" 60 "$(<"$(pid_file chaincode)")" chaincode
  echo "chaincode server started (pid $(<"$(pid_file chaincode)"))"
fi

peer_cli_env collector
committed=$(peer_cli lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -O json 2>/dev/null || true)
committed_version=$(jq -r '.version // empty' <<<"${committed:-{\}}")
committed_sequence=$(jq -r '.sequence // 0' <<<"${committed:-{\}}")
if [[ $committed_version == "$version" ]]; then
  echo "chaincode $CHAINCODE_NAME $version already committed at sequence $committed_sequence"
  exit 0
fi
sequence=$((committed_sequence + 1))
echo "deploying chaincode $CHAINCODE_NAME version $version at sequence $sequence"

read -r -a orderer_args <<<"$(orderer_cli_args)"
definition=(--channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --version "$version" --sequence "$sequence"
            --collections-config "$collections")
for org in "${ORGS[@]}"; do
  peer_cli_env "$org"
  readiness=$(peer_cli lifecycle chaincode checkcommitreadiness "${definition[@]}" -O json)
  if [[ $(jq -r --arg msp "${ORG_MSP[$org]}" '.approvals[$msp]' <<<"$readiness") == true ]]; then
    echo "${ORG_NAME[$org]} approved already"
  else
    peer_cli lifecycle chaincode approveformyorg "${orderer_args[@]}" "${definition[@]}" --package-id "$package_id"
  fi
done

peers=()
for org in "${ORGS[@]}"; do
  peers+=(--peerAddresses "$(node_endpoint "peer0.$org")" --tlsRootCertFiles "$(peer_tls_ca "$org")")
done
peer_cli_env collector
peer_cli lifecycle chaincode commit "${orderer_args[@]}" "${definition[@]}" "${peers[@]}"
peer_cli lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME"
