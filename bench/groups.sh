#!/bin/bash
# make bench-groups: what each group costs, and BASE with an older module
# against this tree's (bench/td_groups.c), side by side in one VM.
#   KERNEL  the kernel of test/harness/env.sh's TD_KERNELS (default 6.1)
#   OLD     the older module's revision (default v0.2.0's commit, 0d172d6)
#   PROCS   sleeping processes (default 50000); RUNS timed rounds (default 5)
#   BENCH_MEM the VM's memory in MiB (default 8192)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/harness/env.sh"
kernel=${KERNEL:-6.1} old=${OLD:-0d172d6} procs=${PROCS:-50000} runs=${RUNS:-5}
td_deps
td_kernel "$kernel"
td_native_only "make bench-groups"
td_module "$kernel"
out=$TD_BUILD/bench
mkdir -p "$out"
cp "$TD_KO" "$out/new.ko"
# The older module, built by its own tree's harness.
rm -rf "$out/old-tree"
git -C "$top" worktree add -q --detach "$out/old-tree" "$old"
trap 'git -C "$top" worktree remove --force "$out/old-tree"' EXIT
(cd "$out/old-tree" && . test/harness/env.sh && td_kernel "$kernel" && td_module "$kernel" &&
	cp "$TD_KO" "$out/old.ko")
gcc -O2 -Wall -Wextra -Werror -I"$top/uapi" -I"$top/lib" -I"$top/lib/include" -static \
	-o "$out/td_groups" "$top/bench/td_groups.c" "$top/bench/spawn.c" "$top/lib/decode.c"
td_vm -n -M "${BENCH_MEM:-8192}" -t 3600 -k "$TD_VMLINUZ" \
	-f "$out/td_groups" -f "$out/old.ko" -f "$out/new.ko" -- \
	"echo 4194304 >/proc/sys/kernel/pid_max && echo 4194304 >/proc/sys/kernel/threads-max &&
	 /td_groups $procs $runs /old.ko /new.ko"
