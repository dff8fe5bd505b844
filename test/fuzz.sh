#!/bin/bash
# The request parser's coverage-guided fuzzer (test/fuzz/request_fuzz.c, libFuzzer
# with ASan and UBSan), from a corpus of one valid request per strategy.
#
# usage: fuzz.sh [RUNS] [SECONDS]   (default 2000000 inputs; SECONDS bounds the time
#                                    instead, with RUNS 0)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-2000000} seconds=${2:-0}
out=$top/build/fuzz
mkdir -p "$out"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -I"$top/test/fuzz/shim" -I"$top/uapi" -I"$top/lib" -I"$top/lib/include" -I"$top/module" \
	-o "$out/request_fuzz" "$top/test/fuzz/request_fuzz.c" "$top/module/request.c"

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
# One valid request per strategy, 36 and 40 bytes long: struct nlmsghdr
# (len, type 0xd101, NLM_F_REQUEST, seq 1, port 0) and struct task_diag_pid;
# and the series' clients' 44 bytes, type and flags 0.
python3 - "$corpus" <<'EOF'
import struct, sys
for strategy in range(5):
    for size in (36, 40, 44):
        # 44: the series' clients' request, type and flags 0, 4 bytes after the struct
        req = struct.pack("<IHHII", size, 0xD101 if size != 44 else 0, 1 if size != 44 else 0, 1, 0)
        req += struct.pack("<QQI", 0x3F if strategy != 2 else 1, strategy, 1)
        req += b"\0" * (size - len(req))
        open(f"{sys.argv[1]}/s{strategy}-{size}", "wb").write(req)
EOF
args=(-max_len=64 -print_final_stats=1 -artifact_prefix="$out/")
if [ "$seconds" != 0 ]; then
	args+=(-max_total_time="$seconds")
else
	args+=(-runs="$runs")
fi
log=$out/request_fuzz.log
"$out/request_fuzz" "${args[@]}" "$corpus" >"$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
summary=$(grep '^request_fuzz: ' "$log" | tail -n1)
echo "$summary"
# Each strategy must have been accepted: a fuzzer that only ever sees rejects tests nothing.
for s in ALL ONE ALL_THREAD CHILDREN THREAD; do
	n=$(sed -n "s/.* $s \([0-9]*\).*/\1/p" <<<"$summary")
	[ "${n:-0}" -gt 0 ] || { echo "fuzz: no request with strategy $s was accepted" >&2; exit 1; }
done
