#!/usr/bin/env bash
# npm run setup: install Node dependencies, then make sure Dawn can find a WebGPU adapter.
# On a Linux machine without a GPU driver this installs the Vulkan loader and Mesa's software Vulkan
# driver (lavapipe, Mesa >= 25: Dawn refuses older lavapipe). Idempotent; runs as root or through sudo.
# When another apt or dpkg holds the package lock (unattended upgrades, a second setup), it waits for it, saying
# which process holds it, for at most PHASOR_APT_LOCK_WAIT seconds (default 600), then stops with the holder named.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

say "installing Node dependencies (npm ci)"
npm ci --no-audit --no-fund

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
probe() { node scripts/probe-adapter.mjs 2>/dev/null; }

if probe; then
  say "WebGPU adapter found: nothing else to install"
  exit 0
fi

[ "$(uname -s)" = Linux ] || die "no WebGPU adapter. Install your GPU's driver (Metal on macOS, D3D12/Vulkan on Windows) and run 'npm run setup' again."

if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
  die "no WebGPU adapter, and installing the software Vulkan driver needs root: run 'sudo npm run setup', or install libvulkan1 and mesa-vulkan-drivers (Mesa >= 25) yourself."
fi
command -v apt-get >/dev/null || die "no WebGPU adapter and no apt-get: install a Vulkan loader and a Vulkan driver (a GPU driver, or Mesa >= 25 lavapipe) with your package manager."

. /etc/os-release
APT=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0)
APT_LOCK_WAIT="${PHASOR_APT_LOCK_WAIT:-600}"
APT_LOCK_POLL="${PHASOR_APT_LOCK_POLL:-5}"
# apt_get ARGS...: apt-get, retried while another apt/dpkg holds its lock (bounded by APT_LOCK_WAIT seconds); its
# output is shown only when it fails for another reason
apt_get() {
  local started=$SECONDS out status holder told=0
  while :; do
    status=0
    out=$("${APT[@]}" "$@" 2>&1) || status=$?
    [ "$status" -eq 0 ] && return 0
    if ! grep -qE 'Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock (the )?(administration )?directory' <<<"$out"; then
      printf '%s\n' "$out" >&2
      return "$status"
    fi
    holder=$(grep -oE 'held by process [0-9]+( \([^)]*\))?' <<<"$out" | head -n1 | sed 's/^held by //')
    if (( SECONDS - started >= APT_LOCK_WAIT )); then
      die "another package manager (${holder:-unknown process}) still holds apt's lock after ${APT_LOCK_WAIT} s; let it finish, then run 'npm run setup' again (PHASOR_APT_LOCK_WAIT=<seconds> waits longer)"
    fi
    if [ "$told" -eq 0 ]; then
      say "another package manager (${holder:-unknown process}) holds apt's lock: waiting for it, at most ${APT_LOCK_WAIT} s"
      told=1
    fi
    sleep "$APT_LOCK_POLL"
  done
}
candidate_mesa() { apt-cache policy "$@" mesa-vulkan-drivers 2>/dev/null | awk '/Candidate:/ {print $2}'; }
major() { sed -E 's/^([0-9]+:)?([0-9]+).*/\2/' <<<"$1"; }

say "no WebGPU adapter: installing the Vulkan loader and Mesa's software Vulkan driver (lavapipe)"
apt_get update
target=()
if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
  # Debian 12 ships Mesa 22.3, which Dawn refuses; Mesa 25 is in bookworm-backports.
  if ! apt-cache policy 2>/dev/null | grep -q bookworm-backports; then
    uris=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n1 | sed 's/^URIs:[[:space:]]*//')
    [ -n "$uris" ] || uris=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1)
    [ -n "$uris" ] || uris=http://deb.debian.org/debian
    say "adding the bookworm-backports suite ($uris)"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uris" \
      | "${SUDO[@]}" tee /etc/apt/sources.list.d/phasor-backports.sources >/dev/null
    apt_get update
  fi
  target=(-t bookworm-backports)
fi
version=$(candidate_mesa "${target[@]}")
[ -n "$version" ] && [ "$version" != "(none)" ] || die "apt has no mesa-vulkan-drivers package for ${PRETTY_NAME:-this system}."
[ "$(major "$version")" -ge 25 ] || say "warning: mesa-vulkan-drivers $version is older than 25; Dawn may refuse it"
apt_get install --no-install-recommends "${target[@]}" libvulkan1 mesa-vulkan-drivers
say "installed libvulkan1 and mesa-vulkan-drivers $version"

if out=$(node scripts/probe-adapter.mjs 2>&1); then
  say "$(grep adapter: <<<"$out")"
else
  printf '%s\n' "$out" >&2
  die "the Vulkan driver is installed but Dawn still finds no adapter (see above). 'npx phasor doctor' shows details."
fi
