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
{ cc -Wall -Wextra -Werror -Iuapi -Ilib -Ilib/include -o "$TD_BUILD/lib_check" test/lib_check.c lib/decode.c &&
	"$TD_BUILD/lib_check"; } >>"$lint" 2>&1 || ok=0
# The README's client must build as it stands; the VM suite runs it.
mkdir -p "$TD_BUILD/bin"
awk '/^## A minimal client/ { f = 1 } f && /^```c$/ { c = 1; next } c && /^```$/ { exit } c' \
	README.md >"$TD_BUILD/readme_client.c"
cc -Wall -Wextra -Werror -Iuapi -o "$TD_BUILD/bin/readme_client" "$TD_BUILD/readme_client.c" \
	>>"$lint" 2>&1 || ok=0
# Its library client too, run here: no module on the host, so through the procfs backend.
awk '/^## A minimal client/ { f = 1 } f && /^```c$/ { n++; if (n == 2) { c = 1; next } }
	c && /^```$/ { exit } c' README.md >"$TD_BUILD/readme_lib_client.c"
{ cc -Wall -Wextra -Werror -Iuapi -Ilib -Ilib/include -o "$TD_BUILD/readme_lib_client" \
	"$TD_BUILD/readme_lib_client.c" lib/decode.c lib/stream.c lib/task.c lib/procfs.c \
	lib/procfs_maps.c && "$TD_BUILD/readme_lib_client" >"$TD_BUILD/readme_lib_client.out" &&
	grep -q '^1 0 ' "$TD_BUILD/readme_lib_client.out" &&
	[ "$(wc -l <"$TD_BUILD/readme_lib_client.out")" -gt 1 ]; } >>"$lint" 2>&1 || ok=0
# libtaskdiag from four threads, a handle each, under ThreadSanitizer (procfs here).
make -s -C "$TD_TOP" build/bin/lib_threads >>"$lint" 2>&1 &&
	"$TD_BUILD/bin/lib_threads" procfs 4 5 >>"$lint" 2>&1 || ok=0
# rpmbuild -ta takes the version from the spec in the tarball: it must be module/version.h's.
version=$(sed -n 's/^#define TASK_DIAG_VERSION "\(.*\)"/\1/p' module/version.h)
spec_version=$(sed -n 's/^Version: *//p' rpm/task-diag.spec)
[ "$spec_version" = "$version" ] ||
	{ echo "rpm/task-diag.spec: Version $spec_version, module/version.h: $version" >>"$lint"; ok=0; }
# Each public function of libtaskdiag has its man page (lib/man/NAME.3, a .so link
# for the members of a family), and each page names what it documents.
for f in $(grep -o '\btaskdiag_[a-z_]*(' lib/include/taskdiag/taskdiag.h | tr -d '(' | sort -u) \
	$(sed -n 's/^TASKDIAG_TASK_GET(\([a-z_]*\),.*/taskdiag_task_\1/p' lib/include/taskdiag/taskdiag.h); do
	page=$(sed -n 's|^\.so man3/||p' "lib/man/$f.3" 2>/dev/null)
	page=lib/man/${page:-$f.3}
	[ -f "$page" ] && sed -n '/^\.SH NAME/,/^\.SH/p' "$page" | grep -qw "$f" ||
		{ echo "$f: no man page in lib/man (or its NAME does not list it)" >>"$lint"; ok=0; }
done
if [ $ok = 1 ]; then
	echo "ok - checkpatch --strict clean; uapi header alone in C99, ABI pinned; lib/decode.c sees malformed answers; README's clients build, the library's runs on procfs; libtaskdiag from four threads under TSan; the RPM spec's version is module/version.h's; every public libtaskdiag function has its man page"
else
	cat "$lint" >&2
	echo "not ok - static checks"
	exit 1
fi
