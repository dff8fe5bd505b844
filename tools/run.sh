#!/bin/bash
# make run: build the module, load it and show a ps-like listing read
# through /proc/task_diag; in the test VM if this kernel cannot load modules.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kdir=/lib/modules/$(uname -r)/build
if [ -e /proc/modules ] && [ -d "$kdir" ] && [ "$(id -u)" = 0 ]; then
	make module KDIR="$kdir"
	make tools
	grep -q '^task_diag ' /proc/modules || insmod module/task_diag.ko
	build/bin/task_diag_ps -ef
else
	echo "This kernel cannot load the module here (no module support, no headers or not root):" >&2
	echo "showing it in the test VM on Debian's 6.1 kernel instead." >&2
	bash test/harness/vm-run.sh 6.1 '(sleep 100 &) ; /task_diag_ps -ef'
fi
