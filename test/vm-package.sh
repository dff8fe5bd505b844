#!/bin/sh
# Runs inside the test VM, no module loaded, /lib/modules/$(uname -r) as the
# package's install left it: load task_diag by name as a user does, run the
# packaged self-test and task-diag-ps (on libtaskdiag.so.0, placed where the
# packages put it), unload it.  TAP on stdout.  $1: the expected version; $2:
# "modprobe" to load, check and unload the module only (the RPMs' install).
rc=0
mkdir -p /usr/sbin
for t in modprobe modinfo; do ln -sf /kmod /usr/sbin/$t; done
if /usr/sbin/modprobe task_diag && grep -q '^task_diag ' /proc/modules && [ -e /proc/task_diag ]; then
	echo "ok - modprobe task_diag loads /lib/modules/$(uname -r)/$(/usr/sbin/modinfo -F filename task_diag | sed 's|.*/lib/modules/[^/]*/||') by name"
else
	echo "not ok - modprobe task_diag"
	exit 1
fi
v=$(/usr/sbin/modinfo -F version task_diag)
if [ "$v" = "$1" ] && [ "$(cat /sys/module/task_diag/version)" = "$1" ]; then
	echo "ok - the loaded module is version $1"
else
	echo "not ok - the loaded module is version '$v', not $1"; rc=1
fi
if [ "${2-}" != modprobe ]; then
	/task-diag-selftest --zram || rc=1
	# procps's -o NAME= : no header.  Process 1's parent is 0.
	if /task-diag-ps -e -o pid= -o ppid= >/tmp/ps.out && grep -q '^ *1 *0$' /tmp/ps.out &&
		[ "$(wc -l </tmp/ps.out)" -gt 3 ]; then
		echo "ok - task-diag-ps (on libtaskdiag.so.0) lists the processes"
	else
		echo "not ok - task-diag-ps"; cat /tmp/ps.out; rc=1
	fi
	# The packaged task-diag-ps against Debian's procps ps, line for line.
	TD_PS=/task-diag-ps sh /vm-ps.sh >/tmp/vm-ps.out; r=$?
	sed 's/task_diag_ps/task-diag-ps (packaged)/' /tmp/vm-ps.out
	[ $r = 0 ] || rc=1
fi
if /usr/sbin/modprobe -r task_diag && ! grep -q '^task_diag ' /proc/modules && [ ! -e /proc/task_diag ]; then
	echo "ok - modprobe -r task_diag removes it and /proc/task_diag"
else
	echo "not ok - modprobe -r task_diag"; rc=1
fi
exit $rc
