#!/bin/bash
# make bench: td_bench in QEMU on one kernel, one VM per configuration, then
# the table and the plot into bench/results/ (bench/report.py).  See
# bench/README.md.
#
#   KERNEL   the kernel of test/harness/env.sh's TD_KERNELS to run on (default 6.1)
#   CONFIGS  PROCSxTHREADS[dHEAVY]... (default "1000x1 10000x1 50000x1 10000x5
#            10000x2d10"); dHEAVY: td_proc's dynamically linked processes,
#            HEAVY of them with 2,000 more mappings each
#   RUNS     timed runs per method after the warm-up (default 5)
#   BENCH_MEM  the VM's memory in MiB (default 8192: 50,000 sleeping processes
#            hold about 5.3 GiB of it)
#   EXTRA    1 (default): then whole tools, load, scale and the unprivileged
#            dump (td_load, td_ps, td_access), a VM each; 0: not
#   PS_PROCS processes for the whole tools and the unprivileged dump (50000)
#   LOAD_MEM the memory of td_load's VM in MiB (default 12288: 200,000 tasks)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/harness/env.sh"
kernel=${KERNEL:-6.1}
configs=${CONFIGS:-"1000x1 10000x1 50000x1 10000x5 10000x2d10"}
runs=${RUNS:-5}
mem=${BENCH_MEM:-8192}
ps_procs=${PS_PROCS:-50000}
out=$TD_BUILD/bench
results=$top/bench/results

for c in $configs; do
	[[ $c =~ ^[0-9]+x[0-9]+(d[0-9]+)?$ ]] ||
		{ echo "bench: a configuration is PROCSxTHREADS[dHEAVY], not '$c'" >&2; exit 2; }
done
# What the benchmark adds to the suite's packages: the BPF iterator's
# compiler and library (linked statically, with libelf and zlib), strace for
# the system call counts, gnuplot for the plot.
TD_PACKAGES="$TD_PACKAGES clang libbpf-dev zlib1g-dev strace gnuplot-nox"
td_deps
td_kernel "$kernel"
td_native_only "make bench"
td_module "$kernel"

mkdir -p "$out" "$results"
# Static, so that the sleeping processes it forks carry a few mappings, not a
# dozen shared libraries', and the VM needs no libraries for it.
gcc -O2 -Wall -Wextra -Werror -I"$top/uapi" -I"$top/lib" -I"$top/lib/include" -static \
	-o "$out/td_bench" \
	"$top"/bench/{td_bench,set,methods,strace,spawn,way_procfs,way_taskstats,way_bpf,way_task_diag}.c \
	"$top/lib/decode.c" -lbpf -lelf -lz -lpthread
# Dynamically linked, as a host's programs are: the processes of the "d"
# configurations (the VM gets the libraries ldd names).
gcc -O2 -Wall -Wextra -Werror -o "$out/td_proc" "$top/bench/td_proc.c" -lz -lelf -lm -lpthread
clang -O2 -g -Wall -Werror -target bpf -I"$top/uapi" -I"/usr/include/$(gcc -print-multiarch)" \
	-c "$top/bench/td_iter.bpf.c" -o "$out/td_iter.bpf.o"

rc=0
for c in $configs; do
	procs=${c%x*} threads=${c#*x} dyn=
	if [[ $threads == *d* ]]; then
		dyn="-d ${threads#*d}" threads=${threads%d*}
	fi
	td_log "bench: $procs ${dyn:+dynamically linked }processes x $threads threads on $kernel, ${mem} MiB"
	start=$(date +%s)
	# pid_max and threads-max as high as they go: pids above the default
	# 32768 (with 2 vCPUs) and more tasks than the memory-based default.
	td_vm -M "$mem" -t 10800 -k "$TD_VMLINUZ" -m "$TD_KO" \
		-f "$out/td_bench" -f "$out/td_proc" -f "$out/td_iter.bpf.o" -f "$(command -v strace)" -- \
		"echo 4194304 >/proc/sys/kernel/pid_max && echo 4194304 >/proc/sys/kernel/threads-max &&
		 echo \"@kernel	\$(uname -r)	\$(nproc)	\$(sed -n 's/^MemTotal: *//p' /proc/meminfo)\" &&
		 /td_bench -p $procs -t $threads $dyn -r $runs -s /strace -l $c" \
		>"$out/$c.out" || { rc=$?; echo "bench: $c failed (status $rc); its output: $out/$c.out" >&2; }
	grep -v '^@' "$out/$c.out" || true
	echo "@wall	$c	$(($(date +%s) - start))" >>"$out/$c.out"
done
# Whole tools, load, scale and the unprivileged dump: a VM each.
extra=()
if [ "${EXTRA:-1}" = 1 ]; then
	td_tools
	inc=(-I"$top/uapi" -I"$top/lib" -I"$top/lib/include")
	gcc -O2 -Wall -Wextra -Werror "${inc[@]}" -static -o "$out/td_load" "$top/bench/td_load.c" "$top/bench/spawn.c" \
		"$top/lib/decode.c" -lpthread
	gcc -O2 -Wall -Wextra -Werror "${inc[@]}" -static -o "$out/td_access" \
		"$top/bench/td_access.c" "$top/lib/decode.c"
	gcc -O2 -Wall -Wextra -Werror -static -o "$out/td_ps" "$top/bench/td_ps.c" "$top/bench/spawn.c"
	sysctls="echo 4194304 >/proc/sys/kernel/pid_max && echo 4194304 >/proc/sys/kernel/threads-max"
	td_log "bench: two readers, fork latency, top-like refresh, perf start-up, scale on $kernel"
	td_vm -M "${LOAD_MEM:-12288}" -t 10800 -k "$TD_VMLINUZ" -m "$TD_KO" -f "$out/td_load" -- \
		"$sysctls && /td_load -r $runs" >"$out/load.out" ||
		{ rc=$?; echo "bench: td_load failed (status $rc); its output: $out/load.out" >&2; }
	grep -v '^@' "$out/load.out" || true
	td_log "bench: task-diag-ps against procps ps, aux and -eLf, $ps_procs processes"
	td_vm -M "$mem" -t 10800 -k "$TD_VMLINUZ" -m "$TD_KO" -f "$out/td_ps" -f /usr/bin/ps \
		-f "$TD_BUILD/bin/task_diag_ps" -- \
		"$sysctls && /td_ps $ps_procs 3 /ps /task_diag_ps aux &&
		 /td_ps $ps_procs 3 /ps /task_diag_ps -eLf" >"$out/tools.out" ||
		{ rc=$?; echo "bench: td_ps failed (status $rc); its output: $out/tools.out" >&2; }
	grep -v '^@' "$out/tools.out" || true
	td_log "bench: uid 1000's dump against root's, $ps_procs processes"
	td_vm -M "$mem" -t 10800 -k "$TD_VMLINUZ" -m "$TD_KO" -f "$out/td_access" -- \
		"$sysctls && /td_access -p $ps_procs -u 1000 -r $runs" >"$out/access.out" ||
		{ rc=$?; echo "bench: td_access failed (status $rc); its output: $out/access.out" >&2; }
	grep -v '^@' "$out/access.out" || true
	extra=("$out/load.out" "$out/tools.out" "$out/access.out")
fi
python3 "$top/bench/report.py" --mem "$mem" --out "$results" \
	$(for c in $configs; do echo "$out/$c.out"; done) "${extra[@]}" || rc=$?
exit $rc
