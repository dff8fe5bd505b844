# task_diag: see README.md.
#   make              build task_diag.ko for the running kernel (or KDIR=...)
#   make lint         checkpatch, the ABI and library checks, the README client, no VM (seconds)
#   make check        lint, build and run the whole test suite in QEMU, on every kernel
#                     of test/harness/env.sh's TD_KERNELS (KERNELS="..." for a subset)
#   make run          load the module and list processes through /proc/task_diag
#   make vm-run CMD='...' [FILES='...'] [KERNEL=6.1|...]
#   make bench [KERNEL=6.1] [CONFIGS="1000x1 10000x1 50000x1 10000x5"] [RUNS=5]
#                     task_diag against procfs, taskstats and a BPF iterator, side by
#                     side in QEMU; the table and the plot into bench/results/
#   make bench-access [KERNEL=6.1] [PROCS=50000] [USER_PROCS=1000] [RUNS=5]
#   make bench-groups [KERNEL=6.1] [OLD=0d172d6] [PROCS=50000] [RUNS=5]
#                     root's ALL|VMA dump against a user's: what asking procfs costs
#   make fuzz [SECONDS=600]  the request fuzzer, then the file fuzzer on the debug kernel
#   make tools        the user-space binaries the packages ship, into build/bin
#   make test-drivers the suite's other drivers (fuzz_file, churn), into build/bin
#   make dkms-install [KVER=...] / make dkms-uninstall   DKMS from this checkout
#   make deb / make rpm  packages, into build/deb and build/rpm
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
KERNEL ?= 6.1

# The one version, from module/version.h: modinfo, dkms.conf and the packages carry it.
VERSION := $(shell sed -n 's/^\#define TASK_DIAG_VERSION "\(.*\)"/\1/p' module/version.h)
KVER ?= $(shell uname -r)
PREFIX ?= /usr
DESTDIR ?=

CFLAGS ?= -O2 -g
WERROR ?= -Werror
TOOL_CFLAGS = $(CPPFLAGS) $(CFLAGS) -Wall -Wextra $(WERROR) -Iuapi -Ilib
TOOL_LIBS = $(LDFLAGS) -lpthread
BIN = build/bin
# The one client of the wire format: tools, tests and bench build with it.
LIB = lib/taskdiag.c lib/taskdiag.h

# What DKMS builds from: the module's sources and the ABI header, under /usr/src.
DKMS_SRC = /usr/src/task-diag-$(VERSION)
DKMS_FILES = $(sort $(filter-out %.mod.c,$(wildcard module/*.[ch]))) module/Kbuild module/Makefile uapi/linux/task_diag.h

all: module

module:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "No kernel build tree: install linux-headers-$$(uname -r) or pass KDIR=/path." >&2; exit 1; fi
	$(MAKE) -C module KDIR=$(KDIR)

# What the packages ship: task-diag-ps and task-diag-selftest.
tools: $(BIN)/task_diag_test $(BIN)/task_diag_ps

# The suite's own drivers, from test/ (make check builds them).
test-drivers: $(BIN)/fuzz_file $(BIN)/churn

# The selftest, one file per area (tools/selftest/), and the TAP helper it shares with churn.
SELFTEST = $(wildcard tools/selftest/*.c) tools/selftest/selftest.h
TAP = tools/selftest/tap.c tools/selftest/tap.h

$(BIN)/task_diag_test: $(SELFTEST) $(TAP) $(LIB) uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ $(sort $(filter %.c,$(SELFTEST) $(TAP))) lib/taskdiag.c $(TOOL_LIBS)

$(BIN)/fuzz_file: test/fuzz_file.c test/fuzz/model.h $(LIB) uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ test/fuzz_file.c lib/taskdiag.c $(TOOL_LIBS)

CHURN = $(wildcard test/churn/*.c) test/churn/churn.h

$(BIN)/churn: $(CHURN) $(TAP) $(LIB) uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -Itools/selftest -o $@ $(filter %.c,$(CHURN)) tools/selftest/tap.c \
		lib/taskdiag.c $(TOOL_LIBS)

$(BIN)/task_diag_ps: tools/task_diag_ps.c $(LIB) uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ tools/task_diag_ps.c lib/taskdiag.c $(TOOL_LIBS)

lint:
	bash test/lint.sh

check:
	bash test/check.sh

vm-run:
	bash test/harness/vm-run.sh "$(KERNEL)" "$(CMD)" $(FILES)

run:
	bash tools/run.sh

bench:
	KERNEL="$(KERNEL)" bash bench/run.sh

# What asking procfs costs: root's dump with maps against a user's (bench/td_access.c).
bench-access:
	KERNEL="$(KERNEL)" bash bench/access.sh

# What each group costs, and BASE with an older module against this one (bench/td_groups.c).
bench-groups:
	KERNEL="$(KERNEL)" bash bench/groups.sh

# The fuzzers for longer than make check runs them: the request parser under
# libFuzzer, then the file on the debug kernel, SECONDS each.
fuzz:
	bash test/fuzz.sh 0 $(or $(SECONDS),600)
	TD_VM_TIMEOUT=$$(( $(or $(SECONDS),600) + 600 )) bash test/harness/vm-run.sh 6.1-debug \
		"/fuzz_file -n 4000000000 -r 5 -t $(or $(SECONDS),600)"

# Installs, for packagers (DESTDIR=) and for make dkms-install.
install-dkms-src:
	@test -n "$(VERSION)" || { echo "no version in module/version.h" >&2; exit 1; }
	for f in $(DKMS_FILES); do install -D -m 644 $$f $(DESTDIR)$(DKMS_SRC)/$$f || exit 1; done
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DESTDIR)$(DKMS_SRC)/dkms.conf

install-headers:
	install -D -m 644 uapi/linux/task_diag.h $(DESTDIR)$(PREFIX)/include/linux/task_diag.h

install-tools: $(BIN)/task_diag_test $(BIN)/task_diag_ps
	install -D -m 755 $(BIN)/task_diag_test $(DESTDIR)$(PREFIX)/bin/task-diag-selftest
	install -D -m 755 $(BIN)/task_diag_ps $(DESTDIR)$(PREFIX)/bin/task-diag-ps
	install -D -m 644 tools/selftest/task-diag-selftest.1 $(DESTDIR)$(PREFIX)/share/man/man1/task-diag-selftest.1
	install -D -m 644 tools/task-diag-ps.1 $(DESTDIR)$(PREFIX)/share/man/man1/task-diag-ps.1

dkms-install: dkms-check
	-dkms remove -m task-diag -v $(VERSION) --all >/dev/null 2>&1
	rm -rf $(DKMS_SRC)
	$(MAKE) --no-print-directory install-dkms-src DESTDIR=
	dkms add -m task-diag -v $(VERSION)
	dkms install -m task-diag -v $(VERSION) -k $(KVER)

dkms-uninstall: dkms-check
	dkms remove -m task-diag -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

dkms-check:
	@command -v dkms >/dev/null || { echo "dkms is not installed: apt install dkms" >&2; exit 1; }
	@if dpkg-query -S $(DKMS_SRC) >/dev/null 2>&1; then \
		echo "$(DKMS_SRC) belongs to the task-diag-dkms package: use apt to remove it" >&2; exit 1; fi

# The tree as git sees it (tracked and new files, not ignored ones), or as unpacked
# from a tarball: what the packages are built from.
DIST = build/task-diag-$(VERSION)
dist:
	rm -rf $(DIST) && mkdir -p $(DIST)
	{ git ls-files -co --exclude-standard 2>/dev/null || find . -path ./build -prune -o -type f -print; } | \
		while read -r f; do [ ! -f "$$f" ] || cp --parents "$$f" $(DIST)/ || exit 1; done
	tar -C build -czf $(DIST).tar.gz task-diag-$(VERSION)

# Debian packages, from the clean tree: build/deb/*.deb.
deb: dist
	rm -rf build/deb && mkdir -p build/deb && cp -a $(DIST) build/deb/
	cd build/deb/task-diag-$(VERSION) && dpkg-buildpackage -us -uc -b

# RPMs (noarch task-diag-dkms and task-diag-devel): build/rpm/RPMS/noarch/*.rpm.
# Debian's rpmbuild cannot see the packages dpkg installed, hence --nodeps there.
RPMBUILD_FLAGS ?= $(if $(wildcard /etc/debian_version),--nodeps)
rpm: dist
	rm -rf build/rpm && mkdir -p build/rpm/SOURCES
	cp $(DIST).tar.gz build/rpm/SOURCES/
	rpmbuild -bb $(RPMBUILD_FLAGS) --define "_topdir $(CURDIR)/build/rpm" \
		--define "td_version $(VERSION)" rpm/task-diag.spec

clean:
	rm -rf build
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null

.PHONY: all module tools test-drivers lint check vm-run run bench bench-access bench-groups fuzz clean install-dkms-src \
	install-headers install-tools dkms-install dkms-uninstall dkms-check dist deb rpm
