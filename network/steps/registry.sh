#!/usr/bin/env bash
# Registers the local organisations, sites and demo wiping stations (network/config/registry.json)
# as RegulatorOrg, skipping whatever is registered already. Each demo station's key pair is made
# once under <state>/stations/<stationId>/ (private.pem, PKCS#8), so that local tools and tests
# can sign erasure reports as that station.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"
run_on_operator_host "$0" "$@"

registry=$NETWORK_DIR/config/registry.json
stations_dir=$WIPETRACE_STATE/stations
read -r -a orderer_args <<<"$(orderer_cli_args)"
# Registry keys carry a key-level policy naming the regulator's peer; new keys need the channel's MAJORITY of the
# topology's organisations: the regulator (the organisation registry.json gives the role REGULATOR) endorses, with
# as many others, in the topology's order, as a majority needs.
regulator_msp=$(jq -r '[.organisations[] | select(.roles | index("REGULATOR")) | .mspId][0] // empty' "$registry")
regulator=$(topology -r --arg msp "$regulator_msp" '.organisations[] | select(.mspId == $msp) | .key')
[[ -n $regulator ]] || die "registry.json names no REGULATOR organisation of the topology"
endorsing=("$regulator")
for org in "${ORGS[@]}"; do
  ((${#endorsing[@]} < ${#ORGS[@]} / 2 + 1)) || break
  [[ $org == "$regulator" ]] || endorsing+=("$org")
done
endorsers=()
for org in "${endorsing[@]}"; do
  endorsers+=(--peerAddresses "$(node_endpoint "peer0.$org")" --tlsRootCertFiles "$(peer_tls_ca "$org")")
done
peer_cli_env "$regulator"

call() { jq -cn --arg fn "$1" '{Args: ([$fn] + $ARGS.positional)}' --args "${@:2}"; }
registered() { peer_cli chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -c "$(call "registry:$1" "$2")" >/dev/null 2>&1; }
register() {
  peer_cli chaincode invoke "${orderer_args[@]}" -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" "${endorsers[@]}" \
    --waitForEvent -c "$(call "registry:$1" "$2")"
}

jq -c '.organisations[]' "$registry" | while read -r org; do
  id=$(jq -r .mspId <<<"$org")
  if registered GetOrganisation "$id"; then echo "organisation $id registered already"; else register RegisterOrganisation "$org"; fi
done
jq -c '.sites[]' "$registry" | while read -r site; do
  id=$(jq -r .siteId <<<"$site")
  if registered GetSite "$id"; then echo "site $id registered already"; else register RegisterSite "$site"; fi
done

key_options() {
  case $1 in
    ECDSA_P256) echo "-algorithm EC -pkeyopt ec_paramgen_curve:P-256" ;;
    ED25519) echo "-algorithm ED25519" ;;
    SM2) echo "-algorithm SM2" ;;
    *) echo "unknown station algorithm $1" >&2; return 1 ;;
  esac
}
jq -c '.stations[]' "$registry" | while read -r station; do
  id=$(jq -r .stationId <<<"$station")
  dir=$stations_dir/$id
  if [[ ! -f $dir/private.pem ]]; then
    mkdir -p "$dir"
    # shellcheck disable=SC2046
    openssl genpkey $(key_options "$(jq -r .algorithm <<<"$station")") -out "$dir/private.pem.tmp"
    chmod 600 "$dir/private.pem.tmp"
    mv "$dir/private.pem.tmp" "$dir/private.pem"
  fi
  public=$(openssl pkey -in "$dir/private.pem" -pubout -outform DER | base64 -w0)
  echo "$public" >"$dir/public.b64"
  if registered GetStation "$id"; then
    echo "station $id registered already"
  else
    register RegisterStation "$(jq -c --arg key "$public" '. + {publicKey: $key}' <<<"$station")"
  fi
done
