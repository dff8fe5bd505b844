// SPDX-License-Identifier: GPL-2.0
#include "selftest.h"

char *self_exe;

/*
 * Unloading while a file is open in the middle of a dump: procfs waits for
 * calls under way and releases the file; later calls fail with EIO.
 */
static int test_unload(void)
{
	int fd = open_rdwr(TASKDIAG_PATH), st;
	char buf[300];

	taskdiag_request(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ALL, 0, 1);
	check(read(fd, buf, sizeof(buf)) > 0, "a dump is under way");
	st = system("rmmod task_diag");
	check(st == 0, "rmmod with the file open succeeds");
	check(access(TASKDIAG_PATH, F_OK) < 0 && errno == ENOENT, "/proc/task_diag is gone");
	check(access("/proc/task-diag", F_OK) < 0 && errno == ENOENT &&
	      faccessat(AT_FDCWD, "/proc/task-diag", F_OK, AT_SYMLINK_NOFOLLOW) < 0,
	      "/proc/task-diag is gone with it");
	check(read(fd, buf, sizeof(buf)) < 0 && errno == EIO, "read() on the orphaned file: EIO");
	check(taskdiag_request(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ALL, 0, 2) == -EIO,
	      "write() on the orphaned file: EIO");
	check(close(fd) == 0, "close() of the orphaned file");
	return tap_end();
}

static void test_abi(void)
{
	check(sizeof(struct task_diag_base) == 44 && sizeof(struct task_diag_creds) == 64 &&
	      sizeof(struct task_diag_stat) == 72 && sizeof(struct task_diag_pid) == 24 &&
	      sizeof(struct task_diag_msg) == 12, "ABI struct sizes (also pinned at build time)");
}

static int usage(FILE *f, const char *argv0, int rc)
{
	fprintf(f, "usage: %s [--zram | --boundary | --backends | --unload | --help]\n\n"
		"Runs the task_diag test suite against /proc/task_diag and procfs and\n"
		"prints TAP. Needs root and the module loaded; it makes and kills its\n"
		"own processes and mounts procfs instances under /tmp. Exits 0 when\n"
		"every check passes.\n"
		"  --zram    first put 64 MiB of swap on an unused /dev/zram0, for the\n"
		"            swapped-page checks (meant for test VMs: it stays on)\n"
		"  --boundary  only the privilege-boundary checks: the visibility\n"
		"            matrix and what a process may do to its own\n"
		"  --backends  only the library's procfs backend against its module one\n"
		"  --unload  instead, check that rmmod with a file open mid-dump is\n"
		"            safe (this unloads the module)\n"
		"  --help    this text\n"
		"TD_MANY_MAPS=N in the environment: the fixture with many mappings\n"
		"makes N of them, 20000 to 65000 (the default)\n", argv0);
	return rc;
}

uint64_t show_every;

int main(int argc, char **argv)
{
	int zram = argc == 2 && !strcmp(argv[1], "--zram");
	int boundary = argc == 2 && !strcmp(argv[1], "--boundary");
	int backends = argc == 2 && !strcmp(argv[1], "--backends");

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return usage(stdout, argv[0], 0);
	self_exe = realpath("/proc/self/exe", NULL);
	if (argc == 2 && !strcmp(argv[1], "--unload"))
		return test_unload();
	/* The fixtures' modes (helper()) never return; anything else is a usage error. */
	if (argc > 1 && !zram && !boundary && !backends) {
		helper(argc, argv);
		return usage(stderr, argv[0], 2);
	}
	{
		int p[2];

		if (pipe(p) || dup2(p[0], READY_R) < 0 || dup2(p[1], READY_W) < 0)
			die("pipe");
	}
	/* Orphaned fixtures come back here to be reaped. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (geteuid() != 0) {
		fprintf(stderr, "task_diag_test: run as root\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Swap on zram, where asked and the kernel has it, for the swapped-page statistics. */
	if (zram && access("/sys/block/zram0/disksize", W_OK) == 0 && access("/proc/swaps", R_OK) == 0) {
		int z = open("/sys/block/zram0/disksize", O_WRONLY);

		if (z >= 0 && write(z, "64M", 3) == 3)
			if (system("mkswap /dev/zram0 >/dev/null 2>&1 && swapon /dev/zram0"))
				diag("no swap: mkswap or swapon failed");
		if (z >= 0)
			close(z);
	}
	show_every = TASKDIAG_SHOW_NO_MAPS;
	for (int g = TASK_DIAG_SCHED; g <= TASK_DIAG_ATTR_MAX; g++) {
		int fd = open_rdwr(TASKDIAG_PATH);

		if (!taskdiag_request(fd, 1ULL << g, TASK_DIAG_DUMP_ONE, getpid(), 1))
			show_every |= g == TASK_DIAG_WCHAN ? 0 : 1ULL << g;
		else
			diag("group %d is not given here", g);
		close(fd);
	}
	test_abi();
	test_protocol();
	test_bad_requests();
	test_fixtures();
	mount_procs();
	if (boundary) {
		test_boundary();
		goto out;
	}
	if (backends) {
		test_backends();
		goto out;
	}
	test_visibility();
	test_maps();
	test_maps_access();
	test_backends();
	test_boundary();
out:
	umount_procs();
	unlink(suid_copy());
	return tap_end();
}
