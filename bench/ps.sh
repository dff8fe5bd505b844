#!/bin/bash
# make bench-ps: task-diag-ps against Debian's procps ps (the host's, bookworm's
# 4.0.2), whole tools, with PROCS sleeping processes, side by side in one VM
# (bench/td_ps.c): the median wall time of each over RUNS runs, output to a
# file, and how many lines differ.
#   KERNEL  the kernel of test/harness/env.sh's TD_KERNELS (default 6.1)
#   PROCS   sleeping processes (default 50000); RUNS runs of each (default 3)
#   ARGS    the ps arguments (default aux); BENCH_MEM the VM's memory in MiB (8192)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/harness/env.sh"
kernel=${KERNEL:-6.1} procs=${PROCS:-50000} runs=${RUNS:-3} args=${ARGS:-aux}
td_deps
td_kernel "$kernel"
td_native_only "make bench-ps"
td_module "$kernel"
td_tools
out=$TD_BUILD/bench
mkdir -p "$out" "$top/bench/results"
gcc -O2 -Wall -Wextra -Werror -static -o "$out/td_ps" "$top/bench/td_ps.c" "$top/bench/spawn.c"
# shellcheck disable=SC2086
td_vm -M "${BENCH_MEM:-8192}" -t 3600 -k "$TD_VMLINUZ" -m "$TD_KO" \
	-f "$out/td_ps" -f /usr/bin/ps -f "$TD_BUILD/bin/task_diag_ps" -- \
	"echo 4194304 >/proc/sys/kernel/pid_max && echo 4194304 >/proc/sys/kernel/threads-max &&
	 /td_ps $procs $runs /ps /task_diag_ps $args" | tee "$out/ps.log"
grep '^@ps.tsv' "$out/ps.log" | sed "s/^@ps.tsv/$kernel ps $args/" >>"$top/bench/results/ps.tsv"
