#!/usr/bin/env bash
# Checks the build digests (service_source_digest in network/lib.sh) against a copy of the modules' poms and sources:
# a change in a module's own sources, in its pom, or in a module it depends on (directly or through another) changes
# its digest, so `up` rebuilds its jar; a change in a module it does not depend on leaves the digest alone. Run it
# from anywhere: network/test/build-digest.sh (./wipetrace test runs it first).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
(cd "$REPO_DIR" && cp pom.xml "$copy/" && for pom in */pom.xml; do
  module=${pom%/pom.xml}
  mkdir -p "$copy/$module/src"
  cp "$pom" "$copy/$module/"
  [[ -d $module/src/main ]] && cp -r "$module/src/main" "$copy/$module/src/"
done)
REPO_DIR=$copy

failures=0
digests() { local m; for m in chaincode gateway portal proof; do printf '%s=%s ' "$m" "$(service_source_digest "$m")"; done; }
digest_in() { local entry; for entry in $1; do [[ $entry == "$2="* ]] && echo "${entry#*=}"; done; }
# after CHANGE CHANGED UNCHANGED: after CHANGE (a command run in the copy), the modules in CHANGED have new digests and
# those in UNCHANGED the same ones.
after() {
  local change=$1 before now m
  before=$(digests)
  (cd "$copy" && eval "$change")
  now=$(digests)
  for m in $2; do
    [[ " $before " != *" $m=$(digest_in "$now" "$m") "* ]] || { say "FAIL: $m's digest ignores: $change"; failures=$((failures + 1)); }
  done
  for m in $3; do
    [[ " $before " == *" $m=$(digest_in "$now" "$m") "* ]] || { say "FAIL: $m's digest changed with: $change"; failures=$((failures + 1)); }
  done
  say "  $change: $now"
}

say "build digests: $(digests)"
after 'echo "// changed" >>"$(find proof/src/main -name "*.java" | sort | head -n 1)"' "proof chaincode gateway portal" ""
after 'echo "<!-- changed -->" >>proof/pom.xml' "proof chaincode gateway portal" ""
after 'echo "// changed" >>"$(find verifier/src/main -name "*.java" | sort | head -n 1)"' "gateway" "chaincode portal proof"
after 'echo "// changed" >>"$(find gateway/src/main -name "*.java" | sort | head -n 1)"' "gateway" "chaincode portal proof"
after 'echo "/* changed */" >>"$(find portal/src/main -type f | sort | head -n 1)"' "portal" "chaincode gateway proof"
after 'echo "<!-- changed -->" >>pom.xml' "chaincode gateway portal proof" ""

if ((failures)); then say "build digests: $failures failure(s)"; exit 1; fi
say "build digests: each follows its module's Maven dependencies"
