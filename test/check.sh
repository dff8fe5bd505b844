#!/bin/bash
# make check: lint, build and run the whole suite on every kernel.
#   KERNELS="5.10 6.1" picks kernels (names as in env.sh's TD_KERNELS, all of
#   them by default);
#   PACKAGES=0 skips the end-to-end test of the packages (test/package.sh).
set -euo pipefail
. "$(dirname "$0")/harness/env.sh"
kernels=${KERNELS:-$TD_KERNELS}
passed=0 failed=0
t0=$(date +%s)

count() {	# add a log's TAP results to passed/failed; $last says them
	local p f
	p=$(grep -c '^ok ' "$1" || true)
	f=$(grep -c '^not ok ' "$1" || true)
	passed=$((passed + p)) failed=$((failed + f))
	last="$p passed, $f failed"
}

td_deps

td_log "static checks"
mkdir -p "$TD_BUILD"
bash "$TD_TOP/test/lint.sh" | tee "$TD_BUILD/lint.tap" || true
count "$TD_BUILD/lint.tap"

td_log "request parser fuzzer"
if out=$(bash "$TD_TOP/test/fuzz.sh" 2000000 2>&1); then
	echo "ok - request parser under libFuzzer+ASan+UBSan, against the README's rules: ${out#request_fuzz: }" \
		| tee "$TD_BUILD/fuzz.tap"
else
	echo "$out" | tail -40
	echo "not ok - request parser fuzzer" | tee "$TD_BUILD/fuzz.tap"
fi
count "$TD_BUILD/fuzz.tap"

td_tools
for k in $kernels; do
	t=$(date +%s)
	td_log "kernel $k"
	td_kernel "$k"
	log=$TD_BUILD/$k.tap
	# The user space for the kernel's architecture (cross-built for arm64).
	if ! { td_userland "$TD_ARCH" && td_tools && td_ps_files; }; then
		echo "not ok - $k: the user space for $TD_ARCH" >"$log"
		count "$log"
		echo "$k: $last"
		continue
	fi
	if td_module "$k"; then
		echo "ok - $k ($TD_KVER): module builds with W=1 and sparse, no warning" >"$log"
	else
		echo "not ok - $k: module build" >"$log"
		count "$log"
		echo "$k: $last"
		continue
	fi
	# Requests for the file fuzzer, seconds of churn, tasks for the SIGKILL test,
	# the ps comparison, the mappings of the selftest's fixture with many.  The
	# debug kernel: 1,000,000 requests took it 1,614-1,857 s, half of make
	# check, and it makes a mapping in 4.6 ms (65,000 took 299 s, at
	# wait_ready()'s limit); make fuzz runs the file fuzzer there for longer.
	mem=1024 fuzz=100000 churn=10 kill=0 ps=1 many=65000
	case $k in
	6.1-debug) mem=2048 fuzz=400000 churn=60 ps=0 many=20000 ;;
	6.1-rt) mem=3072 churn=60 kill=50000 ;;
	6.1) mem=3072 kill=50000 ;;
	*-arm64*) mem=2048 ;;
	esac
	td_zram "$TD_BUILD/$k/zram"
	files=()
	# Debian's procps ps (bookworm's, the host's or for arm64) and strace, for test/vm-ps.sh.
	for f in "$TD_BIN"/* "$TD_TOP/test/vm-suite.sh" "$TD_TOP/test/vm-ps.sh" \
		"$TD_BUILD/$k/zram" "$TD_PS" "$TD_STRACE"; do
		files+=(-f "$f")
	done
	[ -z "$TD_SYSROOT" ] || files+=(-a "$TD_ARCH" -s "$TD_SYSROOT")
	if td_vm -M $mem -t 3600 -k "$TD_VMLINUZ" -m "$TD_KO" "${files[@]}" \
		-- "/vm-suite.sh $fuzz $churn $kill $ps $many" >>"$log" 2>&1; then
		echo "ok - $k: suite exits 0, kernel log clean" >>"$log"
	else
		echo "not ok - $k: suite failed or the kernel log has reports" >>"$log"
	fi
	grep -E '^(not ok|#)' "$log" || true
	count "$log"
	echo "$k ($TD_KVER): $last in $(( $(date +%s) - t ))s"
done
# VMA_STAT where the walker stops at a table's first none pte (module/vma_stat.c):
# 6.12 with a test build whose load-time probe sees such a walker.  The probe
# must say so, and the suite must pass through the walker used instead.
case " $kernels " in
*" 6.12 "*)
	t=$(date +%s)
	td_log "6.12 with a walker that stops at a table's first none pte"
	td_kernel 6.12
	log=$TD_BUILD/6.12-stops.tap
	if TD_KCFLAGS=-DTD_TEST_WALKER_STOPS td_module 6.12-stops >"$log" 2>&1; then
		td_zram "$TD_BUILD/6.12-stops/zram"
		notice="apply_to_existing_page_range() stops at a page table's first empty entry here"
		if td_vm -M 1024 -t 1200 -k "$TD_VMLINUZ" -m "$TD_KO" \
			-f "$TD_BUILD/bin/task_diag_test" -f "$TD_BUILD/6.12-stops/zram" -- \
			"for m in \$(cat /zram/order); do insmod /zram/\$m; done
			if dmesg | grep -qF \"$notice\"; then
				echo 'ok - 6.12-stops: the load-time probe finds the walker that stops'
			else
				echo 'not ok - 6.12-stops: the load-time probe missed the walker that stops'
			fi
			/task_diag_test --zram" >>"$log" 2>&1; then
			echo "ok - 6.12-stops: suite exits 0, kernel log clean" >>"$log"
		else
			echo "not ok - 6.12-stops: suite failed or the kernel log has reports" >>"$log"
		fi
	else
		echo "not ok - 6.12-stops: module build" >>"$log"
	fi
	grep -E '^(not ok|#)' "$log" || true
	count "$log"
	echo "6.12-stops: $last in $(( $(date +%s) - t ))s"
	;;
esac
if [ "${PACKAGES:-1}" = 1 ]; then
	t=$(date +%s)
	td_log "packages: deb, DKMS, modprobe, rpm"
	log=$TD_BUILD/package.tap
	rc=0
	"$TD_TOP/test/package.sh" >"$log" || rc=$?
	if [ $rc != 0 ] && ! grep -q '^not ok' "$log"; then
		echo "not ok - test/package.sh stopped with status $rc" >>"$log"
	fi
	grep -E '^(not ok|# )' "$log" || true
	count "$log"
	echo "packages: $last in $(( $(date +%s) - t ))s"
fi
echo "make check took $(( $(date +%s) - t0 ))s"
echo "check: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
