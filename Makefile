# task_diag: see README.md.
#   make              build task_diag.ko for the running kernel (or KDIR=...)
#   make lint         checkpatch, the ABI and library checks, the README client, no VM (seconds)
#   make check        lint, build and run the whole test suite in QEMU, on every kernel
#                     of test/harness/env.sh's TD_KERNELS (KERNELS="..." for a subset)
#   make run          load the module and list processes through /proc/task_diag
#   make vm-run CMD='...' [FILES='...'] [KERNEL=6.1|...]
#   make bench [KERNEL=6.1] [CONFIGS="1000x1 10000x1 50000x1 10000x5 10000x2d10"] [RUNS=5]
#              [EXTRA=1] [PS_PROCS=50000]
#                     task_diag against procfs, taskstats and a BPF iterator, side by
#                     side in QEMU, then whole tools, load, scale and a user's dump;
#                     the tables and the plot into bench/results/
#   make bench-access [KERNEL=6.1] [PROCS=50000] [USER_PROCS=1000] [RUNS=5]
#                     root's ALL|VMA dump against a user's: what asking procfs costs
#   make bench-groups [KERNEL=6.1] [OLD=0d172d6] [PROCS=50000] [RUNS=5]
#                     what each group costs, and BASE with an older module
#   make bench-ps [KERNEL=6.1] [PROCS=50000] [RUNS=3] [ARGS=aux]
#                     task-diag-ps against procps ps, whole tools, side by side in QEMU
#   make fuzz [SECONDS=600]  the request fuzzer, then the file fuzzer on the debug kernel
#   make tools        the user-space binaries the packages ship, into build/bin
#   make test-drivers the suite's other drivers (fuzz_file, churn, ps_fixture, lib_threads),
#                     into build/bin
#   make dkms-install [KVER=...] / make dkms-uninstall   DKMS from this checkout
#   make lib          libtaskdiag.so.0, libtaskdiag.a and taskdiag.pc, into build/lib
#   make deb / make rpm  packages, into build/deb and build/rpm
#   make install-lib / install-headers / install-tools / install-dkms-src
#                     installs under DESTDIR=, PREFIX= (/usr), LIBDIR=, LIBEXECDIR=
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	  $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
KERNEL ?= 6.1

# The one version, from module/version.h: modinfo, dkms.conf and the packages carry it.
VERSION := $(shell sed -n 's/^\#define TASK_DIAG_VERSION "\(.*\)"/\1/p' module/version.h)
KVER ?= $(shell uname -r)
PREFIX ?= /usr
DESTDIR ?=
# The selftest needs root and unloads the module: not a command for PATH.
LIBEXECDIR ?= $(PREFIX)/libexec

CFLAGS ?= -O2 -g
WERROR ?= -Werror
TOOL_CFLAGS = $(CPPFLAGS) $(CFLAGS) -Wall -Wextra $(WERROR) -Iuapi -Ilib -Ilib/include
TOOL_LIBS = $(LDFLAGS) -lpthread
BIN = build/bin
# The one client of the wire format: tools, tests and bench build with it.
LIB = lib/decode.c lib/decode.h lib/include/taskdiag/taskdiag.h

# libtaskdiag: libtaskdiag.so.0 (symbols versioned by lib/libtaskdiag.map) and
# libtaskdiag.a, into build/lib.  The tools link the shared one where
# TOOLS_LINK=shared (the packages), the static one otherwise.
LIBDIR ?= $(PREFIX)/lib/$(shell $(CC) -print-multiarch 2>/dev/null)
SOVERSION = 0
LIBTD_SRC = lib/decode.c lib/stream.c lib/task.c lib/procfs.c lib/procfs_maps.c
LIBTD_HDR = lib/decode.h lib/backend.h lib/include/taskdiag/taskdiag.h uapi/linux/task_diag.h
LIBTD_OBJ = $(patsubst lib/%.c,build/lib/%.o,$(LIBTD_SRC))
LIBTD_SO = build/lib/libtaskdiag.so.$(SOVERSION)
TOOLS_LINK ?= static
ifeq ($(TOOLS_LINK),shared)
LIBTD_LINK = -Lbuild/lib -ltaskdiag
LIBTD_DEP = $(LIBTD_SO)
else
LIBTD_LINK = build/lib/libtaskdiag.a
LIBTD_DEP = build/lib/libtaskdiag.a
endif

# What DKMS builds from: the module's sources and the ABI header, under /usr/src.
DKMS_SRC = /usr/src/task-diag-$(VERSION)
DKMS_FILES = $(sort $(filter-out %.mod.c,$(wildcard module/*.[ch]))) module/Kbuild module/Makefile uapi/linux/task_diag.h

all: module

lib: $(LIBTD_SO) build/lib/libtaskdiag.a build/lib/taskdiag.pc

build/lib/%.o: lib/%.c $(LIBTD_HDR)
	@mkdir -p build/lib
	$(CC) $(TOOL_CFLAGS) -fPIC -c -o $@ $<

$(LIBTD_SO): $(LIBTD_OBJ) lib/libtaskdiag.map
	$(CC) $(LDFLAGS) -shared -Wl,-soname,libtaskdiag.so.$(SOVERSION) \
		-Wl,--version-script=lib/libtaskdiag.map -Wl,-z,defs -Wl,--as-needed \
		-o $@ $(LIBTD_OBJ)
	ln -sf libtaskdiag.so.$(SOVERSION) build/lib/libtaskdiag.so

build/lib/libtaskdiag.a: $(LIBTD_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

build/lib/taskdiag.pc: lib/taskdiag.pc.in module/version.h
	@mkdir -p build/lib
	sed 's#@PREFIX@#$(PREFIX)#; s#@LIBDIR@#$(LIBDIR)#; s#@VERSION@#$(VERSION)#' $< >$@

module:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "No kernel build tree: install linux-headers-$$(uname -r) or pass KDIR=/path." >&2; exit 1; fi
	$(MAKE) -C module KDIR=$(KDIR)

# What the packages ship: task-diag-ps and task-diag-selftest.
tools: $(BIN)/task_diag_test $(BIN)/task_diag_ps

# The suite's own drivers, from test/ (make check builds them).
test-drivers: $(BIN)/fuzz_file $(BIN)/churn $(BIN)/ps_fixture $(BIN)/lib_threads

# The selftest, one file per area (tools/selftest/), and the TAP helper it shares with churn.
SELFTEST = $(wildcard tools/selftest/*.c) tools/selftest/selftest.h
TAP = tools/selftest/tap.c tools/selftest/tap.h

$(BIN)/task_diag_test: $(SELFTEST) $(TAP) build/lib/libtaskdiag.a uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ $(sort $(filter %.c,$(SELFTEST) $(TAP))) build/lib/libtaskdiag.a \
		$(TOOL_LIBS)

$(BIN)/fuzz_file: test/fuzz_file.c test/fuzz/model.h $(LIB) uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ test/fuzz_file.c lib/decode.c $(TOOL_LIBS)

CHURN = $(wildcard test/churn/*.c) test/churn/churn.h

# libtaskdiag from several threads, library and all under ThreadSanitizer.
$(BIN)/lib_threads: test/lib_threads.c $(LIBTD_SRC) $(LIBTD_HDR)
	@mkdir -p $(BIN)
	$(CC) $(CPPFLAGS) -O1 -g -fsanitize=thread -Wall -Wextra $(WERROR) -Iuapi -Ilib -Ilib/include \
		-o $@ test/lib_threads.c $(LIBTD_SRC) $(LDFLAGS) -lpthread

# The processes test/vm-ps.sh compares the two ps on that a shell cannot make.
$(BIN)/ps_fixture: test/ps_fixture.c
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ test/ps_fixture.c $(TOOL_LIBS)

$(BIN)/churn: $(CHURN) $(TAP) $(LIB) uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -Itools/selftest -o $@ $(filter %.c,$(CHURN)) tools/selftest/tap.c \
		lib/decode.c $(TOOL_LIBS)

PS = $(wildcard tools/ps/*.c) $(wildcard tools/ps/*.h)

$(BIN)/task_diag_ps: $(PS) $(LIBTD_DEP) lib/include/taskdiag/taskdiag.h uapi/linux/task_diag.h
	@mkdir -p $(BIN)
	$(CC) $(TOOL_CFLAGS) -o $@ $(filter %.c,$(PS)) $(LIBTD_LINK) $(TOOL_LIBS)

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

# Whole tools: task-diag-ps against procps's ps (bench/td_ps.c).
bench-ps:
	KERNEL="$(KERNEL)" bash bench/ps.sh

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

# The headers under include/taskdiag/, the ABI header as taskdiag/linux/task_diag.h
# where no kernel's <linux/...> can clash with it: taskdiag.pc's Cflags,
# -I$(PREFIX)/include/taskdiag, finds both <taskdiag/taskdiag.h> and <linux/task_diag.h>.
install-headers:
	install -D -m 644 uapi/linux/task_diag.h $(DESTDIR)$(PREFIX)/include/taskdiag/linux/task_diag.h
	install -D -m 644 lib/include/taskdiag/taskdiag.h $(DESTDIR)$(PREFIX)/include/taskdiag/taskdiag.h

# libtaskdiag: the .so.0 and its .so link, the .a, taskdiag.pc, the headers, the
# man pages of section 3 (one per family, .so links for the other functions).
LIBMAN = $(sort $(wildcard lib/man/*.3))
install-lib: lib install-headers
	install -D -m 755 $(LIBTD_SO) $(DESTDIR)$(LIBDIR)/libtaskdiag.so.$(SOVERSION)
	ln -sf libtaskdiag.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libtaskdiag.so
	install -m 644 build/lib/libtaskdiag.a $(DESTDIR)$(LIBDIR)/libtaskdiag.a
	install -D -m 644 build/lib/taskdiag.pc $(DESTDIR)$(LIBDIR)/pkgconfig/taskdiag.pc
	for f in $(LIBMAN); do \
		install -D -m 644 $$f $(DESTDIR)$(PREFIX)/share/man/man3/$${f##*/} || exit 1; done

install-tools: $(BIN)/task_diag_test $(BIN)/task_diag_ps
	install -D -m 755 $(BIN)/task_diag_test $(DESTDIR)$(LIBEXECDIR)/task-diag/task-diag-selftest
	install -D -m 755 $(BIN)/task_diag_ps $(DESTDIR)$(PREFIX)/bin/task-diag-ps
	install -D -m 644 tools/selftest/task-diag-selftest.8 $(DESTDIR)$(PREFIX)/share/man/man8/task-diag-selftest.8
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

# RPMs, with rpmbuild -ta on the release tarball (the spec in it carries the
# version): task-diag-dkms (noarch), libtaskdiag, libtaskdiag-devel and
# task-diag-tools into build/rpm/RPMS/*/, the source RPM into build/rpm/SRPMS.
# Debian's rpmbuild cannot see the packages dpkg installed, hence --nodeps there.
RPMBUILD_FLAGS ?= $(if $(wildcard /etc/debian_version),--nodeps)
rpm: dist
	rm -rf build/rpm && mkdir -p build/rpm
	rpmbuild -ta $(RPMBUILD_FLAGS) --define "_topdir $(CURDIR)/build/rpm" $(DIST).tar.gz

clean:
	rm -rf build
	-$(MAKE) -C module KDIR=$(KDIR) clean 2>/dev/null

.PHONY: all lib bench-ps module tools test-drivers lint check vm-run run bench bench-access bench-groups fuzz clean install-dkms-src \
	install-headers install-lib install-tools dkms-install dkms-uninstall dkms-check dist deb rpm
