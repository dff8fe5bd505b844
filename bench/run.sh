#!/bin/bash
# make bench: td_bench in QEMU on one kernel, one VM per configuration, then
# the table and the plot into bench/results/ (bench/report.py).  See
# bench/README.md.
#
#   KERNEL   the kernel of test/harness/env.sh's TD_KERNELS to run on (default 6.1)
#   CONFIGS  PROCSxTHREADS... (default "1000x1 10000x1 50000x1 10000x5")
#   RUNS     timed runs per method after the warm-up (default 5)
#   BENCH_MEM  the VM's memory in MiB (default 8192: 50,000 sleeping processes
#            hold about 5.3 GiB of it)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/harness/env.sh"
kernel=${KERNEL:-6.1}
configs=${CONFIGS:-"1000x1 10000x1 50000x1 10000x5"}
runs=${RUNS:-5}
mem=${BENCH_MEM:-8192}
out=$TD_BUILD/bench
results=$top/bench/results

for c in $configs; do
	[[ $c =~ ^[0-9]+x[0-9]+$ ]] || { echo "bench: a configuration is PROCSxTHREADS, not '$c'" >&2; exit 2; }
done
# What the benchmark adds to the suite's packages: the BPF iterator's
# compiler and library (linked statically, with libelf and zlib), strace for
# the system call counts, gnuplot for the plot.
TD_PACKAGES="$TD_PACKAGES clang libbpf-dev zlib1g-dev strace gnuplot-nox"
td_deps
td_kernel "$kernel"
td_module "$kernel"

mkdir -p "$out" "$results"
# Static, so that the sleeping processes it forks carry a few mappings, not a
# dozen shared libraries', and the VM needs no libraries for it.
gcc -O2 -Wall -Wextra -Werror -I"$top/uapi" -I"$top/lib" -static \
	-o "$out/td_bench" \
	"$top"/bench/{td_bench,set,methods,strace,way_procfs,way_taskstats,way_bpf,way_task_diag}.c \
	"$top/lib/taskdiag.c" -lbpf -lelf -lz -lpthread
clang -O2 -g -Wall -Werror -target bpf -I"$top/uapi" -I"/usr/include/$(gcc -print-multiarch)" \
	-c "$top/bench/td_iter.bpf.c" -o "$out/td_iter.bpf.o"

rc=0
for c in $configs; do
	procs=${c%x*} threads=${c#*x}
	td_log "bench: $procs processes x $threads threads on $kernel, ${mem} MiB"
	start=$(date +%s)
	# pid_max and threads-max as high as they go: pids above the default
	# 32768 (with 2 vCPUs) and more tasks than the memory-based default.
	td_vm -M "$mem" -t 10800 -k "$TD_VMLINUZ" -m "$TD_KO" \
		-f "$out/td_bench" -f "$out/td_iter.bpf.o" -f "$(command -v strace)" -- \
		"echo 4194304 >/proc/sys/kernel/pid_max && echo 4194304 >/proc/sys/kernel/threads-max &&
		 echo \"@kernel	\$(uname -r)	\$(nproc)	\$(sed -n 's/^MemTotal: *//p' /proc/meminfo)\" &&
		 /td_bench -p $procs -t $threads -r $runs -s /strace -l $c" \
		>"$out/$c.out" || { rc=$?; echo "bench: $c failed (status $rc); its output: $out/$c.out" >&2; }
	grep -v '^@' "$out/$c.out" || true
	echo "@wall	$c	$(($(date +%s) - start))" >>"$out/$c.out"
done
python3 "$top/bench/report.py" --mem "$mem" --out "$results" \
	$(for c in $configs; do echo "$out/$c.out"; done) || rc=$?
exit $rc
