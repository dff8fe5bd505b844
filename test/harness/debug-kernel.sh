#!/bin/bash
# Build (once) the debug kernel the suite runs on, from Debian's linux-source-6.1,
# and print the build directory. The build is cached under $TD_CACHE, keyed by the
# source version and the config fragment, so a warm run costs nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${TD_CACHE:-/var/cache/task_diag}
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || { apt-get update -qq && apt-get install -y -qq linux-source-6.1 >&2; }
srcver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
key=$( (echo "$srcver"; cat "$here/debug-kernel.config") | sha256sum | cut -c1-12)
src=$cache/src/linux-source-6.1-$srcver
out=$cache/kernel-debug-$key
if [ -f "$out/.done" ]; then echo "$out"; exit 0; fi
if [ ! -f "$src/.done" ]; then
	echo "debug kernel: unpacking linux-source $srcver" >&2
	rm -rf "$src" && mkdir -p "$src"
	tar xf "$tarball" -C "$src" --strip-components=1
	touch "$src/.done"
fi
echo "debug kernel: building $out (several minutes, once)" >&2
rm -rf "$out" && mkdir -p "$out"
make -s -C "$src" O="$out" tinyconfig >"$out/tinyconfig.log" 2>&1
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$here/debug-kernel.config" >"$out/merge.log" 2>&1
make -s -C "$src" O="$out" olddefconfig >>"$out/merge.log" 2>&1
# Every option of the fragment must have survived olddefconfig.
missing=0
while read -r line; do
	case "$line" in
	CONFIG_*=*) grep -qx "$line" "$out/.config" || { echo "debug kernel: $line not set" >&2; missing=1; } ;;
	esac
done < "$here/debug-kernel.config"
[ $missing = 0 ] || exit 1
if ! make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1; then
	tail -n 50 "$out/build.log" >&2
	exit 1
fi
touch "$out/.done"
echo "$out"
