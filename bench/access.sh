#!/bin/bash
# make bench-access: what asking procfs costs (bench/td_access.c), in one VM on one kernel.
#   KERNEL  the kernel of test/harness/env.sh's TD_KERNELS (default 6.1)
#   PROCS   sleeping processes (default 50000), USER of them uid 1000's (default 1000)
#   RUNS    timed rounds (default 5); BENCH_MEM the VM's memory in MiB (default 8192)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/harness/env.sh"
kernel=${KERNEL:-6.1} procs=${PROCS:-50000} user=${USER_PROCS:-1000} runs=${RUNS:-5}
td_deps
td_kernel "$kernel"
td_native_only "make bench-access"
td_module "$kernel"
mkdir -p "$TD_BUILD/bench"
gcc -O2 -Wall -Wextra -Werror -I"$top/uapi" -I"$top/lib" -I"$top/lib/include" -static \
	-o "$TD_BUILD/bench/td_access" "$top/bench/td_access.c" "$top/lib/decode.c"
td_vm -M "${BENCH_MEM:-8192}" -t 3600 -k "$TD_VMLINUZ" -m "$TD_KO" \
	-f "$TD_BUILD/bench/td_access" -- \
	"echo 4194304 >/proc/sys/kernel/pid_max && echo 4194304 >/proc/sys/kernel/threads-max &&
	 /td_access -p $procs -u $user -r $runs"
