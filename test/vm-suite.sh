#!/bin/sh
# Runs inside the test VM, module loaded: the whole suite, TAP on stdout.
# usage: vm-suite.sh [FUZZ_REQUESTS [CHURN_SECONDS [KILL_TASKS]]]
#   FUZZ_REQUESTS  requests for fuzz_file, in two files at once (default 100000)
#   CHURN_SECONDS  of dumps against the fork/exec/mmap storm (default 10)
#   KILL_TASKS     tasks for the SIGKILL test, 0 to skip it (default 0)
fuzz=${1:-100000} churn=${2:-10} kill=${3:-0}
rc=0
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
if /readme_client >/tmp/readme.out && grep -qx '1 0 0 init' /tmp/readme.out &&
	grep -qx '2 0 0 kthreadd' /tmp/readme.out && [ "$(wc -l </tmp/readme.out)" -gt 20 ]; then
	echo "ok - the README's minimal client lists the processes, init and kthreadd as procfs has them"
else
	echo "not ok - the README's minimal client"; rc=1
fi
if /task_diag_ps -f >/tmp/ps.out && grep -q '^ *1 *0 ' /tmp/ps.out &&
	/task_diag_ps -p 1 | grep -q '^ *1 ' && /task_diag_ps -h | grep -q usage; then
	echo "ok - task_diag_ps lists processes, one process, and says how to use it"
else
	echo "not ok - task_diag_ps"; rc=1
fi
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
/churn -t "$churn" || rc=1
if [ "$kill" != 0 ]; then /churn -k "$kill" || rc=1; fi
/task_diag_test --unload || rc=1
# Once more, to be removed under readers this time.
if insmod /task_diag.ko; then
	/churn -u || rc=1
else
	echo "not ok - the module loads again after rmmod"; rc=1
fi
exit $rc
