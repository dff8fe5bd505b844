#!/bin/sh
# Runs inside the test VM, module loaded: the whole suite, TAP on stdout.
# usage: vm-suite.sh [FUZZ_REQUESTS [CHURN_SECONDS [KILL_TASKS [PS [MANY_MAPS]]]]]
#   FUZZ_REQUESTS  requests for fuzz_file, in two files at once (default 100000)
#   CHURN_SECONDS  of dumps against the fork/exec/mmap storm (default 10)
#   KILL_TASKS     tasks for the SIGKILL test, 0 to skip it (default 0)
#   PS             1: compare task_diag_ps with procps ps (vm-ps.sh), 0: not (default 1)
#   MANY_MAPS      mappings of the selftest's fixture with many (TD_MANY_MAPS, default 65000)
fuzz=${1:-100000} churn=${2:-10} kill=${3:-0} ps=${4:-1}
export TD_MANY_MAPS=${5:-65000}
rc=0
# Seconds each part took, printed at the end: where a slow kernel spends its time.
laps= t0=$(date +%s)
lap() { t1=$(date +%s); laps="$laps${laps:+, }$1 $((t1 - t0))"; t0=$t1; }
# The kernel's zram module and what it needs, where check.sh brought them.
if [ -s /zram/order ]; then
	for m in $(cat /zram/order); do insmod "/zram/$m" || break; done
	if [ -e /sys/block/zram0 ]; then
		echo "ok - the kernel's zram module loads, for the swap checks"
	else
		echo "not ok - the kernel's zram module ($(cat /zram/order))"; rc=1
	fi
fi
# The matrix's kernels have a page-table walker that calls on every pte: the
# module's load-time probe (module/vma_stat.c) must say nothing.
if dmesg | grep -qF "apply_to_existing_page_range() stops at a page table's first empty entry here"; then
	echo "not ok - the load-time probe took this kernel's whole walker for one that stops"; rc=1
elif dmesg | grep -qF 'task_diag: could not tell whether apply_to_existing_page_range()'; then
	echo "not ok - the load-time probe could not tell what this kernel's walker does"; rc=1
else
	echo "ok - the load-time probe finds no walker that stops at a table's first none pte"
fi
/task_diag_test --zram || rc=1
lap task_diag_test
if /readme_client >/tmp/readme.out && grep -qx '1 0 0 init' /tmp/readme.out &&
	grep -qx '2 0 0 kthreadd' /tmp/readme.out && [ "$(wc -l </tmp/readme.out)" -gt 20 ]; then
	echo "ok - the README's minimal client lists the processes, init and kthreadd as procfs has them"
else
	echo "not ok - the README's minimal client"; rc=1
fi
# libtaskdiag from four threads, a handle each, on each backend, under ThreadSanitizer
# (whose shadow memory wants the address space randomized by no more than 28 bits).
[ -w /proc/sys/vm/mmap_rnd_bits ] && echo 28 >/proc/sys/vm/mmap_rnd_bits
for b in module procfs; do
	if /lib_threads $b 4 10 >/tmp/tsan.out 2>&1; then
		echo "ok - libtaskdiag ($b) under ThreadSanitizer: $(tail -n1 /tmp/tsan.out)"
	elif grep -q 'FATAL: ThreadSanitizer: unsupported VMA range' /tmp/tsan.out &&
		grep -q 'FATAL: Found 47 ' /tmp/tsan.out; then
		# Its runtime knows arm64's 39, 42 and 48-bit address spaces, not 16K pages' 47.
		echo "ok - libtaskdiag ($b) under ThreadSanitizer # SKIP $(grep -o 'Found [0-9]*.*' /tmp/tsan.out | head -n1) bits of address space"
	else
		echo "not ok - libtaskdiag ($b) under ThreadSanitizer"; sed 's/^/# /' /tmp/tsan.out | head -40
		rc=1
	fi
done
lap readme+tsan
# task_diag_ps against Debian's procps ps, where check.sh brought it.
if [ "$ps" = 0 ]; then
	echo "ok - task_diag_ps against procps ps # SKIP on this kernel (the distro kernels run it)"
elif [ -x /ps ]; then
	sh /vm-ps.sh || rc=1
else
	echo "not ok - no procps ps in the VM to compare task_diag_ps with"; rc=1
fi
lap ps
# The random driver, in two files at once (one per vCPU).
half=$((fuzz / 2))
/fuzz_file -n $half -r 5 >/tmp/fuzz1 2>&1 & f1=$!
/fuzz_file -n $((fuzz - half)) -r 5 >/tmp/fuzz2 2>&1; s2=$?
wait $f1; s1=$?
if [ $s1 = 0 ] && [ $s2 = 0 ]; then
	echo "ok - fuzz_file: $(tail -n1 /tmp/fuzz1 | sed 's/^fuzz_file: //'); $(tail -n1 /tmp/fuzz2 | sed 's/^fuzz_file: //')"
else
	echo "not ok - fuzz_file:"; sed 's/^/# /' /tmp/fuzz1 /tmp/fuzz2; rc=1
fi
lap fuzz_file
/churn -t "$churn" || rc=1
lap churn
if [ "$kill" != 0 ]; then /churn -k "$kill" || rc=1; fi
lap kill
/task_diag_test --unload || rc=1
# Once more, to be removed under readers this time.
if insmod /task_diag.ko; then
	/churn -u || rc=1
else
	echo "not ok - the module loads again after rmmod"; rc=1
fi
lap unload
echo "# seconds: $laps"
exit $rc
