#!/usr/bin/env bash
# Installs the Debian packages WipeTrace needs beyond the build tools, once: the arguments name what is
# needed, `runtime` (the TrueType CJK font the certificate PDF embeds) and `browser` (Chromium and its driver for the portal's tests).
# Each need is checked by the file it provides, so an installed system is left alone.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
source "$NETWORK_DIR/lib.sh"

declare -A provides=(
  [chromium]=/usr/bin/chromium
  [chromium-driver]=/usr/bin/chromedriver
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  [fonts-wqy-zenhei]=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
)
declare -A packages_for=(
  [runtime]="fonts-wqy-zenhei"
  [browser]="chromium chromium-driver fonts-noto-cjk"
)

missing=()
for need in "$@"; do
  [[ -n ${packages_for[$need]:-} ]] || die "unknown need '$need' (known: ${!packages_for[*]})"
  for package in ${packages_for[$need]}; do
    [[ -e ${provides[$package]} ]] || missing+=("$package")
  done
done
((${#missing[@]})) || exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  die "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
fi
command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them with"
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
  || { "${as_root[@]}" apt-get update && "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; }
for package in "${missing[@]}"; do
  [[ -e ${provides[$package]} ]] || die "package $package installed but ${provides[$package]} is still missing"
done
