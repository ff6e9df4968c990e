#!/usr/bin/env bash
# Deploys the chaincode as a service: builds the jar when its sources changed, packages a ccaas
# package (connection details only), installs it on every peer, approves it for every
# organisation, commits it with the channel's MAJORITY endorsement policy, and (re)starts the
# chaincode server. A changed chaincode is committed with the next sequence; an unchanged one is
# left as it is.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

jar=$REPO_DIR/chaincode/target/wipetrace-chaincode.jar
mkdir -p "$CHAINCODE_DIR"

# The version is a digest of what goes into the jar, so an unchanged chaincode is not redeployed.
digest=$(cd "$REPO_DIR" && find chaincode/src/main chaincode/pom.xml pom.xml -type f -print0 | sort -z \
  | xargs -0 sha256sum | sha256sum | cut -c1-12)
version=$digest
label=${CHAINCODE_LABEL_PREFIX}_$digest

if [[ ! -f $jar || $(cat "$CHAINCODE_DIR/jar.digest" 2>/dev/null) != "$digest" ]]; then
  echo "building the chaincode jar ($digest)"
  (cd "$REPO_DIR" && mvn -B -q -pl chaincode -am package -DskipTests)
  echo "$digest" >"$CHAINCODE_DIR/jar.digest"
fi

# The package: metadata.json plus code.tar.gz holding connection.json. Built deterministically
# (fixed order, owner and mtime) so the same label and address always give the same package ID.
pkg=$CHAINCODE_DIR/$label.tar.gz
if [[ ! -f $pkg ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$CHAINCODE_PORT" >"$work/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
  tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime=@0)
  tar -C "$work" "${tar_opts[@]}" -cf - connection.json | gzip -n >"$work/code.tar.gz"
  tar -C "$work" "${tar_opts[@]}" -cf - metadata.json code.tar.gz | gzip -n >"$pkg.tmp"
  mv "$pkg.tmp" "$pkg"
fi
package_id=$(peer_cli lifecycle chaincode calculatepackageid "$pkg")
echo "package $package_id"

for org in "${ORGS[@]}"; do
  peer_cli_env "$org"
  if peer_cli lifecycle chaincode queryinstalled -O json | grep -q "\"$package_id\""; then
    echo "installed on peer0.$org already"
  else
    peer_cli lifecycle chaincode install "$pkg"
  fi
done

# Start (or restart) the chaincode server for this package before it is committed.
if pid=$(running_pid chaincode) && [[ $(cat "$CHAINCODE_DIR/running.id" 2>/dev/null) == "$package_id" ]]; then
  echo "chaincode server already running for this package (pid $pid)"
else
  stop_process chaincode
  if port_in_use "$CHAINCODE_PORT"; then
    echo "port $CHAINCODE_PORT, needed by the chaincode server, is already in use"
    exit 1
  fi
  cp "$jar" "$CHAINCODE_DIR/wipetrace-chaincode.jar"
  CHAINCODE_SERVER_ADDRESS=127.0.0.1:$CHAINCODE_PORT CORE_CHAINCODE_ID_NAME=$package_id \
    start_process chaincode "$LOG_DIR/chaincode.log" \
    "$JAVA_HOME/bin/java" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -jar "$CHAINCODE_DIR/wipetrace-chaincode.jar"
  echo "$package_id" >"$CHAINCODE_DIR/running.id"
  wait_for_port "$CHAINCODE_PORT" 60 "$(<"$(pid_file chaincode)")"
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
definition=(--channelID "$CHANNEL_NAME" --name "$CHAINCODE_NAME" --version "$version" --sequence "$sequence")
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
  peers+=(--peerAddresses "127.0.0.1:$(peer_port "$org")" --tlsRootCertFiles "$(peer_tls_ca "$org")")
done
peer_cli_env collector
peer_cli lifecycle chaincode commit "${orderer_args[@]}" "${definition[@]}" "${peers[@]}"
peer_cli lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME"
