#!/bin/sh
# Runs inside the test VM, module loaded: the whole suite, TAP on stdout.
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
/task_diag_test --unload || rc=1
exit $rc
