#!/bin/bash
# make lint: the checks that need no VM, in seconds: checkpatch --strict over the
# module and the ABI header, the header alone in C99 with the ABI pinned
# (test/abi_check.c), the library's checker on crafted answers (test/lib_check.c),
# the README's minimal client built as it stands.  TAP on
# stdout (one line); exits 1 when something is wrong, after showing what.
set -euo pipefail
. "$(dirname "$0")/harness/env.sh"
src=$(ls -d "$TD_CACHE"/src/linux-source-6.1-*/ 2>/dev/null | head -n1 || true)
if [ -z "$src" ]; then
	TD_CACHE=$TD_CACHE "$TD_HARNESS/debug-kernel.sh" >/dev/null	# unpacks the source
	src=$(ls -d "$TD_CACHE"/src/linux-source-6.1-*/ | head -n1)
fi
cd "$TD_TOP"
lint=$TD_BUILD/lint.log
mkdir -p "$TD_BUILD"
ok=1
"$src/scripts/checkpatch.pl" --strict --no-tree -q -f \
	$(git ls-files 'module/*.[ch]' | grep -v compat.h) >"$lint" 2>&1 || ok=0
# An iteration macro names its cursor more than once, as list_for_each_entry() does.
"$src/scripts/checkpatch.pl" --strict --no-tree -q --ignore MACRO_ARG_REUSE \
	-f uapi/linux/task_diag.h >>"$lint" 2>&1 || ok=0
# compat.h exists to test kernel versions.
"$src/scripts/checkpatch.pl" --strict --no-tree -q --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
	-f module/compat.h >>"$lint" 2>&1 || ok=0
cc -std=c99 -Wall -Wextra -Werror -pedantic -Iuapi -o "$TD_BUILD/abi_check" test/abi_check.c \
	>>"$lint" 2>&1 || ok=0
# The library's checker against answers made byte by byte (test/lib_check.c).
{ cc -Wall -Wextra -Werror -Iuapi -Ilib -o "$TD_BUILD/lib_check" test/lib_check.c lib/taskdiag.c &&
	"$TD_BUILD/lib_check"; } >>"$lint" 2>&1 || ok=0
# The README's client must build as it stands; the VM suite runs it.
mkdir -p "$TD_BUILD/bin"
awk '/^## A minimal client/ { f = 1 } f && /^```c$/ { c = 1; next } c && /^```$/ { exit } c' \
	README.md >"$TD_BUILD/readme_client.c"
cc -Wall -Wextra -Werror -Iuapi -o "$TD_BUILD/bin/readme_client" "$TD_BUILD/readme_client.c" \
	>>"$lint" 2>&1 || ok=0
if [ $ok = 1 ]; then
	echo "ok - checkpatch --strict clean; uapi header alone in C99, ABI pinned; lib/taskdiag.c sees malformed answers; README client builds"
else
	cat "$lint" >&2
	echo "not ok - static checks"
	exit 1
fi
