# task_diag: see README.md.
#   make              build task_diag.ko for the running kernel (or KDIR=...)
#   make check        lint, build and run the whole test suite in QEMU (KERNELS="6.1 6.1-debug")
#   make run          load the module and list processes through /proc/task_diag
#   make vm-run CMD='...' [FILES='...'] [KERNEL=6.1|6.1-debug]
#   make bench-ps [N=10000]   task_diag vs /proc/PID/stat, side by side in one VM
#   make bench-maps [MAPS_N=1000]  task_diag VMA vs maps, VMA_STAT vs smaps, likewise
#   make tools        the user-space binaries, into build/bin
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
KERNEL ?= 6.1
N ?= 10000

CFLAGS ?= -O2 -g
TOOL_CFLAGS = $(CFLAGS) -Wall -Wextra -Werror -Iuapi -Itest $(shell pkg-config --cflags libnl-3.0 2>/dev/null || echo -I/usr/include/libnl3)
TOOL_LIBS = $(shell pkg-config --libs libnl-3.0 2>/dev/null || echo -lnl-3) -lpthread
BIN = build/bin

all: module

module:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "No kernel build tree: install linux-headers-$$(uname -r) or pass KDIR=/path." >&2; exit 1; fi
	$(MAKE) -C module KDIR=$(KDIR)

tools: $(BIN)/task_diag_test $(BIN)/task_diag_ps $(BIN)/ps_bench $(BIN)/maps_bench

$(BIN)/task_diag_test: test/task_diag_test.c test/tdlib.c test/tdlib.h uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ test/task_diag_test.c test/tdlib.c $(TOOL_LIBS)

$(BIN)/task_diag_ps: tools/task_diag_ps.c test/tdlib.c test/tdlib.h uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ tools/task_diag_ps.c test/tdlib.c $(TOOL_LIBS)

$(BIN)/ps_bench: bench/ps_bench.c bench/bench.h uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ bench/ps_bench.c

$(BIN)/maps_bench: bench/maps_bench.c bench/bench.h uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ bench/maps_bench.c

check:
	bash test/check.sh

vm-run:
	bash test/vm-run.sh "$(KERNEL)" "$(CMD)" $(FILES)

run:
	bash tools/run.sh

bench-ps:
	TD_VM_MEM=4096 bash test/vm-run.sh "$(KERNEL)" "/ps_bench $(N)"

bench-maps:
	TD_VM_MEM=4096 bash test/vm-run.sh "$(KERNEL)" "/maps_bench $(or $(MAPS_N),1000)"

clean:
	rm -rf build
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null

.PHONY: all module tools check vm-run run bench-ps bench-maps clean
