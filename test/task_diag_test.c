// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: round trips through /proc/task_diag, every answer checked
 * against procfs and against processes this program makes.  Prints TAP;
 * exits non-zero if any check fails.  Runs as root (it drops to uid 1000 for
 * the visibility checks itself); made to run inside the test VM.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <netlink/msg.h>
#include "taskdiag.h"

#define BIG		(1 << 20)
#define UNPRIV		1000
#ifndef PR_SET_VMA
#define PR_SET_VMA		0x53564d41
#define PR_SET_VMA_ANON_NAME	0
#endif

static int tests, failures;
static char *self_exe;

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int check(int ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!ok)
		failures++;
	printf("%sok %d - ", ok ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return ok;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static int open_rdwr(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		die(path);
	return fd;
}

/* ---- procfs ground truth ---- */

static char *read_file(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0) {
		free(buf);
		return NULL;
	}
	while ((r = read(fd, buf + n, cap - n - 1)) > 0) {
		n += r;
		if (cap - n < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* A setuid-root copy of this program, for the cells that exec one. */
static const char *suid_copy(void)
{
	static const char copy[] = "/tmp/td-suid";
	static int made;
	size_t len;
	char *exe;
	int out;

	if (made)
		return copy;
	exe = read_file(self_exe, &len);
	out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (!exe || out < 0 || write(out, exe, len) != (ssize_t)len)
		die("copy");
	free(exe);
	close(out);
	if (chown(copy, 0, 0) || chmod(copy, 04755))
		die("chmod");
	made = 1;
	return copy;
}

struct pstat {
	int		ok;
	int		pid, tgid, ppid, pgid, sid, tpid;
	char		state;
	char		comm[64];
	unsigned long	minflt, cminflt, majflt, cmajflt, utime, stime;
	long		cutime, cstime, threads;
	unsigned int	uid[4], gid[4];
	unsigned long long cap[4];	/* inh, prm, eff, bnd */
	char		*cmdline;
	size_t		cmdline_len;
};

/* /proc/PID/stat, status and cmdline, or /proc/TGID/task/TID/... for a thread's own. */
static void pstat_read(const char *procdir, int tgid, int pid, int thread, struct pstat *p)
{
	char path[256], *s, *e;
	size_t len;

	memset(p, 0, sizeof(*p));
	if (thread)
		snprintf(path, sizeof(path), "%s/%d/task/%d/stat", procdir, tgid, pid);
	else
		snprintf(path, sizeof(path), "%s/%d/stat", procdir, pid);
	s = read_file(path, NULL);
	if (!s)
		return;
	e = strrchr(s, ')');
	if (!e || sscanf(s, "%d", &p->pid) != 1) {
		free(s);
		return;
	}
	snprintf(p->comm, sizeof(p->comm), "%.*s", (int)(e - strchr(s, '(') - 1), strchr(s, '(') + 1);
	if (sscanf(e + 2, "%c %d %d %d %*d %*d %*u %lu %lu %lu %lu %lu %lu %ld %ld %*d %*d %ld",
		   &p->state, &p->ppid, &p->pgid, &p->sid, &p->minflt, &p->cminflt, &p->majflt,
		   &p->cmajflt, &p->utime, &p->stime, &p->cutime, &p->cstime, &p->threads) != 13) {
		free(s);
		return;
	}
	free(s);

	if (thread)
		snprintf(path, sizeof(path), "%s/%d/task/%d/status", procdir, tgid, pid);
	else
		snprintf(path, sizeof(path), "%s/%d/status", procdir, pid);
	s = read_file(path, NULL);
	if (!s)
		return;
	for (char *l = s; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		sscanf(l, "Tgid: %d", &p->tgid);
		sscanf(l, "TracerPid: %d", &p->tpid);
		sscanf(l, "Uid: %u %u %u %u", &p->uid[0], &p->uid[1], &p->uid[2], &p->uid[3]);
		sscanf(l, "Gid: %u %u %u %u", &p->gid[0], &p->gid[1], &p->gid[2], &p->gid[3]);
		sscanf(l, "CapInh: %llx", &p->cap[0]);
		sscanf(l, "CapPrm: %llx", &p->cap[1]);
		sscanf(l, "CapEff: %llx", &p->cap[2]);
		sscanf(l, "CapBnd: %llx", &p->cap[3]);
	}
	free(s);

	snprintf(path, sizeof(path), "%s/%d/cmdline", procdir, pid);
	p->cmdline = read_file(path, &len);
	if (!p->cmdline)
		return;
	p->cmdline_len = len;
	p->ok = 1;
}

static void pstat_free(struct pstat *p)
{
	free(p->cmdline);
	p->cmdline = NULL;
}

/* The pids procfs lists: processes, or every thread. */
static int proc_pids(const char *procdir, int threads, int **out)
{
	int n = 0, cap = 1024, *pids = malloc(cap * sizeof(int));
	struct dirent *de, *te;
	DIR *d = opendir(procdir), *td;
	char path[512];

	if (!d)
		die(procdir);
	while ((de = readdir(d))) {
		if (!isdigit(de->d_name[0]))
			continue;
		if (!threads) {
			pids[n++] = atoi(de->d_name);
		} else {
			snprintf(path, sizeof(path), "%s/%s/task", procdir, de->d_name);
			td = opendir(path);
			while (td && (te = readdir(td)))
				if (isdigit(te->d_name[0]) && n < cap)
					pids[n++] = atoi(te->d_name);
			if (td)
				closedir(td);
		}
		if (n >= cap - 1) {
			cap *= 2;
			pids = realloc(pids, cap * sizeof(int));
		}
	}
	closedir(d);
	*out = pids;
	return n;
}

static int has_pid(const int *pids, int n, int pid)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

static unsigned long ns_to_ticks(unsigned long long ns)
{
	return ns / (1000000000ULL / sysconf(_SC_CLK_TCK));
}

static int in_range(unsigned long v, unsigned long a, unsigned long b, unsigned long slack)
{
	unsigned long lo = a < b ? a : b, hi = a < b ? b : a;

	return v + slack >= lo && v <= hi + slack;
}

static unsigned long long caps64(const struct task_diag_caps *c)
{
	return (unsigned long long)c->cap[1] << 32 | c->cap[0];
}

/*
 * Compare one task's answer with procfs read before (a) and after (b) the
 * dump: identities must equal one of the two, counters lie between them.
 * Returns NULL or what differs.
 */
static const char *compare(const struct taskdiag_task *t, const struct pstat *a, const struct pstat *b,
			   uint64_t show, int whole)
{
	static char why[160];
	const struct pstat *s[2] = { a, b };
	int match;

#define EITHER(expr) ({ match = 0; for (int i_ = 0; i_ < 2; i_++) { const struct pstat *p = s[i_]; if (expr) match = 1; } match; })
	if (t->msg.pid != (uint32_t)a->pid || !EITHER(t->msg.tgid == (uint32_t)p->tgid))
		return "msg pid/tgid";
	if (show & TASK_DIAG_SHOW_BASE) {
		const struct task_diag_base *x = &t->base;

		if (x->pid != t->msg.pid || x->tgid != t->msg.tgid)
			return "base pid/tgid";
		if (!EITHER(x->ppid == (uint32_t)p->ppid))
			return "ppid";
		if (!EITHER(x->pgid == (uint32_t)p->pgid))
			return "pgid";
		if (!EITHER(x->sid == (uint32_t)p->sid))
			return "sid";
		if (!EITHER(x->tpid == (uint32_t)p->tpid))
			return "tpid";
		/*
		 * Running is fleeting: a task seen running in any of the three reads
		 * may be anything in the others.  So are the sleeps a task passes
		 * through when it runs between the reads (S, D, I: a kernel thread
		 * waiting on a lock for an instant); stopped, traced and dead are
		 * not, and the fixtures check every state exactly.
		 */
		if (x->state > 8 || !(EITHER(taskdiag_state_char(x->state) == p->state) ||
				      x->state == TASK_DIAG_RUNNING || a->state == 'R' || b->state == 'R' ||
				      (strchr("SDI", taskdiag_state_char(x->state)) && a->state && b->state &&
				       strchr("SDI", a->state) && strchr("SDI", b->state)))) {
			snprintf(why, sizeof(why), "state %u vs %c/%c", x->state, a->state, b->state);
			return why;
		}
		/*
		 * BASE carries the task's comm; procfs's stat appends a workqueue
		 * worker's current work ("kworker/0:1-events") and may show a
		 * kernel thread's full name: the comm is a prefix of what it shows.
		 */
		size_t l = strlen(x->comm);

		if (!EITHER(!strncmp(x->comm, p->comm, l) &&
			    (!p->comm[l] || p->comm[l] == '-' || l == TASK_DIAG_COMM_LEN - 1))) {
			snprintf(why, sizeof(why), "comm '%s' vs '%s'", x->comm, a->comm);
			return why;
		}
	}
	if (show & TASK_DIAG_SHOW_CRED) {
		const struct task_diag_creds *c = &t->cred;

		if (!EITHER(c->uid == p->uid[0] && c->euid == p->uid[1] && c->suid == p->uid[2] &&
			    c->fsuid == p->uid[3]))
			return "uids";
		if (!EITHER(c->gid == p->gid[0] && c->egid == p->gid[1] && c->sgid == p->gid[2] &&
			    c->fsgid == p->gid[3]))
			return "gids";
		if (!EITHER(caps64(&c->cap_inheritable) == p->cap[0] &&
			    caps64(&c->cap_permitted) == p->cap[1] &&
			    caps64(&c->cap_effective) == p->cap[2] &&
			    caps64(&c->cap_bset) == p->cap[3]))
			return "capabilities";
	}
	if (show & TASK_DIAG_SHOW_STAT) {
		const struct task_diag_stat *x = &t->stat;
		unsigned long ut = ns_to_ticks(x->utime), st = ns_to_ticks(x->stime);
		/* procfs adjusts a process's summed times, task_diag each thread's */
		unsigned long slack = 1 + (whole ? x->threads : 0);

		if (!in_range(x->minflt, a->minflt, b->minflt, 0) ||
		    !in_range(x->majflt, a->majflt, b->majflt, 0))
			return "minflt/majflt";
		if (!in_range(x->cminflt, a->cminflt, b->cminflt, 0) ||
		    !in_range(x->cmajflt, a->cmajflt, b->cmajflt, 0))
			return "cminflt/cmajflt";
		if (!in_range(ut + st, a->utime + a->stime, b->utime + b->stime, slack)) {
			snprintf(why, sizeof(why), "utime+stime %lu vs %lu..%lu", ut + st,
				 a->utime + a->stime, b->utime + b->stime);
			return why;
		}
		/*
		 * A thread's split is adjusted from the same state by both; a
		 * process's by procfs from the process's, by task_diag from its
		 * threads' (README: known differences), so only the sum is shared.
		 */
		if (!whole && (!in_range(ut, a->utime, b->utime, slack) ||
			       !in_range(st, a->stime, b->stime, slack)))
			return "utime/stime";
		if (!in_range(ns_to_ticks(x->cutime), a->cutime, b->cutime, 0) ||
		    !in_range(ns_to_ticks(x->cstime), a->cstime, b->cstime, 0))
			return "cutime/cstime";
		if (!EITHER(x->threads == (uint32_t)p->threads))
			return "threads";
	}
	if (show & TASK_DIAG_SHOW_CMDLINE) {
		if (!EITHER(t->cmdline_len == p->cmdline_len &&
			    !memcmp(t->cmdline, p->cmdline, p->cmdline_len))) {
			snprintf(why, sizeof(why), "cmdline of %zu bytes vs %zu", t->cmdline_len,
				 a->cmdline_len);
			return why;
		}
	}
	return NULL;
#undef EITHER
}

/*
 * Dump @strategy and compare every task with procfs.  The set of tasks must
 * be exactly those procfs lists both before and after (plus any that came
 * or went meanwhile), each once.  Returns the number of tasks compared, or
 * -1 after reporting a mismatch.
 */
static int verify_dump(const char *procdir, int fd, uint64_t strategy, uint64_t show,
		       size_t bufsize, const char *label)
{
	int threads = strategy == TASK_DIAG_DUMP_ALL_THREAD;
	int *before, *after, nb, na, bad = 0, fails = 0;
	struct pstat *pa, *pb;
	struct taskdiag_result res;

	nb = proc_pids(procdir, threads, &before);
	pa = calloc(nb, sizeof(*pa));
	for (int i = 0; i < nb; i++) {
		int tgid = before[i];

		if (threads) {
			pstat_read(procdir, before[i], before[i], 0, &pa[i]);
			tgid = pa[i].tgid;
			pstat_free(&pa[i]);
		}
		pstat_read(procdir, tgid, before[i], threads, &pa[i]);
	}
	if (taskdiag_dump(fd, show, strategy, 0, bufsize, &res) || res.violation[0] || !res.done) {
		check(0, "%s: dump is well-formed (%s)", label, res.violation);
		return -1;
	}
	na = proc_pids(procdir, threads, &after);
	pb = calloc(na, sizeof(*pb));
	for (int i = 0; i < na; i++) {
		struct taskdiag_task *t = taskdiag_find(&res, after[i]);
		int j;

		for (j = 0; j < nb && before[j] != after[i]; j++)
			;
		if (j == nb)
			continue;	/* came meanwhile: nothing to compare */
		if (!t) {
			if (pa[j].ok && fails++ < 5)
				diag("%s: pid %d missing", label, after[i]);
			bad++;
			continue;
		}
		pstat_read(procdir, t->msg.tgid, after[i], threads, &pb[i]);
		if (pa[j].ok && pb[i].ok) {
			const char *why = compare(t, &pa[j], &pb[i], show, !threads);

			if (why) {
				if (fails++ < 5)
					diag("%s: pid %d (%s): %s", label, after[i], pa[j].comm, why);
				bad++;
			}
		}
		pstat_free(&pb[i]);
	}
	for (size_t k = 0; k < res.n; k++) {
		uint32_t pid = res.tasks[k].msg.pid;

		if (taskdiag_find(&res, pid) != &res.tasks[k]) {
			diag("%s: pid %u twice", label, pid);
			bad++;
		}
		if (!has_pid(before, nb, pid) && !has_pid(after, na, pid)) {
			diag("%s: pid %u unknown to procfs", label, pid);
			bad++;
		}
	}
	check(!bad, "%s: %zu tasks, every one equal to procfs (%d reads, buffer %zu)", label,
	      res.n, res.reads, bufsize);
	for (int i = 0; i < nb; i++)
		pstat_free(&pa[i]);
	free(pa);
	free(pb);
	free(before);
	free(after);
	bad = bad ? -1 : (int)res.n;
	taskdiag_result_free(&res);
	return bad;
}

/* ---- fixtures: processes whose every property the test knows ---- */

/* Fixtures, exec'd helpers included, say they are set up through these fds. */
#define READY_R	98
#define READY_W	99

static void ready(void)
{
	char c = 1;

	if (write(READY_W, &c, 1) != 1 && errno != EBADF)	/* EBADF: run by hand */
		_exit(3);
}

/* A fixture that never says it is ready (it died) fails the run, rather than hanging it. */
static void wait_ready(int n)
{
	struct pollfd pf = { .fd = READY_R, .events = POLLIN };
	char c;

	while (n-- > 0)
		if (poll(&pf, 1, 300 * 1000) != 1 || read(READY_R, &c, 1) != 1)
			die("a fixture never became ready");
}

static void *sleeper_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A process tree: parent -> 3 children, each with 3 threads in all. */
static pid_t make_tree(pid_t kids[3])
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
static pid_t ready_or_absent(pid_t pid)
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

static pid_t spawn_self(char *const argv[])
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

static void wait_state(pid_t pid, char state)
{
	for (int i = 0; i < 1000 && proc_state(pid) != state; i++)
		usleep(10000);
}

/* Helper modes, run through exec so each has its own command line. */
static volatile char sink;

static int helper(int argc, char **argv)
{
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
		size_t len = strtoul(argv[3], NULL, 10) * 4096;
		int f = open(argv[2], O_RDONLY);
		volatile char *p = f < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ, MAP_SHARED, f, 0);

		if (p == MAP_FAILED)
			_exit(4);
		(void)p[0];
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

		if (fd < 0 || exe < 0 || ftruncate(fd, 3 * 4096) || !h)
			_exit(3);
		h[0] = 1;
		p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		q = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, exe, 4096);
		if (p == MAP_FAILED || q == MAP_FAILED || unlink("/tmp/td-deleted"))
			_exit(3);
		p[0] = q[0];
		p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		q = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || q == MAP_FAILED)
			_exit(3);
		memset(p, 1, 4 * 4096);
		q[0] = 1;
		/* Where the kernel has them: named anonymous memory, and (6.2) named shared memory. */
		prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, q, 4 * 4096, "td-named");
		prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 8 * 4096, "td-shm");

		/* Private anonymous memory: 4 pages read (the zero page), 4 written, 8 untouched. */
		p = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		for (int i = 0; i < 4; i++)
			sink += p[i * 4096];
		memset(p + 4 * 4096, 2, 4 * 4096);

		/* A sparse page table: pages 0 and 5 of 8 written, those between never touched. */
		p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		p[0] = 5;
		p[5 * 4096] = 5;

		/* A transparent huge page, where the kernel gives one. */
		q = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q == MAP_FAILED)
			_exit(3);
		q = (char *)(((unsigned long)q + (2 << 20) - 1) & ~((2UL << 20) - 1));
		madvise(q, 2 << 20, MADV_HUGEPAGE);
		memset(q, 3, 2 << 20);

		/* Swapped-out pages, where the VM has swap. */
		p = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(3);
		memset(p, 4, 16 * 4096);
		madvise(p, 8 * 4096, 21 /* MADV_PAGEOUT */);

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
	if (!strcmp(argv[1], "--many")) {
		/* 65,000 mappings that cannot merge: alternate protections. */
		for (int i = 0; i < 65000; i++)
			if (mmap(NULL, 4096, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
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

/* ---- the checks ---- */

static void test_bad_requests(void)
{
	struct {
		struct nlmsghdr h;
		struct task_diag_pid p;
		char extra[16];
	} r;
	struct taskdiag_result res;
	int fd = open_rdwr(TASKDIAG_PATH);
	char buf[256];
	struct {
		const char *what;
		size_t len;
		int err;
	} cases[] = {
		{ "short header", 10, EINVAL },
		{ "payload shorter than task_diag_pid", NLMSG_HDRLEN + 12, EINVAL },
		{ "nlmsg_len longer than written", 0, EINVAL },
		{ "written longer than nlmsg_len", 0, EINVAL },
		{ "another type", 0, EINVAL },
		{ "no NLM_F_REQUEST", 0, EINVAL },
		{ "unknown flag", 0, EINVAL },
		{ "unknown show_flags bit", 0, EINVAL },
		{ "VMA_STAT without VMA", 0, EINVAL },
		{ "show_flags bit 6 (after CMDLINE)", 0, EINVAL },
		{ "unknown strategy", 0, EINVAL },
		{ "ONE without pid", 0, EINVAL },
		{ "CHILDREN without pid", 0, EINVAL },
		{ "THREAD without pid", 0, EINVAL },
		{ "non-zero padding", 0, EINVAL },
		{ "oversized write", sizeof(r), EINVAL },
		{ "payload of 22 bytes, between the two sizes", NLMSG_HDRLEN + 22, EINVAL },
	};

	/* Start a dump; a bad request in the middle must not disturb it. */
	check(taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, 77) == 0,
	      "a valid request is accepted");
	check(read(fd, buf, 200) > 0, "a first part of the dump is read");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = NLMSG_HDRLEN + sizeof(r.p);
		ssize_t n;

		memset(&r, 0, sizeof(r));
		r.h.nlmsg_len = len;
		r.h.nlmsg_type = TASK_DIAG_CMD_GET;
		r.h.nlmsg_flags = NLM_F_REQUEST;
		r.p.show_flags = TASK_DIAG_SHOW_BASE;
		r.p.dump_strategy = TASK_DIAG_DUMP_ALL;
		switch (i) {
		case 0: case 1: len = cases[i].len; r.h.nlmsg_len = len; break;
		case 2: r.h.nlmsg_len = len + 4; break;
		case 3: len += 4; break;
		case 4: r.h.nlmsg_type = NLMSG_DONE; break;
		case 5: r.h.nlmsg_flags = 0; break;
		case 6: r.h.nlmsg_flags |= NLM_F_REPLACE | NLM_F_ECHO; break;
		case 7: r.p.show_flags |= 1ULL << 40; break;
		case 8: r.p.show_flags |= TASK_DIAG_SHOW_VMA_STAT; break;
		case 9: r.p.show_flags |= 1ULL << 6; break;
		case 10: r.p.dump_strategy = 5; break;
		case 11: r.p.dump_strategy = TASK_DIAG_DUMP_ONE; break;
		case 12: r.p.dump_strategy = TASK_DIAG_DUMP_CHILDREN; break;
		case 13: r.p.dump_strategy = TASK_DIAG_DUMP_THREAD; break;
		case 14: ((char *)&r.p)[21] = 1; break;
		case 15: len = sizeof(r); r.h.nlmsg_len = len; break;
		case 16: len = cases[i].len; r.h.nlmsg_len = len; break;
		}
		n = write(fd, &r, len);
		check(n < 0 && errno == cases[i].err, "bad request rejected: %s (%s)",
		      cases[i].what, strerror(cases[i].err));
	}
	/* The interrupted dump goes on to its end. */
	taskdiag_collect(fd, BIG, 77, TASK_DIAG_SHOW_BASE, &res);
	check(res.done && !res.violation[0] && res.n > 0,
	      "the dump under way went on after the bad requests (%zu more tasks)", res.n);
	taskdiag_result_free(&res);
	check(read(fd, buf, sizeof(buf)) == 0, "read() after NLMSG_DONE returns 0");
	check(taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, getpid(), BIG, &res) == 0 &&
	      res.n == 1 && res.tasks[0].base.pid == (uint32_t)getpid() && res.done,
	      "a good request on the same file works afterwards");
	taskdiag_result_free(&res);
	close(fd);
}

static void test_protocol(void)
{
	int fd = open_rdwr(TASKDIAG_PATH);
	struct taskdiag_result res;
	char buf[4096];
	ssize_t n;

	check(read(fd, buf, sizeof(buf)) == 0, "read() before any request returns 0");
	check(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "lseek() fails with ESPIPE");

	/* A second request replaces the unread rest of the first. */
	taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, 5);
	n = read(fd, buf, 300);
	taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, 1, 6);
	taskdiag_collect(fd, BIG, 6, TASK_DIAG_SHOW_BASE, &res);
	check(n > 0 && res.n == 1 && res.tasks[0].msg.pid == 1 && res.done && !res.violation[0],
	      "a new request replaces the unread rest of the previous answer");
	taskdiag_result_free(&res);

	/* Too small a buffer: EMSGSIZE, nothing consumed. */
	taskdiag_request(fd, TASKDIAG_SHOW_FIXED, TASK_DIAG_DUMP_ONE, 1, 7);
	n = read(fd, buf, 40);
	check(n < 0 && errno == EMSGSIZE, "a buffer too small for one message gets EMSGSIZE");
	taskdiag_collect(fd, 4096, 7, TASKDIAG_SHOW_FIXED, &res);
	check(res.n == 1 && res.tasks[0].msg.pid == 1 && res.done && !res.violation[0],
	      "after EMSGSIZE a big enough buffer gets the message whole");
	taskdiag_result_free(&res);

	/* Pids that do not exist. */
	for (int s = 0; s < 3; s++) {
		static const uint64_t strat[] = { TASK_DIAG_DUMP_ONE, TASK_DIAG_DUMP_THREAD,
						  TASK_DIAG_DUMP_CHILDREN };
		static const char *const name[] = { "ONE", "THREAD", "CHILDREN" };

		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, strat[s], 4000000, 4096, &res);
		check(res.error == -ESRCH && res.n == 0 && !res.done && !res.violation[0],
		      "%s of a pid that does not exist: NLMSG_ERROR -ESRCH", name[s]);
		taskdiag_result_free(&res);
	}
	taskdiag_dump(fd, 0, TASK_DIAG_DUMP_ONE, getpid(), 4096, &res);
	check(res.n == 1 && res.tasks[0].msg.pid == (uint32_t)getpid() &&
	      res.tasks[0].msg.tgid == (uint32_t)getpid() && !res.violation[0],
	      "show_flags 0: a bare task_diag_msg per task");
	taskdiag_result_free(&res);
	close(fd);
}

/*
 * The same task, every group, read twice (a process that sleeps between the
 * reads): NULL, or what differs.  Of the page statistics, those that only
 * the process itself moves.
 */
static const char *same_task(const struct taskdiag_task *a, const struct taskdiag_task *b)
{
	if (a->msg.pid != b->msg.pid || a->msg.tgid != b->msg.tgid)
		return "ids";
	if (memcmp(&a->base, &b->base, sizeof(a->base)))
		return "BASE";
	if (memcmp(&a->cred, &b->cred, sizeof(a->cred)))
		return "CRED";
	if (memcmp(&a->stat, &b->stat, sizeof(a->stat)))
		return "STAT";
	if (a->cmdline_len != b->cmdline_len || memcmp(a->cmdline, b->cmdline, a->cmdline_len))
		return "CMDLINE";
	if (a->nvmas != b->nvmas)
		return "the number of mappings";
	for (size_t i = 0; i < a->nvmas; i++) {
		const struct taskdiag_vma *x = &a->vmas[i], *y = &b->vmas[i];

		if (x->v.start != y->v.start || x->v.end != y->v.end ||
		    x->v.vm_flags != y->v.vm_flags || x->v.inode != y->v.inode ||
		    !x->name != !y->name || (x->name && strcmp(x->name, y->name)))
			return "a mapping";
		/* Pss and the shared/private split move as other processes map the same files. */
		if (x->has_stat != y->has_stat || x->stat.resident != y->stat.resident ||
		    x->stat.anonymous != y->stat.anonymous || x->stat.swap != y->stat.swap ||
		    x->stat.anonymous_thp != y->stat.anonymous_thp)
			return "a mapping's statistics";
	}
	return NULL;
}

static void test_fixtures(void)
{
	pid_t kids[3], tree, zombie, stopped, traced, creds, lng, huge, rw, title;
	int fd = open_rdwr(TASKDIAG_PATH), ok, *tids, ntids;
	char *args[160], big[1100], path[64], *exe;
	struct taskdiag_result res;
	struct taskdiag_task *t;
	struct pstat p;

	tree = make_tree(kids);
	zombie = fork();
	if (zombie == 0)
		_exit(7);
	wait_state(zombie, 'Z');
	stopped = spawn_self((char *[]){ "td-stopped", "--sleep", NULL });
	kill(stopped, SIGSTOP);
	wait_state(stopped, 'T');
	traced = spawn_self((char *[]){ "td-traced", "--sleep", NULL });
	if (ptrace(PTRACE_ATTACH, traced, 0, 0) || waitpid(traced, NULL, __WALL) != traced)
		die("ptrace");
	wait_state(traced, 't');

	creds = fork();
	if (creds == 0) {
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2] = {
			{ .effective = 1 << CAP_KILL | 1 << CAP_NET_ADMIN,
			  .permitted = 1 << CAP_KILL | 1 << CAP_NET_ADMIN | 1 << CAP_SYS_PTRACE,
			  .inheritable = 1 << CAP_CHOWN },
			{ .effective = 0, .permitted = 1 << (CAP_SYSLOG - 32), .inheritable = 0 },
		};

		prctl(PR_CAPBSET_DROP, CAP_SYS_MODULE);
		prctl(PR_SET_KEEPCAPS, 1);
		if (setresgid(2001, 2002, 2003) || setresuid(1001, 1002, 1003) ||
		    syscall(SYS_capset, &h, d))
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	wait_ready(1);

	/* Command lines over a page, and over one attribute's 64 KiB. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	args[0] = "td-long";
	args[1] = "--sleep";
	for (int i = 2; i < 6; i++)
		args[i] = big;
	args[6] = NULL;
	lng = spawn_self(args);
	args[0] = "td-huge";
	for (int i = 2; i < 150; i++)
		args[i] = big;
	args[150] = NULL;
	huge = spawn_self(args);
	rw = spawn_self((char *[]){ "td-rewrite", "--rewrite", "some", "arguments", NULL });
	title = spawn_self((char *[]){ "td-title", "--title", "some", "longer", "arguments", NULL });

	/* ONE of each fixture, every group. */
	struct {
		pid_t pid;
		const char *what;
		char state;
	} fx[] = {
		{ tree, "tree parent", 'S' }, { kids[0], "child with threads", 'S' },
		{ zombie, "zombie", 'Z' }, { stopped, "stopped", 'T' }, { traced, "traced", 't' },
		{ creds, "changed ids and capabilities", 'S' }, { lng, "cmdline over a page", 'S' },
		{ huge, "cmdline over 64 KiB", 'S' }, { rw, "rewritten cmdline", 'S' },
		{ title, "setproctitle() cmdline", 'S' },
	};
	for (size_t i = 0; i < sizeof(fx) / sizeof(fx[0]); i++) {
		const char *why = "no answer";

		taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, fx[i].pid, BIG, &res);
		pstat_read("/proc", fx[i].pid, fx[i].pid, 0, &p);
		if (res.n == 1 && res.done && !res.violation[0] && p.ok) {
			why = compare(&res.tasks[0], &p, &p, TASKDIAG_SHOW_NO_MAPS, 1);
			if (!why && p.state != fx[i].state)
				why = "procfs state unexpected";
		}
		check(!why, "ONE %s (pid %d) equals procfs%s%s", fx[i].what, fx[i].pid,
		      why ? ": " : "", why ? why : "");
		pstat_free(&p);
		taskdiag_result_free(&res);
	}

	/* Specific values the test knows without procfs. */
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, traced, BIG, &res);
	check(res.n == 1 && res.tasks[0].base.tpid == (uint32_t)getpid() &&
	      res.tasks[0].base.state == TASK_DIAG_TRACE_STOP, "traced task: tpid is the tracer, state TRACE_STOP");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, zombie, BIG, &res);
	check(res.n == 1 && res.tasks[0].base.state == TASK_DIAG_ZOMBIE &&
	      res.tasks[0].cmdline_len == 0 && res.tasks[0].base.ppid == (uint32_t)getpid(),
	      "zombie: state ZOMBIE, empty cmdline, ppid is the test");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, stopped, BIG, &res);
	/* exec names comm after the file, cut to TASK_COMM_LEN - 1 bytes. */
	exe = strrchr(self_exe, '/') + 1;
	check(res.n == 1 && res.tasks[0].base.state == TASK_DIAG_STOPPED &&
	      !strncmp(res.tasks[0].base.comm, exe, 15) && strlen(res.tasks[0].base.comm) ==
	      (strlen(exe) < 15 ? strlen(exe) : 15), "stopped: state STOPPED, comm of the executable");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, creds, BIG, &res);
	t = res.n == 1 ? &res.tasks[0] : NULL;
	check(t && t->cred.uid == 1001 && t->cred.euid == 1002 && t->cred.suid == 1003 &&
	      t->cred.fsuid == 1002 && t->cred.gid == 2001 && t->cred.egid == 2002 &&
	      t->cred.sgid == 2003 && t->cred.fsgid == 2002 &&
	      caps64(&t->cred.cap_effective) == (1ULL << CAP_KILL | 1ULL << CAP_NET_ADMIN) &&
	      caps64(&t->cred.cap_permitted) == (1ULL << CAP_KILL | 1ULL << CAP_NET_ADMIN |
						 1ULL << CAP_SYS_PTRACE | 1ULL << CAP_SYSLOG) &&
	      caps64(&t->cred.cap_inheritable) == 1ULL << CAP_CHOWN &&
	      !(caps64(&t->cred.cap_bset) & 1ULL << CAP_SYS_MODULE) &&
	      (caps64(&t->cred.cap_bset) & 1ULL << CAP_SYS_ADMIN),
	      "ids and capabilities are the ones the process set");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, huge, BIG, &res);
	check(res.n == 1 && res.tasks[0].cmdline_len > 148 * 1099 && res.messages > 3,
	      "cmdline over 64 KiB arrives in %d messages", res.messages);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, title, BIG, &res);
	check(res.n == 1 && res.tasks[0].cmdline_len == 20 &&
	      !memcmp(res.tasks[0].cmdline, "rewritten by itself", 20),
	      "setproctitle(): the title up to its NUL");
	taskdiag_result_free(&res);

	/* Every buffer size gives the same, whole messages. */
	static const size_t sizes[] = { 256, 512, 4096, 65536, BIG };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, huge, sizes[i], &res);
		pstat_read("/proc", huge, huge, 0, &p);
		ok = res.n == 1 && res.done && !res.violation[0] && p.ok &&
		     !compare(&res.tasks[0], &p, &p, TASKDIAG_SHOW_NO_MAPS, 1);
		check(ok, "buffer %zu: the 160 KiB cmdline is whole in %d reads%s%s", sizes[i],
		      res.reads, res.violation[0] ? ": " : "", res.violation);
		pstat_free(&p);
		taskdiag_result_free(&res);
	}

	/*
	 * Every read size in a range that puts the end of the buffer at every
	 * offset of a message: the same answer, whole messages.  An attribute
	 * header that would start within the last bytes of a buffer once
	 * overran it.
	 */
	{
		uint64_t show = TASKDIAG_SHOW_NO_MAPS | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT;
		struct taskdiag_result ref;
		size_t size, bad = 0;
		char why[300] = "";

		taskdiag_dump(fd, show, TASK_DIAG_DUMP_ONE, kids[0], BIG, &ref);
		for (size = 512; size <= 1600 && !bad && ref.n == 1; size++) {
			const char *diff;

			taskdiag_dump(fd, show, TASK_DIAG_DUMP_ONE, kids[0], size, &res);
			diff = res.n == 1 ? same_task(&ref.tasks[0], &res.tasks[0]) : NULL;
			if (res.violation[0] || !res.done || res.n != 1 || diff) {
				bad = size;
				snprintf(why, sizeof(why), "; not so with %zu: %zu tasks, %s%s differs %.200s",
					 size, res.n, res.done ? "" : "no NLMSG_DONE, ",
					 diff ? diff : "nothing", res.violation);
			}
			taskdiag_result_free(&res);
		}
		check(ref.n == 1 && ref.tasks[0].nvmas > 5 && !bad,
		      "every read size from 512 to 1600 bytes: all groups of a process with %zu mappings, the same, in whole messages%s",
		      ref.n ? ref.tasks[0].nvmas : 0, why);
		taskdiag_result_free(&ref);
	}

	/* CHILDREN: exactly the tree's three. */
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, tree, BIG, &res);
	check(res.n == 3 && taskdiag_find(&res, kids[0]) && taskdiag_find(&res, kids[1]) &&
	      taskdiag_find(&res, kids[2]) && res.done, "CHILDREN of the tree parent: its 3 children");
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].base.ppid != (uint32_t)tree)
			check(0, "CHILDREN: ppid");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, kids[1], BIG, &res);
	check(res.n == 0 && res.done, "CHILDREN of a childless process: none, then NLMSG_DONE");
	taskdiag_result_free(&res);

	/* THREAD: every thread of a child, each with its own figures. */
	snprintf(path, sizeof(path), "/proc/%d/task", kids[0]);
	ntids = proc_pids(path, 0, &tids);
	for (int via = 0; via < 2; via++) {
		int pid = via ? tids[ntids - 1] : kids[0], bad = 0;

		taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_THREAD, pid, 4096, &res);
		for (int i = 0; i < ntids; i++) {
			struct pstat q;

			t = taskdiag_find(&res, tids[i]);
			pstat_read("/proc", kids[0], tids[i], 1, &q);
			if (!t || !q.ok || compare(t, &q, &q, TASKDIAG_SHOW_NO_MAPS, 0) || t->msg.tgid != (uint32_t)kids[0])
				bad++;
			pstat_free(&q);
		}
		check(ntids == 3 && res.n == 3 && !bad && res.done && !res.violation[0],
		      "THREAD via %s: the 3 threads, each equal to /proc/PID/task/TID", via ? "a thread's id" : "the leader");
		taskdiag_result_free(&res);
	}
	/* ONE of a thread id: the process's figures, as /proc/TID/stat. */
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ONE, tids[1], BIG, &res);
	pstat_read("/proc", kids[0], tids[1], 0, &p);
	check(res.n == 1 && p.ok && res.tasks[0].msg.pid == (uint32_t)tids[1] &&
	      res.tasks[0].stat.threads == 3 && !compare(&res.tasks[0], &p, &p, TASKDIAG_SHOW_NO_MAPS, 1),
	      "ONE of a thread id: its process's figures, as /proc/TID/stat");
	pstat_free(&p);
	taskdiag_result_free(&res);
	free(tids);

	/* Whole system, every strategy that covers it, with the fixtures in place. */
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, BIG, "ALL, every group");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, 512, "ALL, every group, small buffer");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, TASKDIAG_SHOW_NO_MAPS, BIG, "ALL_THREAD, every group");
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, TASK_DIAG_SHOW_BASE, 4096, "ALL_THREAD, BASE");

	ptrace(PTRACE_DETACH, traced, 0, 0);
	kill(stopped, SIGCONT);
	pid_t all[] = { tree, kids[0], kids[1], kids[2], stopped, traced, creds, lng, huge, rw, title };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		kill(all[i], SIGKILL);
	while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
		;
	close(fd);
}

/* Drop to an unprivileged user, optionally with a supplementary group. */
static void become_user(gid_t extra)
{
	gid_t groups[1] = { extra };

	if (setgroups(extra ? 1 : 0, groups) || setresgid(UNPRIV, UNPRIV, UNPRIV) ||
	    setresuid(UNPRIV, UNPRIV, UNPRIV))
		_exit(3);
}

/* Run @fn in a child; the child's checks count through its exit status. */
static void in_child(void (*fn)(void), const char *what)
{
	int status, p[2];
	pid_t pid;
	char buf[4096];
	ssize_t n;

	fflush(stdout);
	if (pipe(p))
		die("pipe");
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		fn();
		fflush(stdout);
		_exit(0);
	}
	close(p[1]);
	{
		char *all = NULL;
		size_t len = 0;

		while ((n = read(p[0], buf, sizeof(buf))) > 0) {
			all = realloc(all, len + n + 1);
			memcpy(all + len, buf, n);
			len += n;
		}
		close(p[0]);
		waitpid(pid, &status, 0);
		if (all) {
			all[len] = 0;
			/* Renumber the child's TAP lines into ours. */
			for (char *l = all, *e; *l; l = e + 1) {
				e = strchr(l, '\n');
				if (!e)
					break;
				*e = 0;
				if (!strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7)) {
					int ok = l[0] == 'o';
					char *d = strstr(l, " - ");

					check(ok, "%s: %s", what, d ? d + 3 : l);
				} else {
					printf("%s\n", l);
				}
			}
		}
		check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: finished", what);
		free(all);
	}
}

static int set_of(struct taskdiag_result *res, pid_t pid)
{
	return taskdiag_find(res, pid) != NULL;
}

static void unpriv_plain(void)
{
	int fd;

	become_user(0);
	fd = open_rdwr(TASKDIAG_PATH);
	verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, BIG, "ALL without hidepid");
	close(fd);
}

static void unpriv_hidden(void)
{
	struct taskdiag_result res;
	int fd, *pids, n, sub;

	become_user(0);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	taskdiag_dump(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	n = proc_pids("/tmp/proc-hide", 0, &pids);
	sub = 1;
	for (size_t i = 0; i < res.n; i++)
		sub &= has_pid(pids, n, res.tasks[i].msg.pid);
	check(res.done && res.n == 1 && set_of(&res, getpid()) && sub && !has_pid(pids, n, 1),
	      "hidepid=2: only its own process (procfs shows it %d, task_diag %zu)", n, res.n);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ONE, 1, BIG, &res);
	check(res.error == -ESRCH, "hidepid=2: ONE of another user's task is ESRCH");
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_CHILDREN, 1, BIG, &res);
	check(res.error == -ESRCH, "hidepid=2: CHILDREN of another user's task is ESRCH");
	taskdiag_result_free(&res);
	close(fd);
	fd = open("/tmp/proc-subset/task_diag", O_RDWR);
	check(fd < 0 && errno == ENOENT, "subset=pid: /proc/task_diag is not there");
	free(pids);
}

static void unpriv_gid(void)
{
	int fd;

	become_user(3000);
	fd = open_rdwr("/tmp/proc-gid/task_diag");
	verify_dump("/tmp/proc-gid", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, BIG,
		    "hidepid=2,gid=3000, member of 3000: everything");
	close(fd);
}

/* The opener's credentials decide, not the reader's. */
static void opener_creds(void)
{
	struct taskdiag_result res;
	int fd;

	if (setresgid(-1, UNPRIV, -1) || setresuid(-1, UNPRIV, 0))
		_exit(3);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	if (setresuid(-1, 0, -1) || setresgid(-1, 0, -1))
		_exit(3);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(geteuid() == 0 && res.done && res.n == 1 && set_of(&res, getpid()),
	      "opened as uid %d, read as root: still only its own process", UNPRIV);
	taskdiag_result_free(&res);
	close(fd);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(res.done && res.n > 10, "opened as root: every process (%zu)", res.n);
	taskdiag_result_free(&res);
	close(fd);
}

/* In a new pid namespace, with its own procfs: its own numbers only. */
static void pidns_child(void)
{
	struct taskdiag_result res;
	int fd, ok;
	pid_t kid;

	if (unshare(CLONE_NEWPID))
		die("unshare");
	kid = fork();
	if (kid == 0) {
		pid_t gk;

		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc", 0, NULL))
			_exit(3);
		gk = fork();
		if (gk == 0) {
			for (;;)
				pause();
		}
		fd = open_rdwr(TASKDIAG_PATH);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		ok = res.n == 2 && taskdiag_find(&res, 1) && taskdiag_find(&res, gk) &&
		     taskdiag_find(&res, 1)->base.ppid == 0 && taskdiag_find(&res, gk)->base.ppid == 1 &&
		     gk == 2;
		check(ok, "new pid namespace: only its own 2 tasks, pids 1 and 2, ppid of 1 is 0");
		taskdiag_result_free(&res);
		verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, BIG, "new pid namespace");
		close(fd);
		kill(gk, SIGKILL);
		fflush(stdout);
		_exit(0);
	}
	{
		int st;

		waitpid(kid, &st, 0);
		check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the namespace's init exited cleanly");
	}
}

/* hidepid=1 (noaccess): the pids are listed, but only readable tasks are shown. */
static void unpriv_noaccess(void)
{
	struct taskdiag_result res;
	int fd, *pids, n, same = 1, readable = 0;
	char path[64];

	become_user(0);
	fd = open_rdwr("/tmp/proc-noaccess/task_diag");
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	n = proc_pids("/tmp/proc-noaccess", 0, &pids);
	for (int i = 0; i < n; i++) {
		int f;

		snprintf(path, sizeof(path), "/tmp/proc-noaccess/%d/stat", pids[i]);
		f = open(path, O_RDONLY);
		readable += f >= 0;
		same &= (f >= 0) == set_of(&res, pids[i]);
		if (f >= 0)
			close(f);
	}
	check(res.done && same && (int)res.n == readable && readable >= 1 && n > 10,
	      "hidepid=1: the %d tasks whose stat procfs lets it open, of %d listed (task_diag %zu)",
	      readable, n, res.n);
	taskdiag_result_free(&res);
	close(fd);
	free(pids);
}

/* hidepid=invisible, the named form of 2, and hidepid=ptraceable. */
static void unpriv_named(void)
{
	static const char *const mounts[] = { "/tmp/proc-invisible", "/tmp/proc-ptraceable" };

	become_user(0);
	for (int m = 0; m < 2; m++) {
		struct taskdiag_result res;
		char path[64];
		int fd, *pids, n;

		snprintf(path, sizeof(path), "%s/task_diag", mounts[m]);
		fd = open_rdwr(path);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		n = proc_pids(mounts[m], 0, &pids);
		check(res.done && res.n == 1 && set_of(&res, getpid()) && n == 1 && pids[0] == getpid(),
		      "%s: its own process only, as procfs lists (%d, task_diag %zu)",
		      strchr(mounts[m] + 1, '-') + 1, n, res.n);
		taskdiag_result_free(&res);
		free(pids);
		close(fd);
	}
}

/*
 * uid 1000 in a user namespace mapping its root to 1000 and 0 to 5: uids and gids
 * as the namespace sees them, the unmapped ones as the overflow id, exactly
 * as /proc/PID/status shows them there.
 */
static void write_map(const char *file, const char *map)
{
	int fd = open(file, O_WRONLY);

	if (fd < 0 || write(fd, map, strlen(map)) != (ssize_t)strlen(map))
		_exit(3);
	close(fd);
}

static void userns_child(void)
{
	struct taskdiag_result res;
	int p[2], go[2], st;
	pid_t other, inner;
	char c, path[64];

	/* A process of uid 2000, unmapped in the namespace. */
	if (pipe(p) || pipe(go))
		_exit(3);
	other = fork();
	if (other == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (setresgid(2000, 2000, 2000) || setresuid(2000, 2000, 2000))
			_exit(3);
		if (write(p[1], "", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	if (read(p[0], &c, 1) != 1)
		_exit(3);
	inner = fork();
	if (inner == 0) {
		int fd, before = failures;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		if (unshare(CLONE_NEWUSER) || write(p[1], "", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		fd = open_rdwr(TASKDIAG_PATH);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED, TASK_DIAG_DUMP_ALL, 0, BIG,
			&res);
		{
			struct taskdiag_task *me = taskdiag_find(&res, getpid()), *init = taskdiag_find(&res, 1),
				       *o = taskdiag_find(&res, other);

			check(res.done && me && init && o && me->cred.uid == 0 && me->cred.euid == 0 &&
			      me->cred.gid == 0 && init->cred.uid == 5 && init->cred.fsgid == 5 &&
			      o->cred.uid == 65534 && o->cred.gid == 65534,
			      "user namespace: itself (1000 outside) uid 0, init (0 outside) uid 5, uid 2000 unmapped: 65534 (got %d, %d, %d)",
			      me ? (int)me->cred.uid : -1, init ? (int)init->cred.uid : -1,
			      o ? (int)o->cred.uid : -1);
		}
		taskdiag_result_free(&res);
		/* Every task's ids against /proc/PID/status read here; others' maps stay hidden. */
		verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, BIG,
			    "user namespace, against procfs");
		close(fd);
		fflush(stdout);
		_exit(failures != before);
	}
	/* Root outside maps the namespace: its root is 1000, and 0 is 5. */
	if (read(p[0], &c, 1) != 1)
		_exit(3);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", inner);
	write_map(path, "0 1000 1\n5 0 1\n");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", inner);
	write_map(path, "0 1000 1\n5 0 1\n");
	if (write(go[1], "", 1) != 1)
		_exit(3);
	waitpid(inner, &st, 0);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "user namespace: the checks inside finished");
}

/*
 * Pid namespaces two deep, each with its procfs: each level sees its own
 * tasks by its own numbers, and nothing of the levels above.
 */
static void nested_pidns(void)
{
	pid_t mid;
	int st;

	if (unshare(CLONE_NEWPID))
		_exit(3);
	mid = fork();
	if (mid == 0) {
		pid_t inner;

		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("proc", "/proc", "proc", 0, NULL) || unshare(CLONE_NEWPID))
			_exit(3);
		inner = fork();
		if (inner == 0) {
			struct taskdiag_result res;
			pid_t kid;
			int fd;

			if (unshare(CLONE_NEWNS) || mount("proc", "/proc", "proc", 0, NULL))
				_exit(3);
			kid = fork();
			if (kid == 0) {
				for (;;)
					pause();
			}
			fd = open_rdwr(TASKDIAG_PATH);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
			check(res.done && res.n == 2 && taskdiag_find(&res, 1) && taskdiag_find(&res, kid) &&
			      kid == 2 && taskdiag_find(&res, 1)->base.ppid == 0,
			      "inner pid namespace: its 2 tasks as 1 and 2, nothing above");
			taskdiag_result_free(&res);
			verify_dump("/proc", fd, TASK_DIAG_DUMP_ALL_THREAD, TASKDIAG_SHOW_NO_MAPS, BIG,
				    "inner pid namespace, against its procfs");
			close(fd);
			kill(kid, SIGKILL);
			waitpid(kid, NULL, 0);
			fflush(stdout);
			_exit(0);
		}
		{
			struct taskdiag_result res;
			int fd = open_rdwr(TASKDIAG_PATH), ok;

			/* Here: this init (1), the inner init (2), its child (3). */
			usleep(200000);
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
			ok = res.done && res.n >= 2 && taskdiag_find(&res, 1) && taskdiag_find(&res, inner) &&
			     taskdiag_find(&res, inner)->base.ppid == 1 && taskdiag_find(&res, 1)->base.ppid == 0;
			for (size_t i = 0; i < res.n; i++)
				ok &= res.tasks[i].msg.pid <= 3;
			check(ok, "middle pid namespace: its own tasks by its numbers (%zu), the inner init as %d",
			      res.n, inner);
			taskdiag_result_free(&res);
			close(fd);
			waitpid(inner, &st, 0);
			fflush(stdout);
			_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
		}
	}
	waitpid(mid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "nested pid namespaces: both levels finished");
}

/* A file passed over a unix socket answers as its opener would. */
static void send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &m, 0) != 1)
		die("sendmsg");
}

static int recv_fd(int sock)
{
	char cbuf[CMSG_SPACE(sizeof(int))], b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &m, 0) != 1 || !(c = CMSG_FIRSTHDR(&m)) || c->cmsg_type != SCM_RIGHTS)
		die("recvmsg");
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static void passed_files(void)
{
	struct taskdiag_result res;
	int sv[2], fd, st;
	pid_t kid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		/* The debug kernel is built without unix sockets. */
		if (errno == ENOSYS || errno == EAFNOSUPPORT) {
			printf("ok - files passed over a unix socket # SKIP no unix sockets in this kernel\n");
			return;
		}
		die("socketpair");
	}
	kid = fork();
	if (kid == 0) {
		/* Unprivileged: opens and sends; then receives root's file and uses it. */
		become_user(0);
		fd = open_rdwr("/tmp/proc-hide/task_diag");
		send_fd(sv[1], fd);
		close(fd);
		fd = recv_fd(sv[1]);
		taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
		_exit(res.done && res.n > 10 && taskdiag_find(&res, 1) ? 0 : 1);
	}
	fd = recv_fd(sv[0]);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(res.done && res.n == 1 && taskdiag_find(&res, kid),
	      "a file opened by uid %d (hidepid=2) and passed to root answers root with the opener's view: its process only (%zu)",
	      UNPRIV, res.n);
	taskdiag_result_free(&res);
	close(fd);
	fd = open_rdwr("/tmp/proc-hide/task_diag");
	send_fd(sv[0], fd);
	close(fd);
	waitpid(kid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a file opened by root and passed to uid %d is root's view, delegated like any procfs file",
	      UNPRIV);
	close(sv[0]);
	close(sv[1]);
}

/* Opened by uid 1000, handed to a setuid-root program: still uid 1000's view. */
static void setuid_handoff(void)
{
	const char *copy = suid_copy();
	int st, fd;
	char arg[16];
	pid_t kid;

	kid = fork();
	if (kid == 0) {
		become_user(0);
		fd = open_rdwr("/tmp/proc-hide/task_diag");
		snprintf(arg, sizeof(arg), "%d", fd);
		execl(copy, copy, "--suid-read", arg, (char *)NULL);
		_exit(5);
	}
	waitpid(kid, &st, 0);
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "a file opened by uid %d (hidepid=2) and used by a setuid-root program it runs: the opener's view, without that program; the program's own file: everything (status %d)",
	      UNPRIV, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* procfs instances with every hidepid= (and subset=pid), for the visibility checks. */
static void mount_procs(void)
{
	if (mkdir("/tmp/proc-hide", 0755) && errno != EEXIST)
		die("mkdir");
	mkdir("/tmp/proc-gid", 0755);
	mkdir("/tmp/proc-subset", 0755);
	mkdir("/tmp/proc-noaccess", 0755);
	mkdir("/tmp/proc-invisible", 0755);
	mkdir("/tmp/proc-ptraceable", 0755);
	if (mount("proc", "/tmp/proc-hide", "proc", 0, "hidepid=2") ||
	    mount("proc", "/tmp/proc-gid", "proc", 0, "hidepid=2,gid=3000") ||
	    mount("proc", "/tmp/proc-subset", "proc", 0, "subset=pid") ||
	    mount("proc", "/tmp/proc-noaccess", "proc", 0, "hidepid=1") ||
	    mount("proc", "/tmp/proc-invisible", "proc", 0, "hidepid=invisible") ||
	    mount("proc", "/tmp/proc-ptraceable", "proc", 0, "hidepid=ptraceable"))
		die("mount proc");
}

static void test_visibility(void)
{
	in_child(unpriv_plain, "uid 1000");
	in_child(unpriv_hidden, "uid 1000");
	in_child(unpriv_gid, "uid 1000 in group 3000");
	in_child(opener_creds, "opener");
	in_child(pidns_child, "pidns");
	in_child(unpriv_noaccess, "uid 1000");
	in_child(unpriv_named, "uid 1000");
	in_child(userns_child, "userns");
	in_child(nested_pidns, "nested pidns");
	in_child(passed_files, "SCM_RIGHTS");
	setuid_handoff();
	{
		int fd = open_rdwr("/tmp/proc-hide/task_diag");

		verify_dump("/tmp/proc-hide", fd, TASK_DIAG_DUMP_ALL, TASKDIAG_SHOW_NO_MAPS, BIG,
			    "root through hidepid=2: everything");
		close(fd);
	}
}

/* The procfs instances test_visibility() mounted, which the later tests use too. */
static void umount_procs(void)
{
	umount("/tmp/proc-hide");
	umount("/tmp/proc-gid");
	umount("/tmp/proc-subset");
	umount("/tmp/proc-noaccess");
	umount("/tmp/proc-invisible");
	umount("/tmp/proc-ptraceable");
}

/* ---- memory maps ---- */

struct mline {
	unsigned long long start, end, pgoff, inode;
	unsigned int major, minor;
	char perms[5];
	char *name;
	unsigned long long flags;	/* from smaps VmFlags, if read */
	int has_flags;
	unsigned long long st[10];	/* smaps, kB, in struct task_diag_vma_stat's order */
};

/* smaps's names for struct task_diag_vma_stat's fields, in order. */
static const char *const smaps_fields[10] = {
	"Rss:", "Shared_Clean:", "Shared_Dirty:", "Private_Clean:", "Private_Dirty:",
	"Referenced:", "Anonymous:", "AnonHugePages:", "Swap:", "Pss:",
};

static const struct {
	const char *mn;
	unsigned long long bit;
} vmflag_names[] = {
	{ "rd", TASK_DIAG_VMA_F_READ }, { "wr", TASK_DIAG_VMA_F_WRITE },
	{ "ex", TASK_DIAG_VMA_F_EXEC }, { "sh", TASK_DIAG_VMA_F_SHARED },
	{ "mr", TASK_DIAG_VMA_F_MAYREAD }, { "mw", TASK_DIAG_VMA_F_MAYWRITE },
	{ "me", TASK_DIAG_VMA_F_MAYEXEC }, { "ms", TASK_DIAG_VMA_F_MAYSHARE },
	{ "gd", TASK_DIAG_VMA_F_GROWSDOWN }, { "pf", TASK_DIAG_VMA_F_PFNMAP },
	{ "lo", TASK_DIAG_VMA_F_LOCKED }, { "io", TASK_DIAG_VMA_F_IO },
	{ "sr", TASK_DIAG_VMA_F_SEQ_READ }, { "rr", TASK_DIAG_VMA_F_RAND_READ },
	{ "dc", TASK_DIAG_VMA_F_DONTCOPY }, { "de", TASK_DIAG_VMA_F_DONTEXPAND },
	{ "ac", TASK_DIAG_VMA_F_ACCOUNT }, { "nr", TASK_DIAG_VMA_F_NORESERVE },
	{ "ht", TASK_DIAG_VMA_F_HUGETLB }, { "ar", TASK_DIAG_VMA_F_ARCH_1 },
	{ "dd", TASK_DIAG_VMA_F_DONTDUMP }, { "sd", TASK_DIAG_VMA_F_SOFTDIRTY },
	{ "mm", TASK_DIAG_VMA_F_MIXEDMAP }, { "hg", TASK_DIAG_VMA_F_HUGEPAGE },
	{ "nh", TASK_DIAG_VMA_F_NOHUGEPAGE }, { "mg", TASK_DIAG_VMA_F_MERGEABLE },
};

/* /proc/PID/maps, or smaps with flags: the ground truth, line by line. */
static int read_maps(int pid, int smaps, struct mline **out)
{
	char path[64], *s, *l, *e;
	struct mline *m = NULL;
	int n = 0, skipping = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, smaps ? "smaps" : "maps");
	s = read_file(path, NULL);
	if (!s)
		return -1;
	for (l = s; *l; l = e + 1) {
		struct mline x;
		int off = 0;

		e = strchr(l, '\n');
		if (!e)
			break;
		*e = 0;
		memset(&x, 0, sizeof(x));
		if (sscanf(l, "%llx-%llx %4s %llx %x:%x %llu %n", &x.start, &x.end, x.perms,
			   &x.pgoff, &x.major, &x.minor, &x.inode, &off) == 7 && off) {
			/*
			 * The x86 vsyscall page (booted with vsyscall=xonly or
			 * emulate) is no mapping of the process: maps appends the
			 * kernel's gate area, which modules cannot reach.
			 */
			skipping = !strcmp(l + off, "[vsyscall]");
			if (skipping)
				continue;
			x.name = strdup(l + off);
			m = realloc(m, (n + 1) * sizeof(*m));
			m[n++] = x;
		} else if (skipping) {
			continue;	/* the lines of a mapping left out */
		} else if (smaps && n && strchr(l, ':') && strstr(l, " kB")) {
			for (int f = 0; f < 10; f++)
				if (!strncmp(l, smaps_fields[f], strlen(smaps_fields[f])))
					m[n - 1].st[f] = strtoull(l + strlen(smaps_fields[f]), NULL, 10);
		} else if (smaps && n && !strncmp(l, "VmFlags:", 8)) {
			for (char *w = strtok(l + 8, " "); w; w = strtok(NULL, " "))
				for (size_t i = 0; i < sizeof(vmflag_names) / sizeof(vmflag_names[0]); i++)
					if (!strcmp(w, vmflag_names[i].mn))
						m[n - 1].flags |= vmflag_names[i].bit;
			m[n - 1].has_flags = 1;
		}
	}
	free(s);
	*out = m;
	return n;
}

static void free_maps(struct mline *m, int n)
{
	for (int i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}

/* Every record equal to maps (and smaps's VmFlags where read); NULL or what differs. */
static const char *compare_maps(const struct taskdiag_task *t, struct mline *m, int n)
{
	static char why[200];

	if ((size_t)n != t->nvmas) {
		snprintf(why, sizeof(why), "%zu mappings, maps has %d", t->nvmas, n);
		return why;
	}
	for (int i = 0; i < n; i++) {
		const struct task_diag_vma *v = &t->vmas[i].v;
		const char *name = t->vmas[i].name ? t->vmas[i].name : "";
		char perms[5] = {
			v->vm_flags & TASK_DIAG_VMA_F_READ ? 'r' : '-',
			v->vm_flags & TASK_DIAG_VMA_F_WRITE ? 'w' : '-',
			v->vm_flags & TASK_DIAG_VMA_F_EXEC ? 'x' : '-',
			v->vm_flags & TASK_DIAG_VMA_F_MAYSHARE ? 's' : 'p', 0 };

		if (v->start != m[i].start || v->end != m[i].end || strcmp(perms, m[i].perms) ||
		    v->pgoff != m[i].pgoff || v->major != m[i].major || v->minor != m[i].minor ||
		    v->inode != m[i].inode || strcmp(name, m[i].name)) {
			snprintf(why, sizeof(why), "mapping %d: %llx-%llx %s %llx %x:%x %llu '%s' vs '%s'", i,
				 (unsigned long long)v->start, (unsigned long long)v->end, perms,
				 (unsigned long long)v->pgoff, v->major, v->minor,
				 (unsigned long long)v->inode, name, m[i].name);
			return why;
		}
		if (t->vmas[i].has_stat) {
			const __u64 *x = &t->vmas[i].stat.resident;

			for (int f = 0; f < 10; f++)
				if (x[f] / 1024 != m[i].st[f]) {
					snprintf(why, sizeof(why), "mapping %d (%llx %s): %s %llu kB, smaps %llu kB",
						 i, (unsigned long long)v->start, name, smaps_fields[f],
						 (unsigned long long)x[f] / 1024, m[i].st[f]);
					return why;
				}
		}
		if (m[i].has_flags) {
			unsigned long long known = 0;

			for (size_t k = 0; k < sizeof(vmflag_names) / sizeof(vmflag_names[0]); k++)
				known |= vmflag_names[k].bit;
			if ((v->vm_flags & known) != m[i].flags) {
				snprintf(why, sizeof(why), "mapping %d: flags %#llx, VmFlags say %#llx", i,
					 (unsigned long long)v->vm_flags, m[i].flags);
				return why;
			}
		}
	}
	return NULL;
}

static const char *one_maps_show(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
				 struct mline *known, int nknown, uint64_t extra);

/*
 * ONE with VMA of @pid, compared with its maps or smaps, or with @known
 * (@nknown lines) for a process that does not change.
 */
static const char *one_maps(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
			    struct mline *known, int nknown)
{
	return one_maps_show(fd, pid, smaps, bufsize, reads, known, nknown,
			     smaps ? TASK_DIAG_SHOW_VMA_STAT : 0);
}

static const char *one_maps_show(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
				 struct mline *known, int nknown, uint64_t extra)
{
	static char why[256];
	struct taskdiag_result res;
	struct mline *m = known;
	const char *w;
	int n = nknown;

	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA | extra, TASK_DIAG_DUMP_ONE, pid,
		bufsize, &res);
	if (!known)
		n = read_maps(pid, smaps, &m);
	if (reads)
		*reads = res.reads;
	if (res.violation[0] || !res.done || res.n != 1 || !res.tasks[0].has_vma || n < 0) {
		snprintf(why, sizeof(why), "no good answer (%.200s, errno %d)", res.violation, res.read_errno);
		w = why;
	} else {
		w = compare_maps(&res.tasks[0], m, n);
		if (w)
			w = strcpy(why, w);
	}
	if (n >= 0 && !known)
		free_maps(m, n);
	taskdiag_result_free(&res);
	return w;
}

static void test_maps(void)
{
	pid_t maps, many;
	struct taskdiag_result res;
	int fd = open_rdwr(TASKDIAG_PATH), bad = 0, procs = 0, reads;
	long mappings = 0;
	char want[64];

	maps = spawn_self((char *[]){ "td-maps", "--maps", NULL });
	many = spawn_self((char *[]){ "td-many", "--many", NULL });

	/*
	 * Pss of its shared libraries moves when another process maps or unmaps
	 * them between the two reads (a test process exiting): three tries.
	 */
	const char *why = one_maps(fd, maps, 1, BIG, NULL, NULL, 0);

	for (int tries = 1; why && tries < 3; tries++)
		why = one_maps(fd, maps, 1, BIG, NULL, NULL, 0);
	check(!why, "VMA and VMA_STAT of a process with file, shared, deleted, named, COW-shared, "
	      "huge and swapped memory equal smaps%s%s", why ? ": " : "", why ? why : "");
	taskdiag_dump(fd, TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ONE, maps, BIG, &res);
	{
		unsigned long long thp = 0, swap = 0, shared = 0, resident = 0, pss = 0;

		for (size_t i = 0; res.n == 1 && i < res.tasks[0].nvmas; i++) {
			const struct task_diag_vma_stat *st = &res.tasks[0].vmas[i].stat;

			thp += st->anonymous_thp;
			swap += st->swap;
			shared += st->shared_dirty + st->shared_clean;
			resident += st->resident;
			pss += st->pss;
		}
		check(res.n == 1 && shared && pss < resident,
		      "the fixture's statistics: %llu kB resident, %llu kB Pss, %llu kB shared, "
		      "%llu kB THP%s, %llu kB swapped%s", resident >> 10, pss >> 10, shared >> 10,
		      thp >> 10, thp ? "" : " (none given by this kernel)", swap >> 10,
		      swap ? "" : " (no swap in this VM)");
	}
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE, maps, BIG, &res);
	{
		int deleted = 0, heap = 0, stack = 0, vdso = 0, named = 0;

		for (size_t i = 0; res.n == 1 && i < res.tasks[0].nvmas; i++) {
			const char *nm = res.tasks[0].vmas[i].name;

			deleted |= nm && strstr(nm, "td-deleted (deleted)") != NULL;
			heap |= nm && !strcmp(nm, "[heap]");
			stack |= nm && !strcmp(nm, "[stack]");
			vdso |= nm && !strcmp(nm, "[vdso]");
			named |= nm && !strcmp(nm, "[anon:td-named]");
		}
		snprintf(want, sizeof(want), "/proc/%d/maps", maps);
		{
			char *s = read_file(want, NULL);
			int kernel_names = s && strstr(s, "[anon:td-named]");

			free(s);
			check(deleted && heap && stack && vdso && named == kernel_names,
			      "names: a deleted file, [heap], [stack], [vdso]%s",
			      kernel_names ? ", [anon:td-named]" : " (no named anonymous memory in this kernel)");
		}
	}
	taskdiag_result_free(&res);

	static const size_t sizes[] = { 160, 4096, 65536, BIG };
	struct mline *m;
	int n = read_maps(many, 0, &m);

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		why = n < 65000 ? "maps are short" : one_maps(fd, many, 0, sizes[i], &reads, m, n);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		check(!why, "65,000 mappings, buffer %zu: equal to maps in %d reads (%.1fs)%s%s",
		      sizes[i], reads, t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		      why ? ": " : "", why ? why : "");
	}

	if (n >= 0)
		free_maps(m, n);

	/* Every process of the system (less the 65,000, checked above). */
	kill(many, SIGKILL);
	waitpid(many, NULL, 0);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT,
		TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	for (size_t i = 0; i < res.n; i++) {
		struct taskdiag_task *t = &res.tasks[i];
		struct mline *m;
		int n = read_maps(t->msg.pid, 1, &m);

		if (n < 0)
			continue;	/* gone */
		procs++;
		mappings += n;
		why = t->has_vma ? compare_maps(t, m, n) : "no VMA attribute";
		if (why && t->msg.pid != (uint32_t)getpid()) {
			if (bad++ < 5)
				diag("pid %u (%s): %s", t->msg.pid, t->base.comm, why);
		}
		free_maps(m, n);
	}
	check(!bad && !res.violation[0] && res.done && procs > 10,
	      "ALL with VMA and VMA_STAT: %d processes, %ld mappings, equal to /proc/PID/smaps",
	      procs, mappings);
	taskdiag_result_free(&res);

	/* With threads: maps once per process, with its leader. */
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL_THREAD, 0, BIG, &res);
	bad = 0;
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].has_vma != (res.tasks[i].msg.pid == res.tasks[i].msg.tgid))
			bad++;
	check(!bad && res.done && !res.violation[0], "ALL_THREAD: VMA with the leaders only");
	taskdiag_result_free(&res);

	kill(maps, SIGKILL);
	waitpid(maps, NULL, 0);
	close(fd);
}

/* Does procfs at @procdir give this process /proc/PID/@file with content? */
static int procfs_gives(const char *procdir, pid_t pid, const char *file, int content)
{
	char path[96], b;
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%d/%s", procdir, pid, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ok = !content || read(fd, &b, 1) == 1;
	close(fd);
	return ok;
}

/* Unprivileged, undumpable: its own maps, and no other process's, as procfs. */
static void unpriv_maps(void)
{
	struct taskdiag_result res;
	int fd, others = 0;
	pid_t sib;

	become_user(0);
	sib = fork();
	if (sib == 0) {
		for (;;)
			pause();
	}
	fd = open_rdwr(TASKDIAG_PATH);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	/* Kernel threads come with an empty VMA attribute, as their maps are empty to all. */
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].has_vma && res.tasks[i].nvmas &&
		    res.tasks[i].msg.pid != (uint32_t)getpid())
			others++;
	check(taskdiag_find(&res, getpid()) && taskdiag_find(&res, getpid())->has_vma && !others &&
	      taskdiag_find(&res, 1) && taskdiag_find(&res, 1)->has_base,
	      "its own maps, and no other process's (%zu processes listed)", res.n);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE, 1, BIG, &res);
	check(res.n == 1 && !res.tasks[0].has_vma && res.done,
	      "ONE of root's init: answered, without VMA");
	taskdiag_result_free(&res);
	close(fd);
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
}

static void unpriv_owner(void)
{
	struct taskdiag_result res;
	pid_t sib, nodump;
	int fd;

	become_user(0);
	/* Changing ids made this process undumpable; a sibling that says it is dumpable. */
	sib = fork();
	if (sib == 0) {
		prctl(PR_SET_DUMPABLE, 1);
		for (;;)
			pause();
	}
	nodump = fork();
	if (nodump == 0) {
		for (;;)
			pause();
	}
	usleep(100000);
	fd = open_rdwr(TASKDIAG_PATH);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(taskdiag_find(&res, sib) && taskdiag_find(&res, sib)->has_vma && procfs_gives("/proc", sib, "maps", 0),
	      "a dumpable same-user process's maps, as procfs gives them");
	check(taskdiag_find(&res, nodump) && !taskdiag_find(&res, nodump)->has_vma &&
	      !procfs_gives("/proc", nodump, "maps", 0),
	      "not an undumpable one's, which procfs refuses too");
	check(taskdiag_find(&res, 1) && !taskdiag_find(&res, 1)->has_vma && !procfs_gives("/proc", 1, "maps", 0),
	      "never root's");
	kill(nodump, SIGKILL);
	waitpid(nodump, NULL, 0);
	taskdiag_result_free(&res);
	close(fd);
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
}

static void test_maps_access(void)
{
	in_child(unpriv_maps, "uid 1000 maps");
	in_child(unpriv_owner, "uid 1000 maps");
}

/* ---- the privilege boundary: procfs decides, whatever the task does ---- */

static int pid_exists(pid_t pid)
{
	return kill(pid, 0) == 0 || errno == EPERM;
}

/*
 * One cell of the visibility matrix: an ALL dump with BASE and VMA through
 * @procdir's task_diag, against what procfs at @procdir gives this same
 * process: a task is there exactly when its /proc/PID/stat opens, with
 * maps exactly when its /proc/PID/maps opens and is not empty.  Every pid
 * of the system is asked (through /proc, which has no hidepid=).  Returns
 * the differences; @why says the first.
 */
static int matrix_try(const char *procdir, int threads, char *why, size_t whylen, int *seen,
		      int *maps)
{
	int fd, n, *pids, bad = 0;
	struct taskdiag_result res;
	char path[96];

	snprintf(path, sizeof(path), "%s/task_diag", procdir);
	fd = open_rdwr(path);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA,
		threads ? TASK_DIAG_DUMP_ALL_THREAD : TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	n = proc_pids("/proc", threads, &pids);
	*seen = *maps = 0;
	if (!res.done || res.violation[0]) {
		snprintf(why, whylen, ": no good answer (%.100s)", res.violation);
		bad++;
	}
	for (int i = 0; i < n; i++) {
		struct taskdiag_task *t = taskdiag_find(&res, pids[i]);
		int vis = procfs_gives(procdir, pids[i], "stat", 0);
		/* Threads: /proc/TID/stat; maps go with leaders only. */
		int leader = !t || t->msg.pid == t->msg.tgid;
		int m = vis && leader && procfs_gives(procdir, pids[i], "maps", 1);
		int tm = t && t->has_vma && t->nvmas;

		/* A task that came or went meanwhile is no difference. */
		if ((!!t != vis || tm != m) && pid_exists(pids[i]) && !bad++)
			snprintf(why, whylen, ": pid %d: procfs %s%s, task_diag %s%s", pids[i],
				 vis ? "shows it" : "hides it", m ? " with maps" : "",
				 t ? "shows it" : "hides it", tm ? " with maps" : "");
		*seen += vis;
		*maps += m;
	}
	for (size_t i = 0; i < res.n; i++)
		if (!has_pid(pids, n, res.tasks[i].msg.pid) && pid_exists(res.tasks[i].msg.pid) &&
		    !bad++)
			snprintf(why, whylen, ": pid %u only in task_diag", res.tasks[i].msg.pid);
	taskdiag_result_free(&res);
	free(pids);
	close(fd);
	return bad;
}

/* Kernel workers come and go: three tries.  Processes (ALL), then threads (ALL_THREAD). */
static void matrix_cell(const char *procdir, const char *who)
{
	for (int threads = 0; threads < 2; threads++) {
		int seen, maps, bad = 1;
		char why[160] = "";

		for (int tries = 0; bad && tries < 3; tries++)
			bad = matrix_try(procdir, threads, why, sizeof(why), &seen, &maps);
		check(!bad, "%s, %s: the %d %s and %d maps procfs gives it, no more, no less%s", who,
		      strcmp(procdir, "/proc") ? strchr(procdir + 1, '-') + 1 : "no hidepid", seen,
		      threads ? "threads" : "processes", maps, bad ? why : "");
	}
}

static const char *const matrix_mounts[] = {
	"/proc", "/tmp/proc-noaccess", "/tmp/proc-hide", "/tmp/proc-invisible",
	"/tmp/proc-ptraceable", "/tmp/proc-gid",
};

static void matrix_row(const char *who)
{
	for (size_t i = 0; i < sizeof(matrix_mounts) / sizeof(matrix_mounts[0]); i++)
		matrix_cell(matrix_mounts[i], who);
}

static int matrix_userns = -1;	/* the container's user namespace */

static void opener_root(void)
{
	matrix_row("root");
}

static void opener_user(void)
{
	become_user(0);
	prctl(PR_SET_DUMPABLE, 1);
	matrix_row("uid 1000");
}

static void opener_member(void)
{
	become_user(3000);
	matrix_row("uid 1000 in group 3000");
}

static void opener_other(void)
{
	if (setresgid(2000, 2000, 2000) || setresuid(2000, 2000, 2000))
		_exit(3);
	matrix_row("uid 2000");
}

/* Root of a container: uid 0 of a user namespace that uid 1000 owns. */
static void opener_container(void)
{
	become_user(0);
	if (setns(matrix_userns, CLONE_NEWUSER))
		die("setns");
	matrix_row("container root");
}

/* A thread that takes uid 1000 for itself alone (the raw system call), then sleeps. */
static void *uid_thread(void *arg)
{
	if (syscall(SYS_setresuid, UNPRIV, UNPRIV, UNPRIV))
		_exit(3);
	*(volatile int *)arg = 1;
	for (;;)
		pause();
	return NULL;
}

/* A process of uid 2000 whose one other thread is uid 1000's: procfs checks each alone. */
static pid_t mixed_target(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		static volatile int set;
		pthread_t th;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (syscall(SYS_setresgid, UNPRIV, UNPRIV, UNPRIV) ||
		    pthread_create(&th, NULL, uid_thread, (void *)&set))
			_exit(3);
		while (!set)
			usleep(1000);
		if (syscall(SYS_setresuid, 2000, 2000, 2000))
			_exit(3);
		prctl(PR_SET_DUMPABLE, 1);
		ready();
		for (;;)
			pause();
	}
	wait_ready(1);
	return pid;
}

/* A process sleeping as @uid (0: root), dumpable or not. */
static pid_t matrix_target(uid_t uid, int dumpable, int join)
{
	pid_t pid = fork();

	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (uid && (setresgid(uid, uid, uid) || setresuid(uid, uid, uid)))
			_exit(3);
		prctl(PR_SET_DUMPABLE, dumpable);
		/* Joined from the host, as runc init or nsenter do: its mm is the host's. */
		if (join && setns(matrix_userns, CLONE_NEWUSER))
			_exit(3);
		ready();
		for (;;)
			pause();
	}
	wait_ready(1);
	return pid;
}

/*
 * Every opener against every procfs mount, with targets of every kind
 * among the system's tasks: root's, uid 1000's dumpable and undumpable,
 * uid 2000's, a setuid-root program that uid 1000 ran, a root process
 * that joined the container undumpable, and a process of uid 2000 with a
 * thread of uid 1000.
 */
static void test_matrix(void)
{
	pid_t t[7], holder;
	int p[2], go[2];
	char c, path[64];

	if (pipe(p) || pipe(go))
		die("pipe");
	holder = fork();
	if (holder == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		if (unshare(CLONE_NEWUSER) || write(p[1], "", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	if (read(p[0], &c, 1) != 1)
		die("userns");
	snprintf(path, sizeof(path), "/proc/%d/uid_map", holder);
	write_map(path, "0 1000 1\n");
	snprintf(path, sizeof(path), "/proc/%d/gid_map", holder);
	write_map(path, "0 1000 1\n");
	if (write(go[1], "", 1) != 1)
		die("userns");
	snprintf(path, sizeof(path), "/proc/%d/ns/user", holder);
	matrix_userns = open(path, O_RDONLY);
	if (matrix_userns < 0)
		die("ns/user");

	suid_copy();
	t[0] = matrix_target(UNPRIV, 1, 0);
	t[1] = matrix_target(UNPRIV, 0, 0);
	t[2] = matrix_target(2000, 1, 0);
	t[3] = matrix_target(0, 0, 1);
	t[4] = fork();
	if (t[4] == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		become_user(0);
		execl(suid_copy(), "td-suid", "--sleep", (char *)NULL);
		_exit(127);
	}
	wait_ready(1);
	t[5] = matrix_target(0, 1, 0);
	t[6] = mixed_target();

	in_child(opener_root, "matrix");
	in_child(opener_user, "matrix");
	in_child(opener_member, "matrix");
	in_child(opener_other, "matrix");
	in_child(opener_container, "matrix");

	for (int i = 0; i < 7; i++) {
		kill(t[i], SIGKILL);
		waitpid(t[i], NULL, 0);
	}
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	close(matrix_userns);
}

/* Wait until @pid runs a program as effective root (a setuid exec done). */
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
 * mm it approved at open, so the new image's maps are never shown, and
 * behind hidepid=2 the process is hidden as procfs hides it.
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
			taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE,
				parent, BIG, &res);
			ok = res.done && res.n == 1 && !res.tasks[0].has_vma &&
			     !procfs_gives("/proc", parent, "maps", 1);
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
	      "a file of uid 1000 whose process then exec'd a setuid-root program: no maps of the new image, hidden behind hidepid=2, as procfs");
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
	if (data < 0 || ftruncate(data, 2 * 4096))
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

static void test_boundary(void)
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
	check(read(fd, buf, sizeof(buf)) < 0 && errno == EIO, "read() on the orphaned file: EIO");
	check(taskdiag_request(fd, TASKDIAG_SHOW_NO_MAPS, TASK_DIAG_DUMP_ALL, 0, 2) == -EIO,
	      "write() on the orphaned file: EIO");
	check(close(fd) == 0, "close() of the orphaned file");
	printf("1..%d\n%d passed, %d failed\n", tests, tests - failures, failures);
	return failures ? 1 : 0;
}

static void test_abi(void)
{
	check(sizeof(struct task_diag_base) == 44 && sizeof(struct task_diag_creds) == 64 &&
	      sizeof(struct task_diag_stat) == 72 && sizeof(struct task_diag_pid) == 24 &&
	      sizeof(struct task_diag_msg) == 12, "ABI struct sizes (also pinned at build time)");
}

static int usage(FILE *f, const char *argv0, int rc)
{
	fprintf(f, "usage: %s [--zram | --boundary | --unload | --help]\n\n"
		"Runs the task_diag test suite against /proc/task_diag and procfs and\n"
		"prints TAP. Needs root and the module loaded; it makes and kills its\n"
		"own processes and mounts procfs instances under /tmp. Exits 0 when\n"
		"every check passes.\n"
		"  --zram    first put 64 MiB of swap on an unused /dev/zram0, for the\n"
		"            swapped-page checks (meant for test VMs: it stays on)\n"
		"  --boundary  only the privilege-boundary checks: the visibility\n"
		"            matrix and what a process may do to its own\n"
		"  --unload  instead, check that rmmod with a file open mid-dump is\n"
		"            safe (this unloads the module)\n"
		"  --help    this text\n", argv0);
	return rc;
}

int main(int argc, char **argv)
{
	int zram = argc == 2 && !strcmp(argv[1], "--zram");
	int boundary = argc == 2 && !strcmp(argv[1], "--boundary");

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return usage(stdout, argv[0], 0);
	self_exe = realpath("/proc/self/exe", NULL);
	if (argc == 2 && !strcmp(argv[1], "--unload"))
		return test_unload();
	/* The fixtures' modes (helper()) never return; anything else is a usage error. */
	if (argc > 1 && !zram && !boundary) {
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
	test_abi();
	test_protocol();
	test_bad_requests();
	test_fixtures();
	mount_procs();
	if (boundary) {
		test_boundary();
		goto out;
	}
	test_visibility();
	test_maps();
	test_maps_access();
	test_boundary();
out:
	umount_procs();
	unlink(suid_copy());
	printf("1..%d\n", tests);
	printf("%d passed, %d failed\n", tests - failures, failures);
	return failures ? 1 : 0;
}
