#!/bin/bash
# Boot a kernel in QEMU (software emulation) with a small initramfs that holds
# busybox, task_diag.ko and the given files; run a command with the module
# loaded; print its output; exit with its status.  Any oops, WARN, BUG, KASAN,
# UBSAN, lockdep, hung-task or kmemleak report in the kernel log fails the run.
#
# usage: vm.sh -k BZIMAGE [-m MODULE.ko | -n] [-M MEM] [-t TIMEOUT] [-f FILE]... [-p FILE=PATH]...
#              [-l DIR] [-a ARCH -s SYSROOT] -- CMD
#   -m MOD   insmod MOD before the command
#   -n       load no module (the command loads it itself)
#   -f FILE  put FILE in the VM as /$(basename FILE)
#   -p FILE=PATH  put FILE in the VM as PATH (a shared library where the loader looks)
#   -l DIR   put the module tree DIR in the VM as /lib/modules/$(basename DIR)
#   -a ARCH  the kernel's architecture, amd64 (the default) or arm64: qemu-system-aarch64
#            -M virt -cpu max, whose busybox, and every dynamic executable's
#            libraries, are those of SYSROOT (-s; env.sh's td_userland)
set -euo pipefail
mem=1024 timeout=900 load=1 files=() placed=() kernel= module= modtree= arch=amd64 sysroot=
while getopts "k:m:M:t:f:p:l:na:s:" o; do
	case $o in
	k) kernel=$OPTARG ;; m) module=$OPTARG ;; M) mem=$OPTARG ;;
	t) timeout=$OPTARG ;; f) files+=("$OPTARG") ;; n) load=0 ;;
	p) [[ $OPTARG == *=/* ]] || { echo "vm.sh: -p wants FILE=/PATH" >&2; exit 2; }
	   placed+=("$OPTARG") ;;
	l) modtree=$OPTARG ;;
	a) arch=$OPTARG ;; s) sysroot=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ "${1-}" = -- ] && shift
cmd="$*"
[ -n "$kernel" ] && [ -n "$cmd" ] && { [ -n "$module" ] || [ $load = 0 ]; } ||
	{ echo "usage: see $0" >&2; exit 2; }
case $arch in
amd64) busybox=/bin/busybox ;;
arm64) busybox=$sysroot/bin/busybox ;;
*) echo "vm.sh: no VM for architecture '$arch'" >&2; exit 2 ;;
esac
[ "$arch" = amd64 ] || [ -d "$sysroot" ] || { echo "vm.sh: -a $arch wants -s SYSROOT" >&2; exit 2; }

# deps FILE: the shared libraries (and loader) a dynamic executable of $arch
# needs, as paths in the VM: ldd's for the host's own, for another
# architecture its ELF's interpreter and NEEDED, looked up in $sysroot.
deps() {
	if [ -z "$sysroot" ]; then
		! ldd "$1" >/dev/null 2>&1 || ldd "$1" | grep -o '/[^ ]*'
		return 0
	fi
	local todo=("$1") seen=" " f n d
	[ "$(head -c 4 "$1")" = "$(printf '\177ELF')" ] || return 0
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]} todo=("${todo[@]:1}")
		readelf -lW "$f" | sed -n 's/.*program interpreter: \(.*\)]/\1/p'
		for n in $(readelf -dW "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			case $seen in *" $n "*) continue ;; esac
			seen="$seen$n "
			for d in /lib/aarch64-linux-gnu /usr/lib/aarch64-linux-gnu /lib /usr/lib; do
				if [ -e "$sysroot$d/$n" ]; then
					echo "$d/$n"
					todo+=("$sysroot$d/$n")
					break
				fi
			done
		done
	done | sort -u
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,etc,run,mnt}
cp "$busybox" "$root/bin/busybox"
[ -z "$module" ] || cp "$module" "$root/task_diag.ko"
if [ -n "$modtree" ]; then
	mkdir -p "$root/lib/modules"
	cp -a "$modtree" "$root/lib/modules/"
fi
for f in "${files[@]}"; do
	cp -a "$f" "$root/"
	# A dynamic executable brings its shared libraries along.
	if [ -f "$f" ] && [ -x "$f" ]; then
		deps "$f" | while read -r lib; do
			mkdir -p "$root$(dirname "$lib")"
			cp -L "$sysroot$lib" "$root$lib"
		done
	fi
done
for p in "${placed[@]}"; do
	dest=/${p#*=/}
	mkdir -p "$root$(dirname "$dest")"
	cp -L "${p%%=/*}" "$root$dest"
done
printf '%s\n' "$cmd" > "$root/cmd"
echo "root:x:0:0:root:/:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"
cat > "$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmp /tmp
mount -t debugfs debug /sys/kernel/debug 2>/dev/null
[ -w /sys/kernel/debug/kmemleak ] && echo clear > /sys/kernel/debug/kmemleak
cd /
rc=0
echo "@@@ start"
if [ $load = 1 ]; then insmod /task_diag.ko || rc=\$?; fi
echo "@@@ output begin"
if [ \$rc = 0 ]; then sh -c "\$(cat /cmd)" 2>&1; rc=\$?; fi
echo "@@@ output end rc=\$rc"
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan > /sys/kernel/debug/kmemleak; sleep 1
	echo scan > /sys/kernel/debug/kmemleak
	echo "@@@ kmemleak begin"; cat /sys/kernel/debug/kmemleak; echo "@@@ kmemleak end"
fi
echo "@@@ dmesg begin"; dmesg; echo "@@@ dmesg end"
reboot -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd"

log=$work/console
kvm=()
if [ "$arch" = arm64 ]; then
	# Pointer authentication with QEMU's own cheap algorithm: still the
	# architecture's, at a fraction of the emulated QARMA's cost.
	qemu=(qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on)
	console=ttyAMA0
else
	[ -w /dev/kvm ] && [ "${TD_KVM:-0}" = 1 ] && kvm=(-enable-kvm -cpu host)
	[ ${#kvm[@]} = 0 ] && kvm=(-cpu max)
	qemu=(qemu-system-x86_64 "${kvm[@]}")
	console=ttyS0
fi
boot() {
	timeout --foreground "$timeout" "${qemu[@]}" -m "$mem" -smp 2 \
		-kernel "$kernel" -initrd "$work/initrd" \
		-append "console=$console quiet panic=-1 oops=panic rdinit=/init" \
		-display none -monitor none -serial "file:$log" -no-reboot </dev/null
}
# A kernel that dies before init reaches "@@@ start" has not seen task_diag
# (nothing loads it earlier): under emulation that is, rarely, the distro
# kernel's own boot (an int3 of its boot-time code patching taken on the
# other vCPU, seen with 6.12).  Such a boot is shown and retried once.
qrc=0
boot || qrc=$?
if ! grep -q '@@@ start' "$log"; then
	echo "vm: the kernel stopped before init loaded task_diag; booting once more. Console:" >&2
	cat "$log" >&2
	qrc=0
	boot || qrc=$?
fi
if [ $qrc != 0 ]; then
	echo "vm: qemu failed or timed out after ${timeout}s" >&2; cat "$log" >&2; exit 124
fi

sed -n '/^@@@ output begin/,/^@@@ output end/p' "$log" | sed '1d;$d' | tr -d '\r'
rc=$(sed -n 's/^@@@ output end rc=\([0-9]*\).*/\1/p' "$log" | tr -d '\r')
if [ -z "$rc" ]; then
	echo "vm: the command did not finish; console:" >&2; cat "$log" >&2; exit 125
fi
# lockdep and RCU reports start with "WARNING:"; kmemleak's with "unreferenced object".
bad='(WARNING:|BUG:|Oops|general protection|KASAN:|UBSAN:|kernel BUG|Call Trace:|suspicious RCU|blocked for more than|soft lockup|detected stalls|unreferenced object|Kernel panic)'
report=$(sed -n '/^@@@ kmemleak begin/,/^@@@ kmemleak end/p;/^@@@ dmesg begin/,/^@@@ dmesg end/p' "$log" |
	grep -v '^@@@' | grep -E "$bad" || true)
# Anything printed outside the markers (a panic, a late WARN) counts too.
stray=$(sed '/^@@@ output begin/,/^@@@ output end/d' "$log" | grep -E "$bad" || true)
if [ -n "$report$stray" ]; then
	echo "vm: kernel reports in the log:" >&2
	sed -n '/^@@@ kmemleak begin/,/^@@@ dmesg end/p' "$log" >&2
	exit 1
fi
exit "$rc"
