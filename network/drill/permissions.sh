#!/usr/bin/env bash
# Key file permissions: no file in the instance's state directory that holds a private key (a PEM "PRIVATE KEY",
# cryptogen's *_sk, a *.key, a peer's released chaincode connection with its client key) may be readable by group or others.
# Lists every such file and exits non-zero when there is one.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

[[ -d $WIPETRACE_STATE ]] || die "no state directory for the '$WIPETRACE_INSTANCE' instance; start it with ./wipetrace up"
mapfile -t exposed < <(readable_key_files "$WIPETRACE_STATE")
if ((${#exposed[@]} > 0)); then
  echo "private keys readable by group or others:"
  for file in "${exposed[@]}"; do
    printf '  %s %s\n' "$(stat -c %a "$file")" "${file#"$WIPETRACE_STATE"/}"
  done
  exit 1
fi
echo "every private key in the state directory is readable by its owner only"
