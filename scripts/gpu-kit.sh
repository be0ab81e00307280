#!/usr/bin/env bash
# scripts/gpu-kit.sh: builds gpu-kit/phasor-gpu-kit.tar.xz, one self-contained archive that runs `phasor doctor`,
# `npm run bench` and the other `phasor` commands on an offline x86-64 Linux machine with a GPU driver but no Node
# and no Vulkan loader. It holds this machine's Node binary, the Vulkan loader (libvulkan1's .deb, fetched with
# `apt-get download`), the project's files (tracked and untracked-but-not-ignored, without test/ and reports/) and
# the node_modules it needs at run time: the production dependencies plus the TF.js peers that the benchmarks compare
# against, with only the linux-x64 dawn.node. The launcher inside is scripts/gpu-kit-run.sh (phasor-kit/run.sh).
#
#   bash scripts/gpu-kit.sh [--out DIR] [--dry-run]
#     --out DIR   where the archive goes (default gpu-kit/, ignored by git)
#     --dry-run   check the prerequisites and list what would go in; builds nothing, downloads nothing
#   PHASOR_KIT_LIBVULKAN_DEB=file.deb   use this libvulkan1 .deb instead of `apt-get download libvulkan1`
#   XZ_OPT                              xz options (default -6 -T2)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

say() { printf '[gpu-kit] %s\n' "$*"; }
die() { printf '[gpu-kit] error: %s\n' "$*" >&2; exit 1; }

OUTDIR=gpu-kit
DRY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || die "--out needs a directory"; OUTDIR=$2; shift 2 ;;
    --dry-run) DRY=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

# --- prerequisites -----------------------------------------------------------------------------------------------
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || die "the kit is for linux-x64 and takes this machine's Node binary: build it on x86-64 Linux (this is $(uname -s)-$(uname -m))."
NODE=$(command -v node) || die "no 'node' on PATH: the kit copies this machine's Node binary (Node >= 20.19)."
NODE=$(readlink -f "$NODE")
NODE_VERSION=$("$NODE" -p 'process.versions.node')
"$NODE" -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "node $NODE_VERSION at $NODE is older than 20.19."
DAWN=node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$DAWN" ] || die "missing $DAWN: run 'npm ci' (the webgpu package ships the linux-x64 Dawn binary)."
for dev in @tensorflow/tfjs-core @tensorflow/tfjs-backend-webgpu; do
  [ -d "node_modules/$dev" ] || die "missing node_modules/$dev (a devDependency, the benchmarks' TF.js peer): run 'npm ci' without --omit=dev."
done
command -v git >/dev/null || die "git is needed to list the project's files."

# The node_modules directories the kit needs: the closure, through package-lock.json, of the production dependencies
# and the TF.js peers, resolved the way Node does (nested node_modules first) and kept only where installed (other
# platforms' optional packages are not).
mapfile -t PACKAGES < <("$NODE" -e '
  const fs = require("fs");
  const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages;
  const extra = ["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-webgpu"];
  const resolve = (from, name) => {
    for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, "")) {
      const p = `${dir ? dir + "/" : ""}node_modules/${name}`;
      if (lock[p]) return p;
      if (!dir) return null;
    }
  };
  const seen = new Set();
  const visit = (loc, names) => {
    for (const name of names) {
      const p = resolve(loc, name);
      if (!p || seen.has(p) || !fs.existsSync(p)) continue;
      seen.add(p);
      const e = lock[p];
      visit(p, Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies }));
    }
  };
  visit("", [...Object.keys(lock[""].dependencies ?? {}), ...extra]);
  console.log([...seen].sort().join("\n"));
')
[ "${#PACKAGES[@]}" -gt 0 ] || die "found no packages in package-lock.json."
mapfile -d '' -t FILES < <(git ls-files -z --cached --others --exclude-standard -- . ':!test' ':!reports')

if [ "$DRY" = 1 ]; then
  say "dry run: node $NODE_VERSION ($NODE), $DAWN, ${#FILES[@]} project files, ${#PACKAGES[@]} packages:"
  printf '  %s\n' "${PACKAGES[@]}"
  say "a build would also run 'apt-get download libvulkan1' and write $OUTDIR/phasor-gpu-kit.tar.xz"
  exit 0
fi

for tool in tar xz dpkg-deb; do command -v "$tool" >/dev/null || die "'$tool' is needed to build the kit."; done

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
KIT=$STAGE/phasor-kit
mkdir -p "$KIT/node/bin" "$KIT/lib" "$KIT/phasor"

# --- Node -----------------------------------------------------------------------------------------------------------
say "node $NODE_VERSION from $NODE"
if command -v strip >/dev/null; then strip --strip-unneeded -o "$KIT/node/bin/node" "$NODE"; else cp "$NODE" "$KIT/node/bin/node"; fi
"$KIT/node/bin/node" -e 0 || die "the copied Node binary does not run."

# --- Vulkan loader --------------------------------------------------------------------------------------------------
if [ -n "${PHASOR_KIT_LIBVULKAN_DEB:-}" ]; then
  DEB=$PHASOR_KIT_LIBVULKAN_DEB
  [ -f "$DEB" ] || die "PHASOR_KIT_LIBVULKAN_DEB=$DEB is not a file."
else
  command -v apt-get >/dev/null || die "no apt-get: fetch libvulkan1's amd64 .deb yourself and pass it as PHASOR_KIT_LIBVULKAN_DEB=file.deb."
  (cd "$STAGE" && apt-get download -q libvulkan1:amd64 >apt.log 2>&1) || { cat "$STAGE/apt.log" >&2
    die "'apt-get download libvulkan1' failed (no network or apt sources?): run 'apt-get update', or pass a .deb as PHASOR_KIT_LIBVULKAN_DEB=file.deb."; }
  DEB=$(ls "$STAGE"/libvulkan1_*.deb)
fi
dpkg-deb -x "$DEB" "$STAGE/deb"
LOADER=$(find "$STAGE/deb" -name 'libvulkan.so.1*' -path '*x86_64-linux-gnu*' | head -n1)
[ -n "$LOADER" ] || die "$DEB holds no x86_64 libvulkan.so.1."
cp -P "$(dirname "$LOADER")"/libvulkan.so.1* "$KIT/lib/"
cp "$STAGE/deb/usr/share/doc/libvulkan1/copyright" "$KIT/lib/libvulkan1.copyright" 2>/dev/null || true
say "Vulkan loader $(basename "$DEB")"

# --- the project and its node_modules -------------------------------------------------------------------------------
printf '%s\0' "${FILES[@]}" | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$KIT/phasor"
for p in "${PACKAGES[@]}"; do find "$p" -path "$p/node_modules" -prune -o ! -type d -print0; done \
  | tar --null -T - -cf - | tar -xf - -C "$KIT/phasor"
W=$KIT/phasor/node_modules/webgpu
find "$W/dist" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
if command -v strip >/dev/null; then strip --strip-unneeded "$W/dist/linux-x64/dawn.node"; fi
find "$KIT/phasor/node_modules" -name '*.map' -type f -delete
cp scripts/gpu-kit-run.sh "$KIT/run.sh"
chmod +x "$KIT/run.sh"
{
  echo "phasor GPU kit"
  echo "built   $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!test' ':!reports' 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "node    $NODE_VERSION"
  echo "vulkan  $(basename "$DEB")"
  echo
  echo "Needs: x86-64 Linux with glibc >= 2.34 and libstdc++ from GCC >= 12 (Debian 12, Ubuntu 22.04 or newer), and"
  echo "a Vulkan driver (NVIDIA: the proprietary driver with its nvidia_icd.json)."
  echo
  echo "  bash phasor-kit/run.sh doctor"
  echo "  OUT=/some/dir bash phasor-kit/run.sh bench --quick --only gemm"
  echo "  bash phasor-kit/run.sh help     # every command"
} >"$KIT/README.txt"

# --- the archive ----------------------------------------------------------------------------------------------------
mkdir -p "$OUTDIR"
ARCHIVE=$(cd "$OUTDIR" && pwd)/phasor-gpu-kit.tar.xz
say "compressing (xz ${XZ_OPT:--6 -T2})"
tar -C "$STAGE" -cf - phasor-kit | XZ_OPT="${XZ_OPT:--6 -T2}" xz -c >"$ARCHIVE.tmp"
mv "$ARCHIVE.tmp" "$ARCHIVE"
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
say "wrote ${ARCHIVE#"$ROOT"/}: $(mib "$(stat -c %s "$ARCHIVE")") compressed, $(mib "$(du -sb "$KIT" | cut -f1)") unpacked" \
  "(node $(mib "$(stat -c %s "$KIT/node/bin/node")"), node_modules $(mib "$(du -sb "$KIT/phasor/node_modules" | cut -f1)"), ${#PACKAGES[@]} packages)"
say "sha256 $(sha256sum "$ARCHIVE" | cut -d' ' -f1)"
say "run it: tar -xJf phasor-gpu-kit.tar.xz && bash phasor-kit/run.sh doctor"
