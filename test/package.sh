#!/bin/bash
# The packages end to end, as a user gets them (part of make check):
#  1. build the .debs from a clean tree and lint them;
#  2. install task-diag-dkms and task-diag-tools with apt into a Debian bookworm
#     system that has the test kernel's image and headers (a throwaway copy of a
#     cached mmdebstrap system), and let DKMS build the module;
#  3. boot that kernel with the /lib/modules tree the install produced (its
#     depmod data and updates/dkms), modprobe task_diag by name, run the
#     packaged task-diag-selftest against it, modprobe -r;
#  4. purge the packages: DKMS forgets the module, its files are gone;
#  5. make dkms-install and dkms-uninstall from a source tree in the same system;
#  6. build the RPMs, lint them, check their files and scriptlets.
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
		task-diag-tools_${version}_amd64; do
		v=$(dpkg-deb -f "$debs/$p.deb" Version) || return 1
		[ "$v" = "$version" ] || { echo "$p.deb has version $v" >&2; return 1; }
	done
}
check "make deb builds task-diag-dkms, -dev and -tools $version from a clean tree" build_debs

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

# --- 2. apt install into a Debian bookworm system -------------------------
td_distro_kernel
kver=$TD_KVER
td_chroot bookworm-dkms bookworm dkms kmod "linux-image-$kver" "linux-headers-$kver"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/td-package.XXXXXX")
trap 'td_chroot_down "$tmp"' EXIT
td_chroot_up "$tmp"
root=$TD_ROOT
cp "$debs/task-diag-dkms_${version}_all.deb" "$debs/task-diag-tools_${version}_amd64.deb" "$root/tmp/"

apt_install() {
	td_in_root apt-get install -y --no-install-recommends "/tmp/task-diag-dkms_${version}_all.deb" \
		"/tmp/task-diag-tools_${version}_amd64.deb" >"$out/apt-install.log" 2>&1 ||
		{ show "$out/apt-install.log"; return 1; }
}
check "apt-get install task-diag-dkms task-diag-tools in bookworm with linux-headers-$kver" apt_install

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
td_vm -n -M 1024 -k "$TD_VMLINUZ" -l "$tree" -f "$root/usr/bin/kmod" \
	-f "$root/usr/bin/task-diag-selftest" -f "$root/usr/bin/task-diag-ps" \
	-f "$TD_TOP/test/vm-package.sh" -- /vm-package.sh "$version" >"$out/vm.log" 2>&1 || vm_ok=$?
grep -E '^(ok|not ok) |^# ' "$out/vm.log" || true
if [ $vm_ok = 0 ]; then
	pass "VM ($kver): the DKMS-built module by name, its self-test; exits 0, kernel log clean"
else
	grep -vE '^(ok|not ok) |^# ' "$out/vm.log" | tail -n 40 >&2
	fail "VM ($kver): the DKMS-built module by name, its self-test; exits 0, kernel log clean"
fi

# make dkms-install refuses to write over the package's files.
refuses() {
	cp -a "$TD_BUILD/task-diag-$version" "$root/tmp/src"
	! td_in_root make -C /tmp/src dkms-install KVER="$kver" >"$out/dkms-install-refused.log" 2>&1 &&
		grep -q 'belongs to the task-diag-dkms package' "$out/dkms-install-refused.log" ||
		{ show "$out/dkms-install-refused.log"; return 1; }
}
check "make dkms-install refuses while task-diag-dkms is installed" refuses

# --- 4. purge --------------------------------------------------------------
purge() {
	td_in_root apt-get purge -y task-diag-dkms task-diag-tools >"$out/apt-purge.log" 2>&1 ||
		{ show "$out/apt-purge.log"; return 1; }
	! td_in_root dkms status 2>&1 | grep -q task-diag || { td_in_root dkms status >&2; return 1; }
	local f
	for f in "/usr/src/task-diag-$version" /var/lib/dkms/task-diag \
		"/lib/modules/$kver/updates/dkms/task_diag.ko" /usr/bin/task-diag-selftest; do
		[ ! -e "$root$f" ] || { echo "$f is left after purge" >&2; return 1; }
	done
	! td_in_root modinfo -k "$kver" task_diag >/dev/null 2>&1 ||
		{ echo "modinfo still finds task_diag" >&2; return 1; }
}
check "apt-get purge: dkms forgets task-diag; its source, build and module are gone" purge

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
rpms=$TD_BUILD/rpm/RPMS/noarch
dkms_rpm=$rpms/task-diag-dkms-$version-1.noarch.rpm
devel_rpm=$rpms/task-diag-devel-$version-1.noarch.rpm
build_rpms() {
	make -s rpm >"$out/rpm.log" 2>&1 && [ -f "$dkms_rpm" ] && [ -f "$devel_rpm" ] ||
		{ show "$out/rpm.log"; return 1; }
}
check "make rpm builds task-diag-dkms and task-diag-devel $version (noarch)" build_rpms

lint_rpms() {
	rpmlint -r rpm/task-diag.rpmlintrc "$dkms_rpm" "$devel_rpm" >"$out/rpmlint.log" 2>&1 || true
	rpmlint_summary=$(grep -o '[0-9]* errors, [0-9]* warnings' "$out/rpmlint.log" || true)
	case $rpmlint_summary in
	"0 errors, "*) ;;
	*) show "$out/rpmlint.log"; return 1 ;;
	esac
}
rpmlint_summary=
check "rpmlint: no error" lint_rpms
echo "# rpmlint: $rpmlint_summary"

rpm_contents() {
	local v
	v=$(rpm -qp --qf '%{VERSION} %{ARCH}' "$dkms_rpm" 2>/dev/null)
	[ "$v" = "$version noarch" ] || { echo "rpm is $v" >&2; return 1; }
	rpm -qpR "$dkms_rpm" 2>/dev/null | grep -qx 'dkms' || { echo "no Requires: dkms" >&2; return 1; }
	# The same DKMS tree as the .deb's, file for file.
	diff <(rpm -qp --qf '[%{FILENAMES} %{FILEMODES:perms}\n]' "$dkms_rpm" 2>/dev/null |
		awk '$1 ~ /^\/usr\/src\// && $2 !~ /^d/ { print $1 }' | sort) <(deb_files) >&2 || return 1
	rpm2cpio "$dkms_rpm" | (cd "$out" && cpio -idm --quiet "./usr/src/task-diag-$version/dkms.conf") ||
		return 1
	grep -qx "PACKAGE_VERSION=\"$version\"" "$out/usr/src/task-diag-$version/dkms.conf" ||
		{ echo "dkms.conf in the rpm lacks version $version" >&2; return 1; }
	[ "$(rpm -qpl "$devel_rpm" 2>/dev/null | grep -c '^/usr/include/')" = 1 ] &&
		rpm2cpio "$devel_rpm" | (cd "$out" && cpio -idm --quiet ./usr/include/linux/task_diag.h) &&
		cmp "$out/usr/include/linux/task_diag.h" uapi/linux/task_diag.h
}
check "rpm files: the .deb's DKMS tree, dkms.conf at $version, Requires dkms; -devel holds the header" \
	rpm_contents

rpm_scripts() {
	rpm -qp --scripts "$dkms_rpm" >"$out/rpm-scripts.log" 2>/dev/null
	sed -n '/^postinstall/,/^preuninstall/p' "$out/rpm-scripts.log" >"$out/post.log"
	sed -n '/^preuninstall/,$p' "$out/rpm-scripts.log" >"$out/preun.log"
	grep -q "^dkms add -m task-diag -v $version " "$out/post.log" &&
		grep -q "^dkms build -m task-diag -v $version " "$out/post.log" &&
		grep -q "^dkms install -m task-diag -v $version " "$out/post.log" &&
		grep -q "^dkms remove -m task-diag -v $version .*--all" "$out/preun.log" ||
		{ show "$out/rpm-scripts.log"; return 1; }
}
check "rpm scriptlets: %post dkms add, build, install; %preun dkms remove --all" rpm_scripts

[ "$failures" = 0 ]
