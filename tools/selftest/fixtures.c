// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: fixtures: processes whose every property the test knows, and the
 * helper modes this program runs as (helper()).
 */
#include "selftest.h"

/* ---- fixtures: processes whose every property the test knows ---- */

/* Fixtures, exec'd helpers included, say they are set up through these fds. */

void ready(void)
{
	char c = 1;

	if (write(READY_W, &c, 1) != 1 && errno != EBADF)	/* EBADF: run by hand */
		_exit(3);
}

/* A fixture that never says it is ready (it died) fails the run, rather than hanging it. */
void wait_ready(int n)
{
	struct pollfd pf = { .fd = READY_R, .events = POLLIN };
	char c;

	while (n-- > 0) {
		int r = poll(&pf, 1, 300 * 1000);

		if (r == 0)
			errno = ETIMEDOUT;	/* not a stale errno in die()'s message */
		if (r != 1 || read(READY_R, &c, 1) != 1)
			die("a fixture never became ready within 300 s");
	}
}

static void on_signal(int sig)
{
	(void)sig;
}

static void *sleeper_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A process tree: parent -> 3 children, each with 3 threads in all. */
pid_t make_tree(pid_t kids[3])
{
	int p[2];
	pid_t parent;

	if (pipe(p))
		die("pipe");
	parent = fork();
	if (parent == 0) {
		for (int i = 0; i < 3; i++) {
			pid_t k = fork();

			if (k == 0) {
				pthread_t th;

				for (int j = 0; j < 2; j++)
					pthread_create(&th, NULL, sleeper_thread, NULL);
				ready();
				for (;;)
					pause();
			}
			if (write(p[1], &k, sizeof(k)) != sizeof(k))
				_exit(3);
		}
		for (;;)
			pause();
	}
	for (int i = 0; i < 3; i++)
		if (read(p[0], &kids[i], sizeof(kids[i])) != sizeof(kids[i]))
			die("tree");
	close(p[0]);
	close(p[1]);
	wait_ready(3);
	return parent;
}

/*
 * Wait for @pid to say it is ready; 0 if it exited with status 4 instead
 * (what it needs is not in this kernel).  Any other exit fails the run.
 */
pid_t ready_or_absent(pid_t pid)
{
	int st;

	for (;;) {
		struct pollfd pf = { .fd = READY_R, .events = POLLIN };

		if (poll(&pf, 1, 100) == 1) {
			wait_ready(1);
			return pid;
		}
		if (waitpid(pid, &st, WNOHANG) == pid) {
			if (WIFEXITED(st) && WEXITSTATUS(st) == 4)
				return 0;
			die("a fixture exited before it was ready");
		}
	}
}

pid_t spawn_self(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		execv(self_exe, argv);
		_exit(127);
	}
	wait_ready(1);
	return pid;
}

static char proc_state(pid_t pid)
{
	struct pstat p;

	pstat_read("/proc", pid, pid, 0, &p);
	pstat_free(&p);
	return p.ok ? p.state : '?';
}

void wait_state(pid_t pid, char state)
{
	for (int i = 0; i < 1000 && proc_state(pid) != state; i++)
		usleep(10000);
}

/* Helper modes, run through exec so each has its own command line. */
static volatile char sink;

/* The size of a pmd's transparent huge page, 2 MiB where the kernel does not say. */
static size_t thp_size(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "r");
	unsigned long long n = 0;

	if (f) {
		if (fscanf(f, "%llu", &n) != 1)
			n = 0;
		fclose(f);
	}
	return n ? n : 2UL << 20;
}

int helper(int argc, char **argv)
{
	const size_t pg = page_size();
	if (!strcmp(argv[1], "--suid-read") && argc == 3) {
		/*
		 * Run setuid root by uid 1000 with the file it opened: the answer is
		 * the opener's view, in which this setuid program is not the
		 * opener's own process (hidepid=2 hides it, as procfs would from
		 * uid 1000); a file of its own shows everyone.
		 */
		struct taskdiag_result res;
		int fd = atoi(argv[2]), mine;

		if (geteuid() != 0 || getuid() != UNPRIV)
			_exit(4);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		mine = res.done && !taskdiag_find(&res, getpid());
		taskdiag_result_free(&res);
		if (!mine)
			_exit(1);
		fd = open_rdwr("/tmp/proc-hide/task_diag");
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		_exit(res.done && res.n > 10 && taskdiag_find(&res, 1) ? 0 : 2);
	}
	if (!strcmp(argv[1], "--exec-on-input")) {
		/* Once a byte arrives, another program image with a longer command line. */
		static char b[100000];
		char c;

		ready();
		if (read(0, &c, 1) != 1)
			_exit(3);
		memset(b, 'b', sizeof(b) - 1);
		execv(self_exe, (char *[]){ "td-exec-midway", "--sleep", b, b, NULL });
		_exit(127);
	}
	if (!strcmp(argv[1], "--map-file") && argc == 4) {
		/* PAGES pages of FILE, shared, the first read; 4 if it cannot be mapped. */
		size_t len = strtoul(argv[3], NULL, 10) * pg;
		int f = open(argv[2], O_RDONLY);
		volatile char *p = f < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ, MAP_SHARED, f, 0);

		if (p == MAP_FAILED)
			_exit(4);
		(void)p[0];
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--pty") && argc == 3) {
		/* A session of its own whose controlling terminal is the pty PATH. */
		if (setsid() < 0 || open(argv[2], O_RDWR) < 0)
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--mem")) {
		/* 16 locked pages, and 16 written of which 8 are swapped out where there is swap. */
		char *l = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *w = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (l == MAP_FAILED || w == MAP_FAILED || mlock(l, 16 * pg))
			_exit(3);
		memset(w, 6, 16 * pg);
		madvise(w, 8 * pg, 21 /* MADV_PAGEOUT */);
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--seccomp")) {
		/* A seccomp filter that allows everything, and signal dispositions of each kind. */
		struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		struct sock_fprog prog = { .len = 1, .filter = &allow };
		sigset_t set;

		umask(027);
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		signal(SIGUSR2, SIG_IGN);
		signal(SIGHUP, on_signal);
		if (sigprocmask(SIG_BLOCK, &set, NULL) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			_exit(3);
		/* A kernel without seccomp filters (they need networking) keeps mode 0. */
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) && errno != EINVAL)
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--newns")) {
		/* Namespaces of its own; children, had it any, in a new pid namespace. */
		int flags = CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS |
			    CLONE_NEWCGROUP | CLONE_NEWPID;

		/* Kernels built without networking or cgroups have no such namespaces. */
		if (unshare(flags) && (errno != EINVAL || unshare(flags & ~CLONE_NEWNET)) &&
		    (errno != EINVAL || unshare(flags & ~(CLONE_NEWNET | CLONE_NEWCGROUP))))
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--sleep")) {
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--maps")) {
		/* A shared file mapping whose file is deleted, a private view of a file at an offset, shared and named anonymous memory, a heap. */
		int fd = open("/tmp/td-deleted", O_RDWR | O_CREAT | O_TRUNC, 0600);
		int exe = open("/proc/self/exe", O_RDONLY);
		char *p, *q, *h = malloc(1000);

		if (fd < 0 || exe < 0 || ftruncate(fd, 3 * pg) || !h)
			_exit(3);
		h[0] = 1;
		p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		q = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, exe, pg);
		if (p == MAP_FAILED || q == MAP_FAILED || unlink("/tmp/td-deleted"))
			_exit(3);
		p[0] = q[0];
		p = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		q = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || q == MAP_FAILED)
			_exit(3);
		memset(p, 1, 4 * pg);
		q[0] = 1;
		/* Where the kernel has them: named anonymous memory, and (6.2) named shared memory. */
		prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, q, 4 * pg, "td-named");
		prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 8 * pg, "td-shm");

		/* Private anonymous memory: 4 pages read (the zero page), 4 written, 8 untouched. */
		p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		for (int i = 0; i < 4; i++)
			sink += p[i * pg];
		memset(p + 4 * pg, 2, 4 * pg);

		/* A sparse page table: pages 0 and 5 of 8 written, those between never touched. */
		p = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		p[0] = 5;
		p[5 * pg] = 5;

		/* A transparent huge page, where the kernel gives one (of a pmd: 2 MiB, 32 or 512 MiB). */
		const size_t thp = thp_size();

		q = mmap(NULL, 2 * thp, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q == MAP_FAILED)
			_exit(3);
		q = (char *)(((unsigned long)q + thp - 1) & ~(thp - 1));
		madvise(q, thp, MADV_HUGEPAGE);
		memset(q, 3, thp);

		/* Swapped-out pages, where the VM has swap. */
		p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		memset(p, 4, 16 * pg);
		madvise(p, 8 * pg, 21 /* MADV_PAGEOUT */);

		/* A child shares every private page copy-on-write: shared pages, halved Pss. */
		if (fork() == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--many") && argc == 3) {
		/* argv[2] mappings that cannot merge: alternate protections. */
		int n = atoi(argv[2]);

		for (int i = 0; i < n; i++)
			if (mmap(NULL, pg, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
				_exit(3);
		ready();
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "--rewrite") || !strcmp(argv[1], "--title")) {
		/* argv strings are contiguous: rewrite them in place */
		char *start = argv[0], *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
		int title = !strcmp(argv[1], "--title");

		memset(start, 0, end - start);
		strcpy(start, "rewritten by itself");
		if (title)
			memset(start + 20, 'x', end - start - 20);	/* no NUL at the end: setproctitle() */
		ready();
		for (;;)
			pause();
	}
	return 2;
}
