#!/usr/bin/env bash
# Installs the Python tools the test suite uses (schemathesis, the OpenAPI fuzzer) from PyPI into a
# virtual environment in the cache, once per pinned version.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

venv=$SCHEMATHESIS_HOME
# The stamp is written last, so an interrupted install is redone rather than trusted.
if [[ -f $venv/installed && -x $venv/bin/st ]]; then
  exit 0
fi
command -v python3 >/dev/null || die "python3 is needed for schemathesis; none found on PATH"
echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
"$venv/bin/st" --version
touch "$venv/installed"
