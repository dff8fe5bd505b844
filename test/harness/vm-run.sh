#!/bin/bash
# make vm-run: run CMD in the VM on KERNEL with the module loaded; FILES are
# placed at /<basename>.  Exits with the command's status.
set -euo pipefail
. "$(dirname "$0")/env.sh"
kernel=${1:-6.1} cmd=${2:-}
shift 2 || true
[ -n "$cmd" ] || { echo "usage: make vm-run CMD='...' [FILES='...'] [KERNEL=one of: $TD_KERNELS] (README, Kernels)" >&2; exit 2; }
td_deps
td_kernel "$kernel"
td_module "$kernel"
td_userland "$TD_ARCH"
td_tools
args=()
for f in "$@" "$TD_BIN"/*; do args+=(-f "$f"); done
[ -z "$TD_SYSROOT" ] || args+=(-a "$TD_ARCH" -s "$TD_SYSROOT")
mem=2048
rc=0
td_vm -M "${TD_VM_MEM:-$mem}" -t "${TD_VM_TIMEOUT:-900}" -k "$TD_VMLINUZ" -m "$TD_KO" "${args[@]}" -- "$cmd" || rc=$?
[ $rc = 0 ] || echo "vm-run: the command exited with status $rc" >&2
exit $rc
