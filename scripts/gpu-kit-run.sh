#!/usr/bin/env bash
# phasor-kit/run.sh, the GPU kit's launcher (built by scripts/gpu-kit.sh): runs the kit's Node with the kit's Vulkan
# loader from the kit's copy of the project; needs nothing else installed but a Vulkan driver.
#
#   bash run.sh [--out DIR] doctor [--all-limits]     any `phasor` command: doctor, gradcheck, train, eval, ...
#   bash run.sh [--out DIR] bench [--quick] [--only gemm,mlp,...]
#   bash run.sh [--out DIR] tsx FILE [ARGS]           a TypeScript file of the project, e.g. bench/gemm.ts --no-tfjs
#   bash run.sh node [ARGS]                           the kit's node
#   bash run.sh env                                   print the environment the kit sets, run nothing
#
# --out DIR (or OUT=DIR in the environment) keeps the run's output: DIR/<command>.log, and for bench the new
# bench/results files. Relative paths in the arguments are relative to the kit's project copy (phasor-kit/phasor).
# Vulkan driver: VK_DRIVER_FILES / VK_ICD_FILENAMES are used as given; when neither is set and the standard
# directories hold no ICD, an NVIDIA ICD at /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json (the path NVIDIA's
# container runtime uses) is exported, and its /usr/local/nvidia/lib64 added to the library path.
# PHASOR_KIT_ICD_DIRS and PHASOR_KIT_NVIDIA_ICDS (space-separated) override the directories and files searched.
set -euo pipefail
KIT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
die() { printf '[phasor-kit] error: %s\n' "$*" >&2; exit 1; }

OUT=${OUT:-}
if [ "${1:-}" = --out ]; then
  [ $# -ge 2 ] || die "--out needs a directory"
  OUT=$2
  shift 2
fi
CMD=${1:-help}
[ $# -eq 0 ] || shift

export PATH="$KIT/node/bin:$PATH"
export LD_LIBRARY_PATH="$KIT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then XDG_RUNTIME_DIR=$(mktemp -d); export XDG_RUNTIME_DIR; fi

# The Vulkan ICD (driver manifest).
ICD_NOTE="VK_DRIVER_FILES/VK_ICD_FILENAMES as given"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  found=
  for d in ${PHASOR_KIT_ICD_DIRS:-/etc/xdg/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d /usr/share/vulkan/icd.d}; do
    for f in "$d"/*.json; do [ -f "$f" ] && found+=" $f"; done
  done
  ICD_NOTE="standard directories:${found:- none}"
  if [ -z "$found" ]; then
    for f in ${PHASOR_KIT_NVIDIA_ICDS:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/etc/vulkan/icd.d/nvidia_icd.json}; do
      [ -f "$f" ] || continue
      export VK_DRIVER_FILES=$f VK_ICD_FILENAMES=$f   # VK_ICD_FILENAMES for older loaders
      lib64=$(cd "$(dirname "$f")/../../.." && pwd)/lib64
      [ -d "$lib64" ] && LD_LIBRARY_PATH+=":$lib64"
      ICD_NOTE="none in the standard directories; exported $f"
      break
    done
    [ -n "${VK_DRIVER_FILES:-}" ] || printf '[phasor-kit] warning: no Vulkan driver manifest (ICD .json) found; set VK_DRIVER_FILES=/path/to/icd.json if the GPU is not found\n' >&2
  fi
fi

if [ -n "$OUT" ]; then mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) || die "cannot create --out directory '$OUT'"; fi

case "$CMD" in
  env)
    echo "kit              $KIT"
    echo "node             $(command -v node) ($(node -v 2>/dev/null || echo 'does not run'))"
    echo "LD_LIBRARY_PATH  $LD_LIBRARY_PATH"
    echo "XDG_RUNTIME_DIR  $XDG_RUNTIME_DIR"
    echo "VK_DRIVER_FILES  ${VK_DRIVER_FILES:-}"
    echo "VK_ICD_FILENAMES ${VK_ICD_FILENAMES:-}"
    echo "ICD              $ICD_NOTE"
    echo "OUT              ${OUT:-}"
    exit 0 ;;
  help|-h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
[ -x "$KIT/node/bin/node" ] && [ -d "$KIT/phasor" ] || die "no node or project in $KIT: unpack the whole archive."
cd "$KIT/phasor"
TSX=node_modules/tsx/dist/cli.mjs
case "$CMD" in
  node) exec node "$@" ;;
  bench) RUN=(node "$TSX" bench/run.ts "$@") ;;
  tsx) RUN=(node "$TSX" "$@") ;;
  *) RUN=(node bin/phasor.js "$CMD" "$@") ;;
esac

[ -n "$OUT" ] || exec "${RUN[@]}"
stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
status=0
"${RUN[@]}" 2>&1 | tee "$OUT/$CMD.log" || status=$?
if [ -d bench/results ]; then
  find bench/results -type f -newer "$stamp" -exec cp {} "$OUT/" \;
fi
printf '[phasor-kit] output in %s\n' "$OUT" >&2
exit "$status"
