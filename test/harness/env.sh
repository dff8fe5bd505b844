#!/bin/bash
# Sourced by the test scripts: the cache, the packages the suite needs, and
# the kernels it runs on.  Everything fetched is cached under $TD_CACHE, so a
# warm run costs test time only.
TD_CACHE=${TD_CACHE:-/var/cache/task_diag}
TD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TD_HARNESS=$TD_TOP/test/harness
TD_BUILD=$TD_TOP/build

td_log() { echo "== $*" >&2; }

# td_vm ARGS...: boot a kernel in QEMU and run a command there (vm.sh: its usage).
td_vm() { "$TD_HARNESS/vm.sh" "$@"; }

# Debian packages for building the module, the tools and the debug kernel, and for the VM.
TD_PACKAGES="gcc make libc6-dev pkg-config qemu-system-x86 busybox-static cpio
	gzip xz-utils kmod sparse perl python3 bc bison flex libelf-dev libssl-dev dwarves
	linux-source-6.1 dpkg-dev build-essential debhelper dh-dkms pkgconf lintian rpm rpmlint
	mmdebstrap clang libclang-rt-14-dev procps strace
	qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross libtsan2-arm64-cross"

td_deps() {
	local missing=() p
	for p in $TD_PACKAGES; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} = 0 ] && return 0
	td_log "installing ${missing[*]}"
	[ "$(id -u)" = 0 ] || { echo "needs root to install: ${missing[*]}" >&2; return 1; }
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Debian bookworm's current 6.1 kernel of FLAVOUR (amd64 or rt-amd64), built and
# run on the host (a bookworm machine): sets TD_KVER, TD_KDIR (its headers) and
# TD_VMLINUZ, and TD_MODDIR (its modules).
td_distro_kernel() {
	local flavour=${1:-amd64} deb dir
	resolve() {
		apt-cache depends "linux-image-$flavour" 2>/dev/null |
			sed -n "s/.*Depends: linux-image-\(6\.1\.[^ ]*-$flavour\)\$/\1/p" | head -n1
	}
	TD_KVER=$(resolve)
	if [ -z "$TD_KVER" ]; then
		apt-get update -qq
		TD_KVER=$(resolve)
	fi
	[ -n "$TD_KVER" ] || { echo "cannot resolve Debian's 6.1 $flavour kernel" >&2; return 1; }
	TD_KDIR=/usr/src/linux-headers-$TD_KVER
	if [ ! -f "$TD_KDIR/Module.symvers" ]; then
		td_log "installing linux-headers-$TD_KVER"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			"linux-headers-$TD_KVER" >&2
	fi
	dir=$TD_CACHE/kernels/$TD_KVER
	TD_VMLINUZ=$dir/boot/vmlinuz-$TD_KVER
	if [ ! -f "$TD_VMLINUZ" ]; then
		td_log "fetching linux-image-$TD_KVER"
		mkdir -p "$TD_CACHE/debs" "$dir"
		(cd "$TD_CACHE/debs" && apt-get download -o APT::Sandbox::User=root -qq \
			"linux-image-$TD_KVER" >&2)
		deb=$(ls "$TD_CACHE/debs/linux-image-${TD_KVER}_"*.deb | tail -n1)
		dpkg-deb -x "$deb" "$dir"
	fi
	TD_MODDIR=$dir/lib/modules/$TD_KVER
}

# A Debian kernel of another release, with the compiler and kbuild of that
# release: a system of SUITE (td_chroot) with the kernel's image, headers,
# gcc and sparse.  td_release_kernel NAME SUITE SOURCES IMAGE-PACKAGE
# HEADERS-PACKAGE: sets TD_ROOTFS (the module is built in it), TD_KVER,
# TD_KDIR (inside TD_ROOTFS), TD_VMLINUZ and TD_MODDIR.  The cached system pins the
# kernel version until the cache is cleared.
td_release_kernel() {
	local name=$1 suite=$2 sources=$3
	shift 3
	TD_SOURCES=$sources td_chroot "kernel-$name" "$suite" "$@" gcc make libc6-dev sparse kmod
	td_chroot_kernel
}

# td_chroot_kernel: the kernel in the system $TD_CHROOT, as td_release_kernel sets it.
td_chroot_kernel() {
	TD_ROOTFS=$TD_CHROOT
	TD_VMLINUZ=$(ls "$TD_ROOTFS"/boot/vmlinuz-* | tail -n1)
	TD_KVER=${TD_VMLINUZ##*/vmlinuz-}
	TD_KDIR=/usr/src/linux-headers-$TD_KVER
	TD_MODDIR=$TD_ROOTFS/lib/modules/$TD_KVER
}

# A Debian kernel of another architecture (ARCH: arm64), cross-built for: a
# system of SUITE for the host with ARCH added, the cross compiler, and the
# kernel's image and headers unpacked into it.  td_cross_kernel NAME SUITE
# SOURCES ARCH FLAVOUR [RELEASE]: FLAVOUR is Debian's (arm64, arm64-16k),
# RELEASE (bookworm-backports) where the kernel is taken from.  Sets what
# td_release_kernel sets, and TD_ARCH and TD_CROSS.
td_cross_kernel() {
	local name=$1 suite=$2 sources=$3 arch=$4 flavour=$5 release=${6:-}
	TD_SOURCES=$sources TD_ARCHES="$(dpkg --print-architecture),$arch" \
		TD_THEN="td_foreign_kernel $arch $flavour $release" \
		td_chroot "kernel-$name" "$suite" "$(td_cross_gcc "$arch")" make sparse kmod bc
	TD_ARCH=$arch TD_CROSS=$(td_triplet "$arch")-
	td_chroot_kernel
}

td_triplet() {
	case $1 in
	arm64) echo aarch64-linux-gnu ;;
	*) echo "no GNU triplet known for $1" >&2; return 1 ;;
	esac
}

td_cross_gcc() { echo "gcc-$(td_triplet "$1")"; }

# td_foreign_kernel ARCH FLAVOUR [RELEASE] DIR (td_chroot's TD_THEN): FLAVOUR's
# current kernel (of RELEASE, if given: a suite that is not the default, as
# backports), image and headers, unpacked into the system at DIR.  The
# headers are not installed: they depend on the native gcc of ARCH, which
# the cross compiler stands in for (and 6.12's on the image too).  Of what
# they depend on, the common headers and kbuild's host programs are
# installed, for the host.  td_chroot runs this in a list, where set -e does
# not hold: each step says when it fails.
td_foreign_kernel() {
	local arch=$1 flavour=$2 release=() dir headers image deps deb
	[ $# = 3 ] || release=(-o "APT::Default-Release=$3")
	dir=${*: -1}
	in_dir() {
		chroot "$dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
			DEBIAN_FRONTEND=noninteractive "$@"
	}
	# A package's dependencies ("Depends: linux-..."), alternatives ("|Depends:") not.
	depends() {
		in_dir apt-cache "${release[@]}" depends "$1" |
			sed -n 's/^  Depends: <\{0,1\}\(linux-[^ :>]*\).*/\1/p'
	}
	cp /etc/resolv.conf "$dir/etc/resolv.conf" && in_dir apt-get update -qq || return 1
	# The metapackage linux-FOO-FLAVOUR depends on the current linux-FOO-VERSION-FLAVOUR.
	headers=$(depends "linux-headers-$flavour:$arch" | head -n1)
	image=$(depends "linux-image-$flavour:$arch" | head -n1)
	deps=$(depends "$headers:$arch" | grep -E '^linux-(headers-.*-common|kbuild-.*)$')
	[ -n "$headers" ] && [ -n "$image" ] && [ "$(echo "$deps" | wc -l)" = 2 ] ||
		{ echo "no $flavour kernel, or not its headers' dependencies: '$headers' '$image' '$deps'" >&2; return 1; }
	in_dir apt-get install -y -qq --no-install-recommends "${release[@]}" $deps || return 1
	rm -rf "$dir/tmp/debs" && mkdir -p "$dir/tmp/debs" || return 1
	in_dir sh -c "cd /tmp/debs && apt-get download -qq -o APT::Sandbox::User=root $headers:$arch $image:$arch" ||
		return 1
	# As dpkg unpacks: /lib stays the link to /usr/lib it is in a merged system.
	for deb in "$dir"/tmp/debs/*.deb; do
		dpkg-deb --fsys-tarfile "$deb" | tar -x --keep-directory-symlink -C "$dir" || return 1
	done
	rm -rf "$dir/tmp/debs"
	in_dir apt-get clean
	# What td_chroot_kernel and td_module use.
	ls "$dir"/boot/vmlinuz-* "$dir/usr/src/$headers/Makefile" \
		"$dir/usr/src/$headers/scripts/mod/modpost" >/dev/null
}

# td_userland ARCH: Debian bookworm's busybox, procps and strace for ARCH, and
# the ThreadSanitizer runtime, unpacked with what they need; sets TD_SYSROOT,
# where vm.sh finds the VM's busybox and every foreign executable's libraries.
td_userland() {
	TD_SYSROOT=
	[ "$1" != "$(dpkg --print-architecture)" ] || return 0
	TD_SOURCES="$TD_DEBIAN bookworm bookworm-updates
$TD_SECURITY bookworm-security" TD_ARCHES=$1 TD_VARIANT=extract \
		td_chroot "userland-$1" bookworm busybox-static procps strace libtsan2
	TD_SYSROOT=$TD_CHROOT
}

# td_ps_files: Debian's procps ps and strace for $TD_ARCH, as files for the VM
# (test/vm-ps.sh runs them as /ps and /strace); sets TD_PS and TD_STRACE.
td_ps_files() {
	if [ -n "${TD_SYSROOT:-}" ]; then
		TD_PS=$TD_SYSROOT/bin/ps TD_STRACE=$TD_SYSROOT/usr/bin/strace
	else
		TD_PS=/usr/bin/ps TD_STRACE=/usr/bin/strace
	fi
}

# The debug build of the same source: sets TD_KDIR and TD_VMLINUZ.
td_debug_kernel() {
	TD_KDIR=$(TD_CACHE=$TD_CACHE "$TD_HARNESS/debug-kernel.sh")
	TD_VMLINUZ=$TD_KDIR/arch/x86/boot/bzImage
	TD_KVER=$(cat "$TD_KDIR/include/config/kernel.release")
}

# The kernels the harness knows (README: "Kernels"); make check runs them all.
TD_KERNELS="5.10 6.1 6.1-rt 6.12 7.2 6.1-arm64 6.12-arm64 6.12-arm64-16k 6.1-debug"
TD_DEBIAN=http://deb.debian.org/debian
TD_SECURITY=http://deb.debian.org/debian-security

# td_kernel NAME: one of $TD_KERNELS.
td_kernel() {
	TD_ROOTFS= TD_MODDIR= TD_CROSS=
	TD_ARCH=$(dpkg --print-architecture)
	case $1 in
	5.10) td_release_kernel 5.10 bullseye "$TD_DEBIAN bullseye bullseye-updates
		$TD_SECURITY bullseye-security" linux-image-amd64 linux-headers-amd64 ;;
	6.1) td_distro_kernel amd64 ;;
	6.1-rt) td_distro_kernel rt-amd64 ;;
	6.12) td_release_kernel 6.12 bookworm "$TD_DEBIAN bookworm bookworm-updates bookworm-backports
		$TD_SECURITY bookworm-security" linux-image-amd64/bookworm-backports \
		linux-headers-amd64/bookworm-backports ;;
	7.2) td_release_kernel 7.2 sid "$TD_DEBIAN sid" linux-image-amd64 linux-headers-amd64 ;;
	6.1-arm64) td_cross_kernel 6.1-arm64 bookworm "$TD_DEBIAN bookworm bookworm-updates
		$TD_SECURITY bookworm-security" arm64 arm64 ;;
	6.12-arm64) td_cross_kernel 6.12-arm64 bookworm "$TD_DEBIAN bookworm bookworm-updates bookworm-backports
		$TD_SECURITY bookworm-security" arm64 arm64 bookworm-backports ;;
	6.12-arm64-16k) td_cross_kernel 6.12-arm64-16k bookworm "$TD_DEBIAN bookworm bookworm-updates bookworm-backports
		$TD_SECURITY bookworm-security" arm64 arm64-16k bookworm-backports ;;
	6.1-debug) td_debug_kernel ;;
	*) echo "unknown kernel '$1' (known: $TD_KERNELS)" >&2; return 1 ;;
	esac
}

# td_module NAME: build task_diag.ko for that kernel into $TD_BUILD/NAME/, W=1
# and sparse (C=2), on the host or, for a kernel of another release, in its
# system (a throwaway overlay of TD_ROOTFS).  Fails on any compiler or sparse
# warning.  Sets TD_KO.  TD_KCFLAGS, if set, is passed as KCFLAGS (test builds).
td_module() {
	local out=$TD_BUILD/$1 log rc=0 tmp kcflags=()
	[ -z "${TD_KCFLAGS:-}" ] || kcflags=("KCFLAGS=$TD_KCFLAGS")
	# Another architecture's kernel: its kbuild, the cross compiler.
	[ -z "${TD_CROSS:-}" ] || kcflags+=("ARCH=$TD_ARCH" "CROSS_COMPILE=$TD_CROSS")
	mkdir -p "$out"
	rm -rf "$out/module" "$out/uapi"
	cp -r "$TD_TOP/module" "$TD_TOP/uapi" "$out/"
	log=$out/build.log
	if [ -z "$TD_ROOTFS" ]; then
		make -C "$TD_KDIR" M="$out/module" W=1 C=2 "${kcflags[@]}" modules >"$log" 2>&1 || rc=$?
	else
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/td-build.XXXXXX")
		TD_CHROOT=$TD_ROOTFS td_chroot_up "$tmp"
		mkdir -p "$TD_ROOT/tmp/td"
		cp -r "$out/module" "$out/uapi" "$TD_ROOT/tmp/td/"
		for d in "$TD_ROOT"/usr/src/linux-headers-*/scripts; do
			[ -e "$d/checker-valid.sh" ] || [ ! -f "$d/Makefile.build" ] ||
				install -m 755 "$TD_HARNESS/checker-valid.sh" "$d/"
		done
		td_in_root make -C "$TD_KDIR" M=/tmp/td/module W=1 C=2 "${kcflags[@]}" modules >"$log" 2>&1 || rc=$?
		[ $rc != 0 ] || cp "$TD_ROOT/tmp/td/module/task_diag.ko" "$out/module/" || rc=$?
		td_chroot_down "$tmp" || true
	fi
	if [ $rc != 0 ]; then
		cat "$log" >&2
		return 1
	fi
	# "C=2 specified, but sparse is not available": kbuild skipped sparse.
	if grep -iE 'warning:|error:|sparse:|C=2 specified' "$log" >&2; then
		echo "module build for $1 is not clean (see above)" >&2
		return 1
	fi
	TD_KO=$out/module/task_diag.ko
}

# td_native_only WHAT: WHAT (the bench's VMs) runs on the host architecture's
# kernels only; stop with an error for another one's.
td_native_only() {
	[ "$TD_ARCH" = "$(dpkg --print-architecture)" ] ||
		{ echo "$1 runs on $(dpkg --print-architecture) kernels only, not on $TD_ARCH's" >&2; exit 2; }
}

# td_chroot NAME SUITE PACKAGES...: a Debian SUITE system with PACKAGES installed,
# made once with mmdebstrap and kept under $TD_CACHE/chroot, keyed by its
# contents; sets TD_CHROOT.  Change it only through td_chroot_up.  TD_SOURCES,
# lines of "MIRROR SUITE...", overrides the default SUITE, -updates, -security.
# TD_ARCHES (mmdebstrap's --architectures, the host's by default) and
# TD_VARIANT (apt by default; extract only unpacks PACKAGES and what they
# need) shape it; TD_THEN, a command, is run with the new system's directory
# before it is kept.
td_chroot() {
	local name=$1 suite=$2 key dir mirror suites s
	local sources=${TD_SOURCES:-"$TD_DEBIAN $2 $2-updates
$TD_SECURITY $2-security"}
	local lists=()
	shift 2
	while read -r mirror suites; do
		[ -n "$mirror" ] || continue
		for s in $suites; do lists+=("deb $mirror $s main"); done
	done <<<"$sources"
	local arches=${TD_ARCHES:-} variant=${TD_VARIANT:-apt}
	key=$(echo "$suite $* ${lists[*]} $arches $variant ${TD_THEN:-}" | sha256sum | cut -c1-12)
	dir=$TD_CACHE/chroot/$name-$key
	TD_CHROOT=$dir
	[ -f "$dir/.td-complete" ] && return 0
	td_log "making a $suite system with $* (mmdebstrap)"
	# Another key of NAME (not NAME-arm64-KEY: keys are 12 hex digits).
	rm -rf "$TD_CACHE/chroot/$name"-????????????
	mkdir -p "$TD_CACHE/chroot"
	# The mirror may be a snapshot whose Release files are past their Valid-Until.
	mmdebstrap --variant="$variant" ${arches:+--architectures="$arches"} \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--include="$(echo "$@" | tr ' ' ,)" "$suite" "$dir" "${lists[@]}" \
		>"$TD_CACHE/chroot/$name.log" 2>&1 &&
		{ [ -z "${TD_THEN:-}" ] || $TD_THEN "$dir" >>"$TD_CACHE/chroot/$name.log" 2>&1; } || {
		tail -n 30 "$TD_CACHE/chroot/$name.log" >&2; rm -rf "$dir"; return 1; }
	touch "$dir/.td-complete"
}

# td_chroot_up DIR: a throwaway copy of the cached system $TD_CHROOT at DIR/root
# (an overlay, or a copy where overlayfs cannot be mounted), with /proc, /sys
# and /dev; td_chroot_down DIR undoes it.  Sets TD_ROOT.
td_chroot_up() {
	local d=$1
	TD_ROOT=$d/root
	mkdir -p "$d/upper" "$d/work" "$TD_ROOT"
	if ! mount -t overlay overlay -o "lowerdir=$TD_CHROOT,upperdir=$d/upper,workdir=$d/work" \
		"$TD_ROOT" 2>/dev/null; then
		cp -a "$TD_CHROOT/." "$TD_ROOT/"
	fi
	mount -t proc proc "$TD_ROOT/proc"
	mount -t sysfs sys "$TD_ROOT/sys"
	mount --bind /dev "$TD_ROOT/dev"
	cp /etc/resolv.conf "$TD_ROOT/etc/resolv.conf" 2>/dev/null || true
}

# td_in_root CMD...: run CMD in the system td_chroot_up made, with a clean environment.
td_in_root() {
	chroot "$TD_ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		DEBIAN_FRONTEND=noninteractive "$@"
}

td_chroot_down() {
	local d=$1 m
	for m in dev sys proc ""; do
		if mountpoint -q "$d/root/$m"; then umount -l "$d/root/$m"; fi
	done
	# Never remove through a mount that is still there (/dev is the host's).
	if grep -q " $d/" /proc/mounts; then
		echo "td_chroot_down: $d is still mounted; left in place" >&2
		return 1
	fi
	rm -rf "$d"
}

# td_zram OUT: the kernel's zram and overlay modules and the modules they need, uncompressed,
# in OUT, named in load order in OUT/order (busybox's insmod follows no
# dependencies and reads no compressed module), so that the suite can swap.
# OUT/order stays empty for a kernel without modules (the debug build has
# zram built in).
td_zram() {
	local out=$1
	rm -rf "$out"
	mkdir -p "$out"
	: >"$out/order"
	[ -n "${TD_MODDIR:-}" ] || return 0
	td_zram_add() {
		local f dep
		! grep -qx "$1.ko" "$out/order" || return 0
		f=$(find "$TD_MODDIR/kernel" -name "$(echo "$1" | sed 's/[-_]/[-_]/g').ko*" | head -n1)
		[ -n "$f" ] || { echo "td_zram: $TD_KVER has no module $1" >&2; return 1; }
		for dep in $(modinfo -F depends "$f" | tr , ' '); do
			td_zram_add "$dep" || return 1
		done
		case $f in
		*.xz) xz -dc "$f" ;;	# Debian's 6.12 and 7.2 ship .ko.xz, its 6.1 .ko
		*) cat "$f" ;;
		esac >"$out/$1.ko" || return 1
		echo "$1.ko" >>"$out/order"
	}
	td_zram_add zram
	# overlayfs too, for the maps of files mapped through an overlay mount.
	td_zram_add overlay
}

# td_tools: the user-space binaries for $TD_ARCH (the host's by default), into
# $TD_BUILD/bin, or $TD_BUILD/ARCH/src/build/bin for another architecture;
# sets TD_BIN.
# Those are cross-built in a copy of the tree, and the README's client with
# them, statically but for lib_threads (ThreadSanitizer's runtime is a shared
# library) and task_diag_ps (a static glibc reads /proc/self/exe, which
# vm-ps.sh's strace check forbids it, and looks up user names through
# NSS modules all the same), as the packages ship it; td_userland gives the
# VM their libraries.
td_tools() {
	local arch=${TD_ARCH:-$(dpkg --print-architecture)} src cc
	if [ "$arch" = "$(dpkg --print-architecture)" ]; then
		make -s -C "$TD_TOP" tools test-drivers >&2
		TD_BIN=$TD_BUILD/bin
		return 0
	fi
	src=$TD_BUILD/$arch/src cc=$(td_triplet "$arch")-gcc
	TD_BIN=$src/build/bin
	# The tree as it is now (a file removed here is gone there), its build/ kept.
	mkdir -p "$src"
	find "$src" -mindepth 1 -maxdepth 1 ! -name build -exec rm -rf {} +
	(cd "$TD_TOP" && tar -c Makefile lib tools test uapi module/version.h) | tar -x -C "$src" &&
		make -s -C "$src" CC="$cc" AR="$(td_triplet "$arch")-ar" LDFLAGS=-static \
		build/bin/task_diag_test build/bin/fuzz_file build/bin/churn build/bin/ps_fixture >&2 &&
		make -s -C "$src" CC="$cc" AR="$(td_triplet "$arch")-ar" \
			build/bin/task_diag_ps build/bin/lib_threads >&2 &&
		awk '/^## A minimal client/ { f = 1 } f && /^```c$/ { c = 1; next } c && /^```$/ { exit } c' \
			"$TD_TOP/README.md" >"$src/readme_client.c" &&
		"$cc" -static -Wall -Wextra -Werror -I"$TD_TOP/uapi" -o "$TD_BIN/readme_client" \
			"$src/readme_client.c"
}
