// SPDX-License-Identifier: GPL-2.0
/*
 * churn: dumps against a storm.  READERS threads dump ALL_THREAD with every
 * group in a loop while churn processes fork and reap children, create
 * and end threads, exec, change uids, and map, protect and unmap
 * memory.  Every answer must be well-formed (tdlib checks each read), have
 * no task twice, and hold each task that lived through the whole dump (a set
 * of sleepers made first, and the main thread) exactly once.  Then two threads
 * share one file, and a forked child shares one mid-answer: each read is
 * whole messages and, together, they see each task once.  A watchdog fails
 * the run if anything hangs.  Prints TAP lines; exits 1 on a failure.
 *
 * usage: churn [-t SECONDS] [-r READERS]   (default 60 s, 4 readers)
 *        churn -k TASKS   the SIGKILL test instead: see kill_test()
 *        churn -u         rmmod under readers instead: see unload_test()
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "taskdiag.h"
#include "tap.h"

#define SLEEPERS	8
#define SLEEPER_THREADS	3
#define MAX_READERS	16
#define CHURNERS	3	/* one for execs, uids, threads and memory; two fork storms */

static double deadline;

/* Tasks that live through every dump: the sleepers' threads, and the main thread. */
static uint32_t stable[SLEEPERS * SLEEPER_THREADS + 1];
static int nstable;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_stable(uint32_t tid)
{
	stable[nstable++] = tid;
}

static void watchdog(int sig)
{
	static const char msg[] = "not ok - churn: the watchdog fired, something hangs\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* Fails the run, from a signal handler, if it is not over in @seconds. */
static void arm_watchdog(unsigned int seconds)
{
	signal(SIGALRM, watchdog);
	alarm(seconds);
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * @pids[0..@n) of one answer: none twice, and each stable task once.
 * Returns NULL or what is wrong.
 */
static const char *exactly_once(uint32_t *pids, size_t n, char *why, size_t len)
{
	qsort(pids, n, sizeof(*pids), by_u32);
	for (size_t i = 1; i < n; i++)
		if (pids[i] == pids[i - 1]) {
			snprintf(why, len, "task %u twice in one answer", pids[i]);
			return why;
		}
	for (int i = 0; i < nstable; i++)
		if (!bsearch(&stable[i], pids, n, sizeof(*pids), by_u32)) {
			snprintf(why, len, "task %u, alive all along, not in the answer", stable[i]);
			return why;
		}
	return NULL;
}

/* Appends the pids of @res's tasks to @pids, which has room; the new count. */
static size_t add_pids(uint32_t *pids, size_t n, const struct taskdiag_result *res)
{
	for (size_t i = 0; i < res->n; i++)
		pids[n++] = res->tasks[i].msg.pid;
	return n;
}

/* The churn processes' counts, shared with the parent. */
struct counts {
	atomic_ulong forks, execs, threads, uid_changes, maps;
};

static void *short_thread(void *arg)
{
	return arg;
}

static void *memory_churn(void *arg)
{
	struct counts *c = arg;

	while (now() < deadline) {
		size_t len = (1 + (c->maps % 16)) << 14;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			continue;
		memset(p, 1, len);
		mprotect(p, len / 2, PROT_READ);
		munmap(p + len / 2, len / 2);
		munmap(p, len / 2);
		c->maps++;
	}
	return NULL;
}

/* Forks and reaps as fast as it can: vfork, so that no memory is copied. */
static void fork_storm(struct counts *c)
{
	while (now() < deadline) {
		pid_t pid = vfork();

		if (pid == 0)
			_exit(0);
		if (pid > 0 && waitpid(pid, NULL, 0) == pid)
			c->forks++;
	}
}

/* Execs, uid changes, threads and memory: the rest of what a busy host does. */
static void churn(struct counts *c)
{
	pthread_t mem;
	unsigned long i;

	pthread_create(&mem, NULL, memory_churn, c);
	for (i = 0; now() < deadline; i++) {
		pid_t pid = fork();
		pthread_t t;

		if (pid == 0) {
			if (i % 2) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			} else {
				uid_t u = 1000 + i % 7;

				if (setresgid(u, u, u) || setresuid(u, u, u))
					_exit(1);
				usleep(1000);
			}
			_exit(0);
		}
		if (pid > 0 && waitpid(pid, NULL, 0) == pid) {
			c->forks++;
			c->execs += i % 2;
			c->uid_changes += !(i % 2);
		}
		if (!pthread_create(&t, NULL, short_thread, NULL)) {
			pthread_join(t, NULL);
			c->threads++;
		}
	}
	pthread_join(mem, NULL);
}

struct reader {
	pthread_t thread;
	unsigned long dumps, tasks;
	char failure[300];
};

static void *reader(void *arg)
{
	static const size_t sizes[] = { 4096, 65536, 1 << 20 };
	struct reader *r = arg;
	int fd = open(TASKDIAG_PATH, O_RDWR);
	unsigned int seq = 1;

	if (fd < 0) {
		snprintf(r->failure, sizeof(r->failure), "open: %s", strerror(errno));
		return NULL;
	}
	while (now() < deadline && !r->failure[0]) {
		struct taskdiag_result res;
		uint32_t *pids;
		char why[128];
		const char *bad;

		if (taskdiag_request(fd, TASKDIAG_SHOW_ALL, TASK_DIAG_DUMP_ALL_THREAD, 0, ++seq)) {
			snprintf(r->failure, sizeof(r->failure), "request: %s", strerror(errno));
			break;
		}
		taskdiag_collect(fd, sizes[seq % 3], seq, TASKDIAG_SHOW_ALL, &res);
		if (res.violation[0] || res.read_errno || !res.done) {
			snprintf(r->failure, sizeof(r->failure), "answer %lu: %s (read: %s)", r->dumps,
				 res.violation[0] ? res.violation : "no NLMSG_DONE",
				 strerror(res.read_errno));
			taskdiag_result_free(&res);
			break;
		}
		pids = malloc((res.n + 1) * sizeof(*pids));
		bad = exactly_once(pids, add_pids(pids, 0, &res), why, sizeof(why));
		if (bad)
			snprintf(r->failure, sizeof(r->failure), "answer %lu: %s", r->dumps, bad);
		r->dumps++;
		r->tasks += res.n;
		free(pids);
		taskdiag_result_free(&res);
	}
	close(fd);
	return NULL;
}

/*
 * Two threads read one file's answer at once, 1 KiB at a time; groups that
 * are never continued, so that each task is one message.
 */
#define SHARED_SHOW	(TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT)
struct sharer {
	int fd;
	uint32_t seq;
	pthread_barrier_t *go;
	struct taskdiag_result res;
};

static void *share_read(void *arg)
{
	struct sharer *s = arg;
	char *buf = malloc(1024);
	ssize_t n;

	taskdiag_result_init(&s->res);
	pthread_barrier_wait(s->go);
	/* A yield after each read lets the other thread at the file's lock. */
	while ((n = read(s->fd, buf, 1024)) > 0) {
		taskdiag_result_add(&s->res, buf, n, s->seq, SHARED_SHOW);
		sched_yield();
	}
	if (n < 0)
		s->res.read_errno = errno;
	free(buf);
	return NULL;
}

/* One round: both threads read; NULL or what is wrong.  *both: each got some. */
static const char *shared_round(int fd, uint32_t seq, int *both, char *why, size_t len)
{
	pthread_barrier_t go;
	struct sharer s[2];
	pthread_t t[2];
	uint32_t *pids;
	size_t n;
	const char *bad = NULL;

	pthread_barrier_init(&go, NULL, 2);
	if (taskdiag_request(fd, SHARED_SHOW, TASK_DIAG_DUMP_ALL_THREAD, 0, seq))
		return "the request failed";
	for (int i = 0; i < 2; i++) {
		s[i] = (struct sharer){ .fd = fd, .seq = seq, .go = &go };
		pthread_create(&t[i], NULL, share_read, &s[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&go);
	pids = malloc((s[0].res.n + s[1].res.n + 1) * sizeof(*pids));
	n = add_pids(pids, add_pids(pids, 0, &s[0].res), &s[1].res);
	for (int i = 0; i < 2 && !bad; i++) {
		if (s[i].res.violation[0]) {
			snprintf(why, len, "%s", s[i].res.violation);
			bad = why;
		} else if (s[i].res.read_errno) {
			snprintf(why, len, "read: %s", strerror(s[i].res.read_errno));
			bad = why;
		}
	}
	if (!bad && !s[0].res.done && !s[1].res.done)
		bad = "no NLMSG_DONE";
	if (!bad)
		bad = exactly_once(pids, n, why, len);
	*both = s[0].res.reads && s[1].res.reads;
	free(pids);
	taskdiag_result_free(&s[0].res);
	taskdiag_result_free(&s[1].res);
	return bad;
}

static void shared_file(void)
{
	int fd = open(TASKDIAG_PATH, O_RDWR), both = 0, rounds, b;
	const char *bad = NULL;
	char why[160];

	/* Until both threads have had a part of one answer, at most 50 rounds. */
	for (rounds = 0; rounds < 50 && !bad && !both; rounds++) {
		bad = shared_round(fd, 4242 + rounds, &b, why, sizeof(why));
		both |= b;
	}
	check(!bad && both, "two threads reading one file at once, %d round(s): whole messages each, together each task once%s%s",
	      rounds, bad ? ": " : (both ? "" : ": never did both threads read"), bad ? bad : "");
	close(fd);
}

/* A child forked mid-answer shares the file: whole messages each, each task once. */
static void forked_file(void)
{
	int fd = open(TASKDIAG_PATH, O_RDWR), p[2];
	struct taskdiag_result mine, theirs;
	char *buf = malloc(4096), why[128];
	const char *bad = NULL;
	uint32_t *pids;
	size_t n;
	ssize_t r;
	pid_t child;
	int status;

	if (pipe(p))
		abort();
	taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL_THREAD, 0, 77);
	taskdiag_result_init(&mine);
	r = read(fd, buf, 1024);
	if (r > 0)
		taskdiag_result_add(&mine, buf, r, 77, TASK_DIAG_SHOW_BASE);
	child = fork();
	if (child == 0) {
		/* Reads whole answers' worth too, then sends its tasks' pids. */
		taskdiag_result_init(&theirs);
		while ((r = read(fd, buf, 512)) > 0)
			taskdiag_result_add(&theirs, buf, r, 77, TASK_DIAG_SHOW_BASE);
		for (size_t i = 0; i < theirs.n; i++)
			if (write(p[1], &theirs.tasks[i].msg.pid, 4) != 4)
				_exit(2);
		_exit(theirs.violation[0] || r < 0 ? 1 : 0);
	}
	close(p[1]);
	while ((r = read(fd, buf, 700)) > 0)
		taskdiag_result_add(&mine, buf, r, 77, TASK_DIAG_SHOW_BASE);
	pids = malloc((mine.n + 65536) * sizeof(*pids));
	n = add_pids(pids, 0, &mine);
	while (n < mine.n + 65536 && read(p[0], &pids[n], 4) == 4)
		n++;
	waitpid(child, &status, 0);
	if (mine.violation[0])
		bad = mine.violation;
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		bad = "the child's reads were not whole messages";
	else
		bad = exactly_once(pids, n, why, sizeof(why));
	check(!bad && n > 0, "a child forked mid-answer shares the file: whole messages, each task once%s%s",
	      bad ? ": " : "", bad ? bad : "");
	free(pids);
	free(buf);
	taskdiag_result_free(&mine);
	close(p[0]);
	close(fd);
}

/* A thread of the kill test's crowd: a page of stack, asleep for good. */
static int crowd_thread(void *arg)
{
	(void)arg;
	for (;;)
		syscall(SYS_pause);
	return 0;
}

static void write_sysctl(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(value, f);
		fclose(f);
	}
}

/*
 * -k TASKS: a dump over TASKS tasks, read 1 MiB at a time by a child, is
 * interrupted by SIGKILL: the child must be gone within 100 ms of the
 * signal, five times over.
 */
static int kill_test(long want)
{
	const long per_proc = 1000;
	long procs = (want + per_proc - 1) / per_proc, made = 0;
	double full, worst = 0, t;
	struct taskdiag_result res;
	int ready[2], fd;
	pid_t *crowd = calloc(procs, sizeof(pid_t));

	write_sysctl("/proc/sys/kernel/pid_max", "4194304");
	write_sysctl("/proc/sys/kernel/threads-max", "4194304");
	if (pipe(ready) || !crowd)
		return 2;
	for (long i = 0; i < procs; i++) {
		crowd[i] = fork();
		if (crowd[i] == 0) {
			long n = 1;

			for (; n < per_proc; n++) {
				char *stack = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
						   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

				if (stack == MAP_FAILED ||
				    clone(crowd_thread, stack + 4096, CLONE_VM | CLONE_FS | CLONE_FILES |
					  CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, NULL) < 0)
					break;
			}
			if (write(ready[1], &n, sizeof(n)) != sizeof(n))
				_exit(1);
			for (;;)
				pause();
		}
	}
	for (long i = 0; i < procs; i++) {
		long n;

		if (read(ready[0], &n, sizeof(n)) != sizeof(n))
			return 2;
		made += n;
	}
	check(made >= want, "kill: %ld tasks made in %ld processes", made, procs);

	fd = open(TASKDIAG_PATH, O_RDWR);
	t = now();
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT |
		TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ALL_THREAD, 0, 1 << 20, &res);
	full = now() - t;
	check(!res.violation[0] && res.done && (long)res.n >= made,
	      "kill: a whole dump of %zu tasks, 1 MiB reads, takes %.0f ms", res.n, full * 1000);
	taskdiag_result_free(&res);
	close(fd);

	for (int round = 0; round < 5; round++) {
		int go[2];
		pid_t child;
		char c;

		if (pipe(go))
			return 2;
		child = fork();
		if (child == 0) {
			char *buf = malloc(1 << 20);

			fd = open(TASKDIAG_PATH, O_RDWR);
			taskdiag_request(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT |
				   TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ALL_THREAD, 0, 1);
			if (write(go[1], "", 1) != 1)
				_exit(1);
			for (;;)
				if (read(fd, buf, 1 << 20) <= 0)
					break;
			_exit(3);	/* the whole dump ended before the signal */
		}
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			return 2;
		close(go[0]);
		/* Somewhere in the dump, which takes far longer. */
		usleep(20000 + 30000 * round);
		t = now();
		kill(child, SIGKILL);
		int status;

		waitpid(child, &status, 0);
		t = now() - t;
		if (!WIFSIGNALED(status)) {
			check(0, "kill: round %d: the dump ended before the signal", round);
			continue;
		}
		if (t > worst)
			worst = t;
	}
	check(worst <= 0.100, "kill: SIGKILL during a dump: the reader is gone within %.1f ms at worst of 5 (bound 100 ms; the whole dump takes %.0f ms)",
	      worst * 1000, full * 1000);
	for (long i = 0; i < procs; i++)
		kill(crowd[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	free(crowd);
	return failures ? 1 : 0;
}

/* -u: readers dump in a loop while the module is removed under them. */
struct unloader {
	pthread_t thread;
	unsigned long answers;
	int last_errno;
	char failure[300];
};

static atomic_int stop_readers;

static void *unload_reader(void *arg)
{
	struct unloader *u = arg;
	uint32_t seq = 0;

	while (!stop_readers) {
		struct taskdiag_result res;
		int fd = open(TASKDIAG_PATH, O_RDWR), err;

		if (fd < 0) {
			u->last_errno = errno;
			break;
		}
		for (int k = 0; k < 20; k++) {
			err = taskdiag_request(fd, TASKDIAG_SHOW_ALL, TASK_DIAG_DUMP_ALL_THREAD, 0, ++seq);
			if (err) {
				u->last_errno = -err;
				break;
			}
			taskdiag_collect(fd, 4096 << (seq % 3), seq, TASKDIAG_SHOW_ALL, &res);
			if (res.violation[0])
				snprintf(u->failure, sizeof(u->failure), "%s", res.violation);
			u->last_errno = res.read_errno;
			u->answers += res.done;
			taskdiag_result_free(&res);
			if (u->last_errno || u->failure[0])
				break;
		}
		close(fd);
		if (u->last_errno || u->failure[0])
			break;
	}
	return NULL;
}

static int unload_test(void)
{
	struct unloader u[4] = {};
	int st, ok = 1;
	char why[400] = "";

	for (int i = 0; i < 4; i++)
		pthread_create(&u[i].thread, NULL, unload_reader, &u[i]);
	usleep(1500000);
	st = system("rmmod task_diag");
	check(st == 0, "unload: rmmod while 4 readers dump in a loop succeeds (procfs waits for the calls under way)");
	usleep(200000);
	stop_readers = 1;
	for (int i = 0; i < 4; i++) {
		pthread_join(u[i].thread, NULL);
		if (u[i].failure[0] || (u[i].last_errno != EIO && u[i].last_errno != ENOENT)) {
			ok = 0;
			snprintf(why, sizeof(why), "reader %d after %lu answers: %s (last error: %s)", i,
				 u[i].answers, u[i].failure[0] ? u[i].failure : "no violation",
				 strerror(u[i].last_errno));
		}
	}
	check(ok, "unload: every reader saw whole answers, then EIO on its open file or ENOENT on open (%lu, %lu, %lu, %lu answers)%s%s",
	      u[0].answers, u[1].answers, u[2].answers, u[3].answers, ok ? "" : ": ", why);
	check(access(TASKDIAG_PATH, F_OK) < 0 && errno == ENOENT && access("/sys/module/task_diag", F_OK) < 0,
	      "unload: /proc/task_diag and the module are gone");
	return failures ? 1 : 0;
}

static int tid_pipe;

static void *sleeper_thread(void *arg)
{
	uint32_t tid = syscall(SYS_gettid);

	(void)arg;
	if (write(tid_pipe, &tid, sizeof(tid)) != sizeof(tid))
		_exit(1);
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	struct reader r[MAX_READERS] = {};
	int seconds = 60, readers = 4, opt, p[2], status;
	unsigned long dumps = 0, tasks = 0;
	pid_t sleepers[SLEEPERS], churner[CHURNERS];
	struct counts *c;
	double t0, took;

	long kill_tasks = 0;

	while ((opt = getopt(argc, argv, "t:r:k:uh")) != -1) {
		switch (opt) {
		case 't': seconds = atoi(optarg); break;
		case 'r': readers = atoi(optarg); break;
		case 'k': kill_tasks = atol(optarg); break;
		case 'u':
			arm_watchdog(300);
			return unload_test();
		default:
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: churn [-t SECONDS] [-r READERS] | churn -k TASKS | churn -u\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (kill_tasks) {
		arm_watchdog(600);
		return kill_test(kill_tasks);
	}
	if (seconds < 1 || readers < 1 || readers > MAX_READERS)
		return 2;
	arm_watchdog(seconds + 180);

	/* The sleepers: every thread sends its id, then sleeps. */
	if (pipe(p))
		return 2;
	tid_pipe = p[1];
	for (int i = 0; i < SLEEPERS; i++) {
		sleepers[i] = fork();
		if (sleepers[i] == 0) {
			pthread_t t;

			for (int j = 1; j < SLEEPER_THREADS; j++)
				pthread_create(&t, NULL, sleeper_thread, NULL);
			sleeper_thread(NULL);
		}
	}
	for (int i = 0; i < SLEEPERS * SLEEPER_THREADS; i++) {
		uint32_t tid;

		if (read(p[0], &tid, sizeof(tid)) != sizeof(tid))
			return 2;
		add_stable(tid);
	}
	add_stable(getpid());

	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return 2;
	memset(c, 0, sizeof(*c));
	t0 = now();
	deadline = t0 + seconds;
	for (int i = 0; i < CHURNERS; i++) {
		churner[i] = fork();
		if (churner[i] == 0) {
			if (i)
				fork_storm(c);
			else
				churn(c);
			_exit(0);
		}
	}
	for (int i = 0; i < readers; i++)
		pthread_create(&r[i].thread, NULL, reader, &r[i]);
	for (int i = 0; i < readers; i++) {
		pthread_join(r[i].thread, NULL);
		dumps += r[i].dumps;
		tasks += r[i].tasks;
	}
	status = 0;
	for (int i = 0; i < CHURNERS; i++) {
		int st;

		waitpid(churner[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			status = st;
	}
	took = now() - t0;
	for (int i = 0; i < readers; i++)
		check(!r[i].failure[0], "churn: reader %d: %lu answers, every one well-formed, no task twice, the %d long-lived tasks once each%s%s",
		      i, r[i].dumps, nstable, r[i].failure[0] ? ": " : "", r[i].failure);
	check(WIFEXITED(status) && !WEXITSTATUS(status) && c->forks > 0 && dumps > 0,
	      "churn: %d readers made %lu answers (%.0f tasks each) in %.0f s while %.0f forks/s (%lu in all; %lu execs, %lu uid changes), %.0f threads/s, %.0f mmap/mprotect/munmap rounds/s",
	      readers, dumps, dumps ? (double)tasks / dumps : 0.0, took, c->forks / took,
	      (unsigned long)c->forks, (unsigned long)c->execs, (unsigned long)c->uid_changes,
	      c->threads / took, c->maps / took);

	shared_file();
	forked_file();
	for (int i = 0; i < SLEEPERS; i++)
		kill(sleepers[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return failures ? 1 : 0;
}
