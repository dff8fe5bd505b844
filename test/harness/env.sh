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
	mmdebstrap clang libclang-rt-14-dev procps strace"

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
	TD_ROOTFS=$TD_CHROOT
	TD_VMLINUZ=$(ls "$TD_ROOTFS"/boot/vmlinuz-* | tail -n1)
	TD_KVER=${TD_VMLINUZ##*/vmlinuz-}
	TD_KDIR=/usr/src/linux-headers-$TD_KVER
	TD_MODDIR=$TD_ROOTFS/lib/modules/$TD_KVER
}

# The debug build of the same source: sets TD_KDIR and TD_VMLINUZ.
td_debug_kernel() {
	TD_KDIR=$(TD_CACHE=$TD_CACHE "$TD_HARNESS/debug-kernel.sh")
	TD_VMLINUZ=$TD_KDIR/arch/x86/boot/bzImage
	TD_KVER=$(cat "$TD_KDIR/include/config/kernel.release")
}

# The kernels the harness knows (README: "Kernels"); make check runs them all.
TD_KERNELS="5.10 6.1 6.1-rt 6.12 7.2 6.1-debug"
TD_DEBIAN=http://deb.debian.org/debian
TD_SECURITY=http://deb.debian.org/debian-security

# td_kernel NAME: one of $TD_KERNELS.
td_kernel() {
	TD_ROOTFS= TD_MODDIR=
	case $1 in
	5.10) td_release_kernel 5.10 bullseye "$TD_DEBIAN bullseye bullseye-updates
		$TD_SECURITY bullseye-security" linux-image-amd64 linux-headers-amd64 ;;
	6.1) td_distro_kernel amd64 ;;
	6.1-rt) td_distro_kernel rt-amd64 ;;
	6.12) td_release_kernel 6.12 bookworm "$TD_DEBIAN bookworm bookworm-updates bookworm-backports
		$TD_SECURITY bookworm-security" linux-image-amd64/bookworm-backports \
		linux-headers-amd64/bookworm-backports ;;
	7.2) td_release_kernel 7.2 sid "$TD_DEBIAN sid" linux-image-amd64 linux-headers-amd64 ;;
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

# td_chroot NAME SUITE PACKAGES...: a Debian SUITE system with PACKAGES installed,
# made once with mmdebstrap and kept under $TD_CACHE/chroot, keyed by its
# contents; sets TD_CHROOT.  Change it only through td_chroot_up.  TD_SOURCES,
# lines of "MIRROR SUITE...", overrides the default SUITE, -updates, -security.
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
	key=$(echo "$suite $* ${lists[*]}" | sha256sum | cut -c1-12)
	dir=$TD_CACHE/chroot/$name-$key
	TD_CHROOT=$dir
	[ -f "$dir/.td-complete" ] && return 0
	td_log "making a $suite system with $* (mmdebstrap)"
	rm -rf "$TD_CACHE/chroot/$name"-*
	mkdir -p "$TD_CACHE/chroot"
	# The mirror may be a snapshot whose Release files are past their Valid-Until.
	mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
		--include="$(echo "$@" | tr ' ' ,)" "$suite" "$dir" "${lists[@]}" \
		>"$TD_CACHE/chroot/$name.log" 2>&1 || {
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

# td_tools: the user-space binaries, into $TD_BUILD.
td_tools() {
	make -s -C "$TD_TOP" tools test-drivers >&2
}
