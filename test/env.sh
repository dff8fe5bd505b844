#!/bin/bash
# Sourced by the test scripts: the cache, the packages the suite needs, and
# the kernels it runs on.  Everything fetched is cached under $TD_CACHE, so a
# warm run costs test time only.
TD_CACHE=${TD_CACHE:-/var/cache/task_diag}
TD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TD_BUILD=$TD_TOP/build

td_log() { echo "== $*" >&2; }

# Debian packages for building the module, the tools and the debug kernel, and for the VM.
TD_PACKAGES="gcc make libc6-dev pkg-config libnl-3-dev qemu-system-x86 busybox-static cpio
	gzip xz-utils kmod sparse perl python3 bc bison flex libelf-dev libssl-dev dwarves
	linux-source-6.1 dpkg-dev"

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

# Debian bookworm's current 6.1 kernel: sets TD_KVER, TD_KDIR (its headers) and TD_VMLINUZ.
td_distro_kernel() {
	local deb dir
	TD_KVER=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\(6\.1\.[^ ]*-amd64\)$/\1/p' | head -n1)
	if [ -z "$TD_KVER" ]; then
		apt-get update -qq
		TD_KVER=$(apt-cache depends linux-image-amd64 |
			sed -n 's/.*Depends: linux-image-\(6\.1\.[^ ]*-amd64\)$/\1/p' | head -n1)
	fi
	[ -n "$TD_KVER" ] || { echo "cannot resolve Debian's 6.1 kernel" >&2; return 1; }
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
}

# The debug build of the same source: sets TD_KDIR and TD_VMLINUZ.
td_debug_kernel() {
	TD_KDIR=$(TD_CACHE=$TD_CACHE "$TD_TOP/test/debug-kernel.sh")
	TD_VMLINUZ=$TD_KDIR/arch/x86/boot/bzImage
	TD_KVER=$(cat "$TD_KDIR/include/config/kernel.release")
}

# td_kernel NAME: "6.1" or "6.1-debug".
td_kernel() {
	case $1 in
	6.1) td_distro_kernel ;;
	6.1-debug) td_debug_kernel ;;
	*) echo "unknown kernel '$1' (known: 6.1 6.1-debug)" >&2; return 1 ;;
	esac
}

# td_module NAME: build task_diag.ko for that kernel into $TD_BUILD/NAME/, W=1.
# Fails on any compiler or sparse warning.  Sets TD_KO.
td_module() {
	local out=$TD_BUILD/$1 log
	mkdir -p "$out"
	rm -rf "$out/module" "$out/uapi"
	cp -r "$TD_TOP/module" "$TD_TOP/uapi" "$out/"
	log=$out/build.log
	if ! make -C "$TD_KDIR" M="$out/module" W=1 C=2 modules >"$log" 2>&1; then
		cat "$log" >&2
		return 1
	fi
	if grep -iE 'warning:|error:|sparse:' "$log" >&2; then
		echo "module build for $1 is not clean (see above)" >&2
		return 1
	fi
	TD_KO=$out/module/task_diag.ko
}

# td_tools: the user-space binaries, into $TD_BUILD.
td_tools() {
	make -s -C "$TD_TOP" tools >&2
}
