// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: the privilege boundary: what a process may do to its own (exec a
 * setuid program, rewrite its arguments, exit threads) changes nothing.
 */
#include "selftest.h"

static void wait_euid0(pid_t pid)
{
	char path[64], *s, *u;
	int e = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	for (int i = 0; i < 1000 && e != 0; i++) {
		s = read_file(path, NULL);
		u = s ? strstr(s, "\nUid:") : NULL;
		if (!u || sscanf(u, "\nUid: %*d %d", &e) != 1)
			e = -1;
		free(s);
		if (e)
			usleep(10000);
	}
}

/*
 * uid 1000 opens task_diag, forks, and execs a setuid-root program: the
 * child, holding the file, asks for its parent.  procfs binds maps to the
 * mm it approved at open, so the new image's maps are never shown, nor
 * its I/O counters, and behind hidepid=2 the process is hidden as procfs
 * hides it.
 */
static void test_exec_suid(void)
{
	const char *copy = suid_copy();
	char verdict = 0;
	int v[2];
	pid_t p;

	if (pipe(v))
		die("pipe");
	p = fork();
	if (p == 0) {
		struct taskdiag_result res;
		pid_t parent = getpid();
		int fd, hfd, ok;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		prctl(PR_SET_DUMPABLE, 1);
		fd = open_rdwr(TASKDIAG_PATH);
		hfd = open_rdwr("/tmp/proc-hide/task_diag");
		if (fork() == 0) {
			wait_euid0(parent);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_IO,
				      TASK_DIAG_DUMP_ONE, parent, BIG, &res);
			ok = res.done && res.n == 1 && !res.tasks[0].has_vma &&
			     !procfs_gives("/proc", parent, "maps", 1) && !res.tasks[0].has_io &&
			     !procfs_gives("/proc", parent, "io", 1);
			taskdiag_result_free(&res);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL, 0,
				      BIG, &res);
			ok &= res.done && taskdiag_find(&res, parent) && !taskdiag_find(&res, parent)->has_vma;
			taskdiag_result_free(&res);
			taskdiag_dump(hfd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE,
				      parent, BIG, &res);
			ok &= res.error == -ESRCH && !procfs_gives("/tmp/proc-hide", parent, "stat", 0);
			taskdiag_result_free(&res);
			verdict = ok ? 'y' : 'n';
			if (write(v[1], &verdict, 1) != 1)
				_exit(3);
			_exit(0);
		}
		close(v[1]);
		execl(copy, "td-suid", "--sleep", (char *)NULL);
		_exit(127);
	}
	close(v[1]);
	wait_ready(1);
	if (read(v[0], &verdict, 1) != 1)
		verdict = 0;
	close(v[0]);
	check(verdict == 'y',
	      "a file of uid 1000 whose process then exec'd a setuid-root program: no maps or I/O counters of the new image, hidden behind hidepid=2, as procfs");
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	/* Its child, ours once it was orphaned, has exited or is about to. */
	usleep(100000);
	while (waitpid(-1, NULL, __WALL | WNOHANG) > 0)
		;
}

/* The fields of /proc/self/stat that prctl(PR_SET_MM_MAP) wants back. */
struct mm_fields {
	unsigned long long start_code, end_code, start_stack, start_data, end_data, start_brk;
	unsigned long long arg_start, arg_end, env_start, env_end;
};

static int self_mm_fields(struct mm_fields *m)
{
	char *s = read_file("/proc/self/stat", NULL), *p;
	unsigned long long v[56];
	int n = 0;

	if (!s || !(p = strrchr(s, ')')))
		return -1;
	/* Fields from 3 (state) on. */
	for (p += 2; n < 49 && *p; n++) {
		v[n + 3] = strtoull(p, &p, 10);
		if (n == 0)
			p = strchr(p, ' ');	/* the state letter */
		while (*p == ' ')
			p++;
	}
	free(s);
	if (n < 49)
		return -1;
	m->start_code = v[26];
	m->end_code = v[27];
	m->start_stack = v[28];
	m->start_data = v[45];
	m->end_data = v[46];
	m->start_brk = v[47];
	m->arg_start = v[48];
	m->arg_end = v[49];
	m->env_start = v[50];
	m->env_end = v[51];
	return 0;
}

/* Point this process's argument area at [start, end) with PR_SET_MM_MAP (no privilege). */
static int set_args(unsigned long start, unsigned long end)
{
	struct prctl_mm_map map = { 0 };
	struct mm_fields m;

	if (self_mm_fields(&m))
		return -1;
	map.start_code = m.start_code;
	map.end_code = m.end_code;
	map.start_data = m.start_data;
	map.end_data = m.end_data;
	map.start_brk = m.start_brk;
	map.brk = (unsigned long)sbrk(0);
	map.start_stack = m.start_stack;
	map.arg_start = start;
	map.arg_end = end;
	map.env_start = end;
	map.env_end = end;
	map.exe_fd = -1;
	return prctl(PR_SET_MM, PR_SET_MM_MAP, &map, sizeof(map), 0);
}

/*
 * Helper: uid 1000 points its arguments at 5 GiB of untouched memory
 * ("huge"), or at a file mapping ("file"), then sleeps.
 */
static void args_helper(const char *how)
{
	unsigned long len = strcmp(how, "huge") ? 4096 : 5UL << 30;
	char *p;

	if (!strcmp(how, "huge")) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	} else {
		int fd = open("/tmp/td-argfile", O_RDWR | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || write(fd, "from\0a\0file\0", 12) != 12)
			_exit(3);
		p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
	}
	if (p == MAP_FAILED)
		_exit(3);
	if (set_args((unsigned long)p, (unsigned long)p + (strcmp(how, "huge") ? 12 : len)))
		_exit(errno == EINVAL || errno == EPERM ? 4 : 3);
	ready();
	for (;;)
		pause();
}

static void alarm_exit(int sig)
{
	(void)sig;
	printf("not ok - a dump did not finish within its time\n");
	fflush(stdout);
	_exit(1);
}

/* Spawn args_helper(@how) as uid 1000; 0 where the kernel has no PR_SET_MM_MAP. */
static pid_t spawn_args(const char *how)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		args_helper(how);
	}
	/* It exits with 4 where prctl(PR_SET_MM_MAP) is not built in. */
	return ready_or_absent(pid);
}

static void test_args(void)
{
	struct taskdiag_result res;
	char *proc;
	size_t plen = 0;
	pid_t huge, file;
	int fd = open_rdwr(TASKDIAG_PATH), zero = 1;

	huge = spawn_args("huge");
	if (!huge) {
		printf("ok - argv over 4 GiB # SKIP no prctl(PR_SET_MM_MAP) in this kernel\n");
		close(fd);
		return;
	}
	signal(SIGALRM, alarm_exit);
	alarm(600);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	{
		struct taskdiag_task *t = taskdiag_find(&res, huge);

		for (size_t i = 0; t && i < t->cmdline_len; i++)
			zero &= !t->cmdline[i];
		check(res.done && !res.violation[0] && t && t->cmdline_len == TASK_DIAG_CMDLINE_MAX &&
		      t->cmdline_truncated && zero,
		      "argv of 5 GiB (PR_SET_MM_MAP, uid 1000): root's ALL|CMDLINE dump ends, with its first %d bytes, flagged cut (%zu)%s",
		      TASK_DIAG_CMDLINE_MAX, t ? t->cmdline_len : 0, res.violation);
	}
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ONE, huge, 4096, &res);
	check(res.done && res.n == 1 && res.tasks[0].cmdline_len == TASK_DIAG_CMDLINE_MAX &&
	      res.tasks[0].cmdline_truncated, "the same in 4 KiB reads (%d reads)", res.reads);
	taskdiag_result_free(&res);
	alarm(0);
	kill(huge, SIGKILL);
	waitpid(huge, NULL, 0);

	file = spawn_args("file");
	taskdiag_dump(fd, TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ONE, file, BIG, &res);
	{
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/cmdline", file);
		proc = read_file(path, &plen);
	}
	check(res.done && res.n == 1 && proc && res.tasks[0].cmdline_len == plen &&
	      !memcmp(res.tasks[0].cmdline, proc, plen) && !res.tasks[0].cmdline_truncated,
	      "argv pointed at a file mapping: what /proc/PID/cmdline gives (%zu bytes), %zu here",
	      plen, res.n ? res.tasks[0].cmdline_len : 0);
	free(proc);
	taskdiag_result_free(&res);
	kill(file, SIGKILL);
	waitpid(file, NULL, 0);
	unlink("/tmp/td-argfile");
	close(fd);
}

/*
 * A command line read in pieces while its process execs another program
 * with a longer one: what follows the exec is the new image's, so the
 * task's answer ends with what was read of the old one.
 */
static void test_exec_midway(void)
{
	static char a[100000], b[100000];
	char *args[8], c;
	struct taskdiag_result res;
	int fd = open_rdwr(TASKDIAG_PATH), go[2], only_a = 1;
	char buf[8192];
	ssize_t n;
	pid_t pid;

	memset(a, 'a', sizeof(a) - 1);
	memset(b, 'b', sizeof(b) - 1);
	if (pipe(go))
		die("pipe");
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(go[0], 0);
		args[0] = "td-exec-midway";
		args[1] = "--exec-on-input";
		args[2] = a;
		args[3] = NULL;
		execv(self_exe, args);
		_exit(127);
	}
	wait_ready(1);
	taskdiag_request(fd, TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ONE, pid, 7);
	taskdiag_result_init(&res);
	n = read(fd, buf, sizeof(buf));
	if (n > 0)
		taskdiag_result_add(&res, buf, n, 7, TASK_DIAG_SHOW_CMDLINE);
	/* The new program, with a longer command line of other bytes. */
	c = 0;
	if (write(go[1], &c, 1) != 1)
		die("write");
	wait_ready(1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		taskdiag_result_add(&res, buf, n, 7, TASK_DIAG_SHOW_CMDLINE);
	taskdiag_result_end(&res);
	for (size_t i = 0; res.n == 1 && i < res.tasks[0].cmdline_len; i++)
		only_a &= res.tasks[0].cmdline[i] != 'b';
	check(res.done && res.n == 1 && only_a && res.tasks[0].cmdline_len < sizeof(a) + 40,
	      "exec between two reads of a command line: nothing of the new program's (%zu bytes, all of the old)",
	      res.n ? res.tasks[0].cmdline_len : 0);
	taskdiag_result_free(&res);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(go[0]);
	close(go[1]);
	close(fd);
}

/* A VM_PFNMAP mapping (/dev/mem's first page): smaps walks none of it, nor does VMA_STAT. */
static void test_pfnmap(void)
{
	int fd = open_rdwr(TASKDIAG_PATH);
	const char *why;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		/* /dev/mem's first page: a VM_IO | VM_PFNMAP mapping. */
		execv(self_exe, (char *[]){ "td-pfnmap", "--map-file", "/dev/mem", "1", NULL });
		_exit(127);
	}
	/* It exits with 4 where /dev/mem cannot be mapped. */
	pid = ready_or_absent(pid);
	if (pid) {
		why = one_maps(fd, pid, 1, BIG, NULL, NULL, 0);
		check(!why, "VMA_STAT of a process with a VM_PFNMAP mapping (/dev/mem) equals smaps%s%s",
		      why ? ": " : "", why ? why : "");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	} else {
		printf("ok - VMA_STAT of a VM_PFNMAP mapping # SKIP no /dev/mem to map\n");
	}
	close(fd);
}

static void *exit_storm(void *arg)
{
	volatile unsigned long spin = 0;

	for (int i = 0; i < 20000; i++)
		spin += i;
	(void)arg;
	return NULL;
}

/*
 * A process whose threads start and exit without end, dumped with STAT
 * meanwhile: every dump ends (the second pass over its threads takes the
 * lock, as thread_group_cputime() does), and its times never fall as its
 * threads exit.
 */
static void test_thread_storm(void)
{
	int fd = open_rdwr(TASKDIAG_PATH), dumps = 0, ok = 1, falls = 0;
	unsigned long long last = 0;
	struct timespec t0, t;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;) {
			pthread_t th[4];

			for (int i = 0; i < 4; i++)
				pthread_create(&th[i], NULL, exit_storm, NULL);
			for (int i = 0; i < 4; i++)
				pthread_join(th[i], NULL);
		}
	}
	signal(SIGALRM, alarm_exit);
	alarm(300);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		struct taskdiag_result res;

		taskdiag_dump(fd, TASK_DIAG_SHOW_STAT, TASK_DIAG_DUMP_ONE, pid, BIG, &res);
		ok &= res.done && res.n == 1 && res.tasks[0].has_stat;
		if (res.n == 1) {
			unsigned long long sum = res.tasks[0].stat.utime + res.tasks[0].stat.stime;

			falls += sum < last;
			last = sum;
		}
		taskdiag_result_free(&res);
		dumps++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 10);
	alarm(0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	check(ok && !falls && dumps > 10,
	      "%d STAT dumps of a process whose threads exit without end: each ends, its utime+stime never falls (%d falls)",
	      dumps, falls);
	close(fd);
}

/*
 * A file mapped through an overlay mount: maps shows the overlay's path and
 * inode, not the underlying file's (6.8 and later map a backing file).
 */
static void test_overlay(void)
{
	int fd, data, st;
	const char *why;
	pid_t pid;

	mkdir("/tmp/ovl", 0755);
	mkdir("/tmp/ovl/lower", 0755);
	mkdir("/tmp/ovl/upper", 0755);
	mkdir("/tmp/ovl/work", 0755);
	mkdir("/tmp/ovl/merged", 0755);
	data = open("/tmp/ovl/lower/data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (data < 0 || ftruncate(data, 2 * page_size()))
		die("overlay data");
	close(data);
	if (mount("overlay", "/tmp/ovl/merged", "overlay", 0,
		  "lowerdir=/tmp/ovl/lower,upperdir=/tmp/ovl/upper,workdir=/tmp/ovl/work")) {
		printf("ok - maps of a file in an overlay mount # SKIP no overlayfs in this kernel (%s)\n",
		       strerror(errno));
		return;
	}
	pid = spawn_self((char *[]){ "td-overlay", "--map-file", "/tmp/ovl/merged/data", "2", NULL });
	fd = open_rdwr(TASKDIAG_PATH);
	why = one_maps(fd, pid, 1, BIG, NULL, NULL, 0);
	check(!why, "maps and smaps of a file mapped through an overlay mount: its path and inode as procfs shows them%s%s",
	      why ? ": " : "", why ? why : "");
	close(fd);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	umount("/tmp/ovl/merged");
}

/*
 * A file read by a process other than its opener's, about the reader
 * itself: procfs's answer for the opener, not the shortcut procfs gives a
 * process about itself.  uid 1000's file, read by an undumpable process
 * of uid 1000: no maps of it (the opener could not open them); root's
 * file, read by that process: its maps.
 */
static void test_reader_self(void)
{
	char verdict = 0;
	int v[2], rootfd = open_rdwr(TASKDIAG_PATH);
	pid_t p;

	if (pipe(v))
		die("pipe");
	p = fork();
	if (p == 0) {
		struct taskdiag_result res;
		int fd, ok;
		pid_t r;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		prctl(PR_SET_DUMPABLE, 1);
		fd = open_rdwr(TASKDIAG_PATH);
		r = fork();
		if (r == 0) {
			prctl(PR_SET_DUMPABLE, 0);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE,
				      getpid(), BIG, &res);
			ok = res.done && res.n == 1 && !res.tasks[0].has_vma;
			taskdiag_result_free(&res);
			taskdiag_dump(rootfd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE,
				      getpid(), BIG, &res);
			ok &= res.done && res.n == 1 && res.tasks[0].has_vma && res.tasks[0].nvmas;
			taskdiag_result_free(&res);
			verdict = ok ? 'y' : 'n';
			if (write(v[1], &verdict, 1) != 1)
				_exit(3);
			pause();
			_exit(0);
		}
		if (read(v[0], &verdict, 1) != 1)
			_exit(3);
		/* What procfs gives the opener about the reader. */
		verdict = verdict == 'y' && !procfs_gives("/proc", r, "maps", 1) ? 'y' : 'n';
		kill(r, SIGKILL);
		waitpid(r, NULL, 0);
		_exit(verdict == 'y' ? 0 : 1);
	}
	close(v[1]);
	{
		int st;

		waitpid(p, &st, 0);
		check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		      "a file read by an undumpable process about itself: uid 1000's file gives no maps, as procfs to its opener; root's gives them");
	}
	close(v[0]);
	close(rootfd);
}

void test_boundary(void)
{
	test_matrix();
	test_reader_self();
	test_exec_suid();
	test_args();
	test_exec_midway();
	test_pfnmap();
	test_thread_storm();
	test_overlay();
}
