#!/bin/sh
# Installs what keysweep needs to build and test, from Debian 12 packages. A no-op when every
# package is already present (no apt-get update, no network).
set -eu
PACKAGES="build-essential cmake ninja-build pkg-config git python3 python3-jsonschema
libre2-dev libgit2-dev libcli11-dev nlohmann-json3-dev catch2 libtomlplusplus-dev
libvectorscan-dev libssl-dev libmbedtls-dev libdeflate-dev zlib1g-dev libsodium-dev libjemalloc-dev wamerican ripgrep pre-commit openssl
python3-markdown git-filter-repo"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "keysweep: installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
