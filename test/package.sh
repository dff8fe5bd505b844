#!/bin/bash
# The packages end to end, as a user gets them (part of make check):
#  1. build the .debs from a clean tree, lint them, check what they hold;
#  2. install task-diag-dkms, libtaskdiag0, libtaskdiag-dev and task-diag-tools
#     with apt into a Debian bookworm system that has the test kernel's image
#     and headers (a throwaway copy of a cached mmdebstrap system), over a
#     task-diag-dev 0.3.0 (made here) that the transitional task-diag-dev
#     replaces, and let DKMS build the module; build a client there with
#     pkg-config against libtaskdiag-dev and run it (no /proc/task_diag there:
#     the library's procfs fallback);
#  3. boot that kernel with the /lib/modules tree the install produced (its
#     depmod data and updates/dkms), modprobe task_diag by name, run the
#     packaged task-diag-selftest against it and task-diag-ps on the packaged
#     libtaskdiag.so.0, modprobe -r;
#  4. purge the packages: DKMS forgets the module, its files are gone;
#  5. make dkms-install and dkms-uninstall from a source tree in the same system;
#  6. build the RPMs with rpmbuild -ta from the release tarball, lint them,
#     check their files and scriptlets;
#  7. rpm -i them into the same system (rpm --root: the scriptlets run there),
#     DKMS installs the module for the test kernel, boot it and modprobe it;
#     rpm -e leaves nothing behind.
# TAP on stdout; details of a failure on stderr.
set -euo pipefail
. "$(dirname "$0")/harness/env.sh"
cd "$TD_TOP"
out=$TD_BUILD/package
rm -rf "$out"
mkdir -p "$out"
version=$(sed -n 's/^#define TASK_DIAG_VERSION "\(.*\)"/\1/p' module/version.h)

failures=0
pass() { echo "ok - $*"; }
fail() { echo "not ok - $*"; failures=$((failures + 1)); }
# vm_verdict STATUS LOG WHAT: WHAT passes if the VM exited 0; else the end of
# its output that is not TAP goes to stderr.
vm_verdict() {
	if [ "$1" = 0 ]; then
		pass "$3"
	else
		grep -vE '^(ok|not ok) |^# ' "$2" | tail -n 40 >&2
		fail "$3"
	fi
}
# check DESCRIPTION COMMAND...: one TAP line for whether COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
# show LOG: print a log to stderr; the caller then returns 1.  (The checks run
# as conditions, where set -e does not stop them: each step returns on failure.)
show() { sed 's/^/  | /' "$1" >&2; }

# --- dkms.conf on its own -------------------------------------------------
# shellcheck disable=SC1091
excl=$(set +u; . ./dkms.conf && echo "$BUILD_EXCLUSIVE_KERNEL")
kernels_ok() {
	local v
	for v in 5.10.0-35-amd64 5.15.0 6.1.0-56-amd64 6.1.0-56-rt-amd64 6.12.48+deb13-amd64 \
		7.2.0-1-amd64 10.1.0; do
		[[ $v =~ $excl ]] || { echo "dkms.conf excludes $v" >&2; return 1; }
	done
	for v in 4.19.0-27-amd64 5.4.0-1 5.9.16 3.10.0-1160.el7.x86_64; do
		[[ ! $v =~ $excl ]] || { echo "dkms.conf accepts $v" >&2; return 1; }
	done
}
check "dkms.conf: BUILD_EXCLUSIVE_KERNEL takes 5.10 and later, skips 3.10, 4.19, 5.4, 5.9" \
	kernels_ok

# --- 1. Debian packages ---------------------------------------------------
debs=$TD_BUILD/deb
build_debs() {
	make -s deb >"$out/deb.log" 2>&1 || { show "$out/deb.log"; return 1; }
	local p v
	for p in task-diag-dkms_${version}_all task-diag-dev_${version}_all \
		libtaskdiag0_${version}_amd64 libtaskdiag-dev_${version}_amd64 \
		task-diag-tools_${version}_amd64; do
		v=$(dpkg-deb -f "$debs/$p.deb" Version) || return 1
		[ "$v" = "$version" ] || { echo "$p.deb has version $v" >&2; return 1; }
	done
}
check "make deb builds task-diag-dkms, libtaskdiag0, libtaskdiag-dev, task-diag-tools and the transitional task-diag-dev $version from a clean tree" \
	build_debs

lint_debs() {
	lintian -I --pedantic "$debs/task-diag_${version}_amd64.changes" >"$out/lintian.log" 2>&1
	local e w
	e=$(grep -c '^E: ' "$out/lintian.log" || true)
	w=$(grep -c '^W: ' "$out/lintian.log" || true)
	lintian_summary="$e errors, $w warnings, $(grep -c '^[IP]: ' "$out/lintian.log" || true) info"
	[ "$e" = 0 ] && [ "$w" = 0 ] || { show "$out/lintian.log"; return 1; }
}
lintian_summary=
check "lintian -I --pedantic on the .changes: no error, no warning" lint_debs
echo "# lintian: $lintian_summary"

deb_files() {
	dpkg-deb -c "$debs/task-diag-dkms_${version}_all.deb" | awk '$6 ~ /^\.\/usr\/src\// && $1 !~ /^d/ { print substr($6, 2) }' | sort
}

# deb_list PACKAGE: the files (not directories) of build/deb/PACKAGE_*.deb, as paths.
deb_list() {
	dpkg-deb -c "$debs/$1" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' | sort
}

deb_contents() {
	local lib=libtaskdiag0_${version}_amd64.deb dev=libtaskdiag-dev_${version}_amd64.deb
	local tools=task-diag-tools_${version}_amd64.deb ma f
	ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	# The library alone in libtaskdiag0, with its symbols file (versioned symbols).
	[ "$(deb_list "$lib" | grep -v '^/usr/share/doc/')" = "/usr/lib/$ma/libtaskdiag.so.0" ] ||
		{ deb_list "$lib" >&2; return 1; }
	dpkg-deb --ctrl-tarfile "$debs/$lib" | tar -xO ./symbols >"$out/symbols" &&
		grep -qx ' taskdiag_open@TASKDIAG_0.4 0.4.0' "$out/symbols" &&
		cmp <(sed -n 's/.*@\([^ ]*\) .*/\1/p' "$out/symbols" | sort -u) <(echo TASKDIAG_0.4) ||
		{ echo "libtaskdiag0's symbols file:" >&2; cat "$out/symbols" >&2; return 1; }
	deb_list "$dev" >"$out/dev.list"
	for f in /usr/include/taskdiag/taskdiag.h /usr/include/taskdiag/linux/task_diag.h \
		"/usr/lib/$ma/libtaskdiag.so" "/usr/lib/$ma/libtaskdiag.a" \
		"/usr/lib/$ma/pkgconfig/taskdiag.pc" /usr/share/man/man3/libtaskdiag.3.gz \
		/usr/share/man/man3/taskdiag_open.3.gz /usr/share/man/man3/taskdiag_task_vma.3.gz; do
		grep -qx "$f" "$out/dev.list" || { echo "libtaskdiag-dev lacks $f" >&2; return 1; }
	done
	! grep -q '^/usr/include/linux/' "$out/dev.list" ||
		{ echo "libtaskdiag-dev has a header in /usr/include/linux" >&2; return 1; }
	[ -z "$(deb_list "task-diag-dev_${version}_all.deb" | grep -v '^/usr/share/doc/')" ] &&
		dpkg-deb -f "$debs/task-diag-dev_${version}_all.deb" Depends | grep -q '^libtaskdiag-dev' &&
		dpkg-deb -f "$debs/$dev" Breaks | grep -qx 'task-diag-dev (<< 0.4.0~)' ||
		{ echo "task-diag-dev is not a transitional package for libtaskdiag-dev" >&2; return 1; }
	deb_list "$tools" >"$out/tools.list"
	grep -qx /usr/libexec/task-diag/task-diag-selftest "$out/tools.list" &&
		grep -qx /usr/bin/task-diag-ps "$out/tools.list" &&
		! grep -q '^/usr/bin/task-diag-selftest' "$out/tools.list" ||
		{ cat "$out/tools.list" >&2; return 1; }
	dpkg-deb -f "$debs/$tools" Depends | grep -q "libtaskdiag0 (>= $version)" ||
		{ echo "task-diag-tools: Depends: $(dpkg-deb -f "$debs/$tools" Depends)" >&2; return 1; }
}
check "deb files: libtaskdiag0 the .so.0 and its symbols (TASKDIAG_0.4); -dev the headers under /usr/include/taskdiag, .so, .a, .pc, man3; task-diag-dev transitional; the selftest in /usr/libexec/task-diag; task-diag-tools depends on libtaskdiag0" \
	deb_contents

# --- 2. apt install into a Debian bookworm system -------------------------
td_distro_kernel
kver=$TD_KVER
# pkg-config and libc6-dev: a client of libtaskdiag-dev is built there.
td_chroot bookworm-dkms bookworm dkms kmod pkg-config libc6-dev "linux-image-$kver" "linux-headers-$kver"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/td-package.XXXXXX")
trap 'td_chroot_down "$tmp"' EXIT
td_chroot_up "$tmp"
root=$TD_ROOT
debnames="task-diag-dkms_${version}_all.deb libtaskdiag0_${version}_amd64.deb
	libtaskdiag-dev_${version}_amd64.deb task-diag-tools_${version}_amd64.deb task-diag-dev_${version}_all.deb"
for p in $debnames; do cp "$debs/$p" "$root/tmp/"; done

# The task-diag-dev of 0.3.0, as it was: the ABI header in /usr/include/linux.
old_dev() {
	local d=$out/old-dev
	mkdir -p "$d/DEBIAN" "$d/usr/include/linux"
	cp uapi/linux/task_diag.h "$d/usr/include/linux/"
	printf '%s\n' 'Package: task-diag-dev' 'Version: 0.3.0' 'Architecture: all' \
		'Multi-Arch: foreign' 'Maintainer: task_diag developers <test@example.org>' \
		'Depends: linux-libc-dev' 'Description: ABI header (0.3.0, made by the test)' >"$d/DEBIAN/control"
	dpkg-deb -b --root-owner-group "$d" "$root/tmp/task-diag-dev_0.3.0_all.deb" >/dev/null &&
		td_in_root dpkg -i /tmp/task-diag-dev_0.3.0_all.deb >"$out/old-dev.log" 2>&1 ||
		{ show "$out/old-dev.log"; return 1; }
}

apt_install() {
	old_dev || return 1
	# shellcheck disable=SC2046
	td_in_root apt-get install -y --no-install-recommends $(printf '/tmp/%s ' $debnames) \
		>"$out/apt-install.log" 2>&1 || { show "$out/apt-install.log"; return 1; }
	[ ! -e "$root/usr/include/linux/task_diag.h" ] &&
		[ "$(td_in_root dpkg-query -W -f '${Version}' task-diag-dev)" = "$version" ] ||
		{ echo "task-diag-dev 0.3.0's /usr/include/linux/task_diag.h is still there" >&2; return 1; }
}
check "apt-get install task-diag-dkms libtaskdiag0 libtaskdiag-dev task-diag-tools in bookworm with linux-headers-$kver, over task-diag-dev 0.3.0 (its header goes)" \
	apt_install

# A client of the installed -dev package, as its user builds it; and one of
# <linux/task_diag.h> alone, as 0.3.0's clients include it.
client() {
	cat >"$root/tmp/client.c" <<'C'
#include <stdio.h>
#include <taskdiag/taskdiag.h>
int main(void) { struct taskdiag *td; const struct taskdiag_task *t; struct task_diag_base b; int n;
	if (taskdiag_open(&td, NULL, 0) || taskdiag_query(td, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0)) return 1;
	while ((n = taskdiag_next(td, &t)) > 0) if (!taskdiag_task_base(t, &b)) printf("%u %u %s\n", b.pid, b.ppid, b.comm);
	return n < 0 || taskdiag_backend(td) != TASKDIAG_BACKEND_PROCFS; }
C
	printf '%s\n' '#include <linux/task_diag.h>' \
		'int main(void) { return sizeof(struct task_diag_pid) != 24 || !TASK_DIAG_SHOW_CGROUP; }' \
		>"$root/tmp/old_client.c"
	td_in_root sh -c 'cd /tmp && cc -Wall -Werror -o client client.c $(pkg-config --cflags --libs taskdiag) &&
		cc -Wall -Werror -o old_client old_client.c $(pkg-config --cflags taskdiag) &&
		./old_client && ./client >client.out' >"$out/client.log" 2>&1 ||
		{ show "$out/client.log"; return 1; }
	grep -q '^1 0 ' "$root/tmp/client.out" && grep -q ' client$' "$root/tmp/client.out" &&
		[ "$(wc -l <"$root/tmp/client.out")" -gt 3 ] ||
		{ show "$root/tmp/client.out"; return 1; }
	# task-diag-ps on the same library, through the same fallback.
	td_in_root sh -c 'ldd /usr/bin/task-diag-ps && task-diag-ps -e -o pid= -o ppid=' \
		>"$out/chroot-ps.log" 2>&1 &&
		grep -q 'libtaskdiag\.so\.0 => /.*/libtaskdiag\.so\.0 ' "$out/chroot-ps.log" &&
		grep -q '^ *1 *0$' "$out/chroot-ps.log" || { show "$out/chroot-ps.log"; return 1; }
}
check "a client built with \$(pkg-config --cflags --libs taskdiag) lists processes through the procfs fallback (no module there); <linux/task_diag.h> found too; task-diag-ps the same" \
	client

# dkms_says_installed: dkms status has task-diag installed for the test kernel.
dkms_says_installed() {
	td_in_root dkms status 2>&1 | grep -qx "task-diag/$version, $kver, x86_64: installed"
}

dkms_installed() {
	dkms_status=$(td_in_root dkms status 2>&1)
	echo "$dkms_status" >"$out/dkms-status.log"
	dkms_says_installed ||
		{ show "$out/dkms-status.log"; return 1; }
}
dkms_status=
check "dkms status: task-diag/$version installed for $kver" dkms_installed
echo "# dkms status: $dkms_status"

modinfo_by_name() {
	td_in_root modinfo -k "$kver" task_diag >"$out/modinfo.log" 2>&1 || { show "$out/modinfo.log"; return 1; }
	grep -qx "filename: */lib/modules/$kver/updates/dkms/task_diag.ko" "$out/modinfo.log" &&
		grep -qx "version: *$version" "$out/modinfo.log" &&
		grep -q '^description: *Binary, batched process information' "$out/modinfo.log" &&
		grep -q '^license: *GPL$' "$out/modinfo.log" &&
		! grep -q '^parm:' "$out/modinfo.log" || { show "$out/modinfo.log"; return 1; }
}
check "modinfo task_diag finds updates/dkms/task_diag.ko by name: version $version, description, license, no parameters" \
	modinfo_by_name

# --- 3. the installed module in the VM, by name ---------------------------
tree=$out/modules/$kver
mkdir -p "$tree"
cp -a "$root/lib/modules/$kver"/modules.* "$root/lib/modules/$kver/updates" "$tree/"
vm_ok=0
# task-diag-ps needs libtaskdiag.so.0, which the host's ldd does not find: it goes
# where the package put it, where the loader looks.
solib=$(td_in_root dpkg -L libtaskdiag0 | grep '/libtaskdiag\.so\.0$' || true)
# vm-ps.sh's fixtures (make check has built them; alone, this builds them).
[ -x "$TD_BUILD/bin/ps_fixture" ] || make -s -C "$TD_TOP" test-drivers >&2
td_vm -n -M 1024 -k "$TD_VMLINUZ" -l "$tree" -f "$root/usr/bin/kmod" \
	-f "$root/usr/libexec/task-diag/task-diag-selftest" -f "$root/usr/bin/task-diag-ps" \
	-p "$root$solib=${solib:-/missing}" \
	-f "$TD_TOP/test/vm-package.sh" -f "$TD_TOP/test/vm-ps.sh" -f /usr/bin/ps -f /usr/bin/strace \
	-f "$TD_BUILD/bin/ps_fixture" \
	-- /vm-package.sh "$version" >"$out/vm.log" 2>&1 || vm_ok=$?
grep -E '^(ok|not ok) |^# ' "$out/vm.log" || true
vm_verdict $vm_ok "$out/vm.log" \
	"VM ($kver): the DKMS-built module by name, its self-test, task-diag-ps; exits 0, kernel log clean"

# make dkms-install refuses to write over the package's files.
refuses() {
	cp -a "$TD_BUILD/task-diag-$version" "$root/tmp/src"
	! td_in_root make -C /tmp/src dkms-install KVER="$kver" >"$out/dkms-install-refused.log" 2>&1 &&
		grep -q 'belongs to the task-diag-dkms package' "$out/dkms-install-refused.log" ||
		{ show "$out/dkms-install-refused.log"; return 1; }
}
check "make dkms-install refuses while task-diag-dkms is installed" refuses

# --- 4. purge --------------------------------------------------------------
# left_behind: what of task_diag's packages is still in the system, on stdout.
left_behind() {
	local f
	for f in "$root/usr/src/task-diag-"* "$root/var/lib/dkms/task-diag" \
		"$root/lib/modules/$kver/updates/dkms/task_diag.ko" "$root/usr/bin/task-diag-ps" \
		"$root/usr/libexec/task-diag" "$root/usr/include/taskdiag" "$root/usr/include/linux/task_diag.h" \
		"$root"/usr/lib*/libtaskdiag* "$root"/usr/lib*/*/libtaskdiag* \
		"$root"/usr/lib*/pkgconfig/taskdiag.pc "$root"/usr/lib*/*/pkgconfig/taskdiag.pc \
		"$root"/usr/share/man/man3/*taskdiag* "$root"/usr/share/man/man*/task-diag-*; do
		[ ! -e "$f" ] && [ ! -L "$f" ] || echo "${f#"$root"}"
	done
}

purge() {
	td_in_root apt-get purge -y task-diag-dkms task-diag-tools libtaskdiag0 libtaskdiag-dev \
		task-diag-dev >"$out/apt-purge.log" 2>&1 || { show "$out/apt-purge.log"; return 1; }
	! td_in_root dkms status 2>&1 | grep -q task-diag || { td_in_root dkms status >&2; return 1; }
	local left
	left=$(left_behind)
	[ -z "$left" ] || { echo "left after purge: $left" >&2; return 1; }
	# Status-Abbrev's second letter n: not installed, no configuration files left.
	left=$(td_in_root dpkg-query -W -f '${db:Status-Abbrev}|${Package}\n' 2>/dev/null |
		awk -F'|' 'substr($1, 2, 1) != "n" && $2 ~ /^(task-diag|libtaskdiag)/')
	[ -z "$left" ] || { echo "dpkg still has: $left" >&2; return 1; }
	! td_in_root modinfo -k "$kver" task_diag >/dev/null 2>&1 ||
		{ echo "modinfo still finds task_diag" >&2; return 1; }
}
check "apt-get purge: dkms forgets task-diag; its source, build and module, the library, headers, .pc, man pages and tools are gone" \
	purge

# --- 5. make dkms-install from a checkout ---------------------------------
from_source() {
	td_in_root make -C /tmp/src dkms-install KVER="$kver" >"$out/dkms-install.log" 2>&1 ||
		{ show "$out/dkms-install.log"; return 1; }
	dkms_says_installed &&
		[ "$(td_in_root modinfo -k "$kver" -F version task_diag)" = "$version" ] ||
		{ show "$out/dkms-install.log"; return 1; }
	td_in_root make -C /tmp/src dkms-uninstall KVER="$kver" >"$out/dkms-uninstall.log" 2>&1 ||
		{ show "$out/dkms-uninstall.log"; return 1; }
	! td_in_root dkms status | grep -q task-diag && [ ! -e "$root/usr/src/task-diag-$version" ] &&
		[ ! -e "$root/lib/modules/$kver/updates/dkms/task_diag.ko" ] ||
		{ show "$out/dkms-uninstall.log"; return 1; }
}
check "make dkms-install from a source tree: installed for $kver; make dkms-uninstall removes it" \
	from_source

# --- 6. RPMs ---------------------------------------------------------------
arch=$(rpm --eval '%{_arch}')
dkms_rpm=$TD_BUILD/rpm/RPMS/noarch/task-diag-dkms-$version-1.noarch.rpm
lib_rpm=$TD_BUILD/rpm/RPMS/$arch/libtaskdiag-$version-1.$arch.rpm
devel_rpm=$TD_BUILD/rpm/RPMS/$arch/libtaskdiag-devel-$version-1.$arch.rpm
tools_rpm=$TD_BUILD/rpm/RPMS/$arch/task-diag-tools-$version-1.$arch.rpm
srpm=$TD_BUILD/rpm/SRPMS/task-diag-$version-1.src.rpm
all_rpms=("$dkms_rpm" "$lib_rpm" "$devel_rpm" "$tools_rpm")
build_rpms() {
	local f
	# make rpm is rpmbuild -ta on the release tarball: the spec in it carries the version.
	make -s rpm >"$out/rpm.log" 2>&1 || { show "$out/rpm.log"; return 1; }
	for f in "${all_rpms[@]}" "$srpm"; do
		[ -f "$f" ] || { show "$out/rpm.log"; echo "no ${f#"$TD_BUILD/"}" >&2; return 1; }
	done
}
check "make rpm (rpmbuild -ta on the tarball) builds task-diag-dkms (noarch), libtaskdiag, libtaskdiag-devel, task-diag-tools ($arch) $version and the source RPM" \
	build_rpms

lint_rpms() {
	rpmlint -r rpm/task-diag.rpmlintrc "${all_rpms[@]}" "$srpm" >"$out/rpmlint.log" 2>&1 || true
	rpmlint_summary=$(grep -o '[0-9]* errors, [0-9]* warnings' "$out/rpmlint.log" || true)
	case $rpmlint_summary in
	"0 errors, 0 warnings") ;;
	*) show "$out/rpmlint.log"; return 1 ;;
	esac
}
rpmlint_summary=
check "rpmlint: no error, no warning" lint_rpms
echo "# rpmlint: $rpmlint_summary"

# rpm_list RPM: its files (not directories).
rpm_list() {
	rpm -qp --qf '[%{FILENAMES} %{FILEMODES:perms}\n]' "$1" 2>/dev/null | awk '$2 !~ /^d/ { print $1 }' | sort
}

rpm_contents() {
	local v libdir f
	v=$(rpm -qp --qf '%{VERSION} %{ARCH}' "$dkms_rpm" 2>/dev/null)
	[ "$v" = "$version noarch" ] || { echo "rpm is $v" >&2; return 1; }
	rpm -qpR "$dkms_rpm" 2>/dev/null | grep -qx 'dkms' || { echo "no Requires: dkms" >&2; return 1; }
	# The same DKMS tree as the .deb's, file for file.
	diff <(rpm_list "$dkms_rpm" | grep '^/usr/src/') <(deb_files) >&2 || return 1
	rpm2cpio "$dkms_rpm" | (cd "$out" && cpio -idm --quiet "./usr/src/task-diag-$version/dkms.conf") ||
		return 1
	grep -qx "PACKAGE_VERSION=\"$version\"" "$out/usr/src/task-diag-$version/dkms.conf" ||
		{ echo "dkms.conf in the rpm lacks version $version" >&2; return 1; }
	libdir=$(rpm --eval '%{_libdir}')
	[ "$(rpm_list "$lib_rpm" | grep -v -e '^/usr/lib/\.build-id/' -e '^/usr/share/licenses/')" = \
		"$libdir/libtaskdiag.so.0" ] || { rpm_list "$lib_rpm" >&2; return 1; }
	rpm_list "$devel_rpm" >"$out/devel.list"
	for f in /usr/include/taskdiag/taskdiag.h /usr/include/taskdiag/linux/task_diag.h \
		"$libdir/libtaskdiag.so" "$libdir/pkgconfig/taskdiag.pc" /usr/share/man/man3/libtaskdiag.3 \
		/usr/share/man/man3/taskdiag_task_vma.3; do
		grep -q "^$f\(\.gz\|\.bz2\|\.xz\)\?$" "$out/devel.list" || { echo "-devel lacks $f" >&2; return 1; }
	done
	rpm2cpio "$devel_rpm" | (cd "$out" && cpio -idm --quiet ./usr/include/taskdiag/linux/task_diag.h) &&
		cmp "$out/usr/include/taskdiag/linux/task_diag.h" uapi/linux/task_diag.h || return 1
	rpm -qp --provides "$devel_rpm" 2>/dev/null | grep -qx "task-diag-devel = $version-1" &&
		rpm -qp --obsoletes "$devel_rpm" 2>/dev/null | grep -qx 'task-diag-devel < 0.4.0' ||
		{ echo "libtaskdiag-devel does not replace task-diag-devel" >&2; return 1; }
	rpm_list "$tools_rpm" | grep -qx /usr/libexec/task-diag/task-diag-selftest &&
		rpm_list "$tools_rpm" | grep -qx /usr/bin/task-diag-ps &&
		rpm -qpR "$tools_rpm" 2>/dev/null | grep -q '^libtaskdiag\.so\.0(TASKDIAG_0\.4)' ||
		{ rpm_list "$tools_rpm" >&2; rpm -qpR "$tools_rpm" >&2; return 1; }
}
check "rpm files: the .deb's DKMS tree, dkms.conf at $version, Requires dkms; libtaskdiag the .so.0; -devel the headers under /usr/include/taskdiag, .so, .pc, man3, obsoleting task-diag-devel; -tools the selftest in /usr/libexec/task-diag, requiring libtaskdiag.so.0(TASKDIAG_0.4)" \
	rpm_contents

rpm_scripts() {
	rpm -qp --scripts "$dkms_rpm" >"$out/rpm-scripts.log" 2>/dev/null
	sed -n '/^postinstall/,/^preuninstall/p' "$out/rpm-scripts.log" >"$out/post.log"
	sed -n '/^preuninstall/,$p' "$out/rpm-scripts.log" >"$out/preun.log"
	grep -q "^dkms add -m task-diag -v $version " "$out/post.log" &&
		grep -q "^ *dkms build -m task-diag -v $version -k " "$out/post.log" &&
		grep -q "^ *dkms install -m task-diag -v $version -k " "$out/post.log" &&
		grep -q "^dkms remove -m task-diag -v $version .*--all" "$out/preun.log" ||
		{ show "$out/rpm-scripts.log"; return 1; }
}
check "rpm scriptlets: %post dkms add, build and install for each kernel with headers; %preun dkms remove --all" \
	rpm_scripts

# --- 7. the RPMs installed into the bookworm system -----------------------
# The host's rpm with --root: it chroots into that system for the scriptlets,
# so that %post's dkms runs there, on its kernels.  --nodeps: rpm cannot see
# what dpkg installed.
in_rpm() { rpm --root "$root" --dbpath /var/lib/rpm "$@"; }
rpm_install() {
	mkdir -p "$root/var/lib/rpm" && in_rpm --initdb &&
		in_rpm -i --nodeps "${all_rpms[@]}" >"$out/rpm-install.log" 2>&1 ||
		{ show "$out/rpm-install.log"; return 1; }
	dkms_status=$(td_in_root dkms status 2>&1)
	dkms_says_installed && [ "$(td_in_root modinfo -k "$kver" -F version task_diag)" = "$version" ] ||
		{ show "$out/rpm-install.log"; echo "$dkms_status" >&2; return 1; }
	[ "$(in_rpm -qa | grep -c -e '^task-diag' -e '^libtaskdiag')" = 4 ] || { in_rpm -qa >&2; return 1; }
}
check "rpm -i into bookworm: %post has dkms install task-diag/$version for $kver" rpm_install
echo "# dkms status after rpm -i: $dkms_status"

tree=$out/rpm-modules/$kver
mkdir -p "$tree"
cp -a "$root/lib/modules/$kver"/modules.* "$root/lib/modules/$kver/updates" "$tree/" 2>/dev/null || true
vm_ok=0
td_vm -n -M 1024 -k "$TD_VMLINUZ" -l "$tree" -f "$root/usr/bin/kmod" \
	-f "$TD_TOP/test/vm-package.sh" -- /vm-package.sh "$version" modprobe >"$out/rpm-vm.log" 2>&1 || vm_ok=$?
grep -E '^(ok|not ok) |^# ' "$out/rpm-vm.log" | sed 's/^\(not \)\?ok - /&rpm: /' || true
vm_verdict $vm_ok "$out/rpm-vm.log" \
	"VM ($kver): the module the RPM's %post installed loads by name and unloads; kernel log clean"

rpm_erase() {
	in_rpm -e task-diag-tools libtaskdiag-devel libtaskdiag task-diag-dkms >"$out/rpm-erase.log" 2>&1 ||
		{ show "$out/rpm-erase.log"; return 1; }
	! td_in_root dkms status 2>&1 | grep -q task-diag || { td_in_root dkms status >&2; return 1; }
	local left
	left=$(left_behind)
	[ -z "$left" ] || { echo "left after rpm -e: $left" >&2; return 1; }
	[ -z "$(in_rpm -qa)" ] || { in_rpm -qa >&2; return 1; }
	! td_in_root modinfo -k "$kver" task_diag >/dev/null 2>&1 ||
		{ echo "modinfo still finds task_diag" >&2; return 1; }
}
check "rpm -e: dkms forgets task-diag; its source, build and module, the library, headers, .pc and tools are gone" \
	rpm_erase

[ "$failures" = 0 ]
