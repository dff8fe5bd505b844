#!/bin/sh
# Runs inside the test VM, no module loaded, /lib/modules/$(uname -r) as the
# package's install left it: load task_diag by name as a user does, run the
# packaged self-test, unload it.  TAP on stdout.  $1: the expected version.
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
/task-diag-selftest --zram || rc=1
if /task-diag-ps -f >/tmp/ps.out && grep -q '^ *1 *0 ' /tmp/ps.out; then
	echo "ok - task-diag-ps lists the processes"
else
	echo "not ok - task-diag-ps"; rc=1
fi
if /usr/sbin/modprobe -r task_diag && ! grep -q '^task_diag ' /proc/modules && [ ! -e /proc/task_diag ]; then
	echo "ok - modprobe -r task_diag removes it and /proc/task_diag"
else
	echo "not ok - modprobe -r task_diag"; rc=1
fi
exit $rc
