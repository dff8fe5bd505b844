// SPDX-License-Identifier: GPL-2.0
/*
 * td_load: task_diag under load and at scale, in one VM run (bench/run.sh).
 *
 *   conc   two readers dumping at once, each its own file, against one:
 *          tasks read per second, summed over the readers (BASE, then VMA).
 *   fork   what dumps cost everyone else: the latency of fork() + _exit()
 *          + waitpid() in a process forking in a loop, idle, then while one
 *          reader dumps without pause (BASE, then VMA|VMA_STAT), median and
 *          99th percentile.
 *   top    a top-like refresh once a second: every process's BASE, STAT
 *          and MEM, against what top reads of procfs (the directory's owner,
 *          stat, statm): CPU time spent.
 *   perf   perf's start-up: every thread's ids and its process's maps, 10,000
 *          processes of 5 threads, against the status of every thread and
 *          the maps of every process, as perf reads them to synthesize its
 *          events.
 *   scale  per-task time of a BASE dump (ALL_THREAD) and per-mapping time
 *          of a VMA dump (ALL) with SMALL tasks, then with LARGE: processes
 *          of 100 threads each, so that memory stays in bounds.
 *
 *   td_load -h for the options.
 *
 * Results as "@" lines for bench/report.py, and a line for people each.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>
#include "decode.h"
#include "spawn.h"

#define READ_SIZE	(1 << 20)
#define THREADS		100	/* per process, for scale */
#define FORKS_MAX	200000	/* latencies kept per condition */

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), by_double);
	return v[n / 2];
}

/* What a pass gathered: enough to compare two ways, and for nothing to be optimized away. */
struct tally {
	long tasks, vmas;
	uint64_t sum;
};

/* One message's share of @t: its task, its maps, and BASE's, STAT's and MEM's figures. */
static void tally_msg(struct nlmsghdr *h, struct tally *t)
{
	const struct task_diag_msg *m = NLMSG_DATA(h);
	const struct nlattr *a;

	if (!(m->flags & TASK_DIAG_FLAG_CONT)) {
		t->tasks++;
		t->sum += m->tgid;
	}
	taskdiag_for_each_attr(a, h) {
		const void *p = taskdiag_attr_data(a);
		struct task_diag_base b = { 0 };
		struct task_diag_stat st = { 0 };
		struct task_diag_mem mem = { 0 };
		size_t len = taskdiag_attr_len(a);
		struct task_diag_vma *v;

		switch (a->nla_type) {
		case TASK_DIAG_BASE:
			memcpy(&b, p, len < sizeof(b) ? len : sizeof(b));
			t->sum += b.ppid;
			break;
		case TASK_DIAG_STAT:
			memcpy(&st, p, len < sizeof(st) ? len : sizeof(st));
			t->sum += st.utime + st.stime;
			break;
		case TASK_DIAG_MEM:
			memcpy(&mem, p, len < sizeof(mem) ? len : sizeof(mem));
			t->sum += mem.vm_size + mem.vm_rss;
			break;
		case TASK_DIAG_VMA:
			task_diag_for_each_vma(v, (struct nlattr *)a) {
				t->vmas++;
				t->sum += v->start;
			}
			break;
		}
	}
}

/* One dump into @buf: the number of tasks it gave (continued messages not counted). */
static long dump_tally(char *buf, uint64_t show, uint64_t strategy, struct tally *t)
{
	int fd = open(TASKDIAG_PATH, O_RDWR);
	long tasks = 0;
	ssize_t n;

	if (fd < 0 || taskdiag_request(fd, show, strategy, 0, 1))
		die(TASKDIAG_PATH);
	while ((n = read(fd, buf, READ_SIZE)) > 0) {
		int left = n;

		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			const struct task_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type != TASK_DIAG_CMD_GET)
				continue;
			tasks += !(m->flags & TASK_DIAG_FLAG_CONT);
			if (t)
				tally_msg(h, t);
		}
	}
	if (n < 0)
		die("read " TASKDIAG_PATH);
	close(fd);
	return tasks;
}

static long dump(char *buf, uint64_t show, uint64_t strategy)
{
	return dump_tally(buf, show, strategy, NULL);
}

/* A thread that dumps: @rounds dumps, or until @stop is set where @rounds is 0. */
struct reader {
	pthread_t thread;
	uint64_t show, strategy;
	int rounds;
	atomic_int *stop;
	pthread_barrier_t *start;
	long tasks;		/* over all its dumps */
	char *buf;
};

static void *reader(void *arg)
{
	struct reader *r = arg;

	if (r->start)
		pthread_barrier_wait(r->start);
	r->tasks = 0;
	for (int i = 0; r->rounds ? i < r->rounds : !atomic_load(r->stop); i++)
		r->tasks += dump(r->buf, r->show, r->strategy);
	return NULL;
}

static void reader_init(struct reader *r, uint64_t show, uint64_t strategy)
{
	memset(r, 0, sizeof(*r));
	r->show = show;
	r->strategy = strategy;
	r->buf = malloc(READ_SIZE);
	if (!r->buf)
		die("malloc");
}

static void reap(pid_t *kids, long n)
{
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
}

static const struct what {
	const char *name;
	uint64_t show, strategy;
} base = { "BASE", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL },
  vma = { "VMA", TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL },
  smaps = { "VMA|VMA_STAT", TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ALL },
  threads = { "BASE, ALL_THREAD", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL_THREAD };

/*
 * Two readers against one: each round, one reader's @dumps dumps, then two
 * readers' @dumps each at once; tasks per second of wall time, medians.
 */
static void conc(const struct what *w, int runs, int dumps)
{
	double one[100], two[100], ratio[100];
	struct reader r[2];
	pthread_barrier_t start;

	reader_init(&r[0], w->show, w->strategy);
	reader_init(&r[1], w->show, w->strategy);
	r[0].rounds = r[1].rounds = dumps;
	dump(r[0].buf, w->show, w->strategy);	/* warm-up */
	for (int i = 0; i < runs; i++) {
		double t0 = now();

		r[0].start = NULL;
		reader(&r[0]);
		one[i] = r[0].tasks / (now() - t0);
		pthread_barrier_init(&start, NULL, 3);
		r[0].start = r[1].start = &start;
		for (int k = 0; k < 2; k++)
			if (pthread_create(&r[k].thread, NULL, reader, &r[k]))
				die("pthread_create");
		pthread_barrier_wait(&start);
		t0 = now();
		for (int k = 0; k < 2; k++)
			pthread_join(r[k].thread, NULL);
		two[i] = (r[0].tasks + r[1].tasks) / (now() - t0);
		pthread_barrier_destroy(&start);
		ratio[i] = two[i] / one[i];
	}
	printf("# conc %s: one reader %.0f tasks/s, two %.0f tasks/s: %.2fx\n", w->name,
	       median(one, runs), median(two, runs), median(ratio, runs));
	printf("@conc\t%s\t%.1f\t%.1f\t%.3f\n", w->name, median(one, runs), median(two, runs),
	       median(ratio, runs));
	free(r[0].buf);
	free(r[1].buf);
}

/*
 * A process forking for @seconds, each fork()'s child exiting at once:
 * the latency of each fork() + waitpid(), into @lat (shared); how many.
 */
static long forker(double *lat, double seconds)
{
	long *n = (long *)(lat + FORKS_MAX);
	pid_t p = fork();

	if (p < 0)
		die("fork");
	if (p == 0) {
		double end = now() + seconds;

		for (*n = 0; *n < FORKS_MAX && now() < end; ++*n) {
			double t0 = now();
			pid_t c = fork();

			if (c < 0)
				_exit(1);
			if (c == 0)
				_exit(0);
			waitpid(c, NULL, 0);
			lat[*n] = now() - t0;
		}
		_exit(0);
	}
	waitpid(p, NULL, 0);
	return *n;
}

/* fork latency (@name), idle or while @w dumps run without pause. */
static void fork_latency(const char *name, const struct what *w, double seconds)
{
	static double *lat;
	atomic_int stop = 0;
	struct reader r = { 0 };
	long n;

	if (!lat) {
		lat = mmap(NULL, (FORKS_MAX + 1) * sizeof(double), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (lat == MAP_FAILED)
			die("mmap");
	}
	if (w) {
		reader_init(&r, w->show, w->strategy);
		r.stop = &stop;
		if (pthread_create(&r.thread, NULL, reader, &r))
			die("pthread_create");
	}
	n = forker(lat, seconds);
	if (w) {
		atomic_store(&stop, 1);
		pthread_join(r.thread, NULL);
		free(r.buf);
	}
	if (n < 1) {
		fprintf(stderr, "td_load: the forker made no process\n");
		exit(2);
	}
	qsort(lat, n, sizeof(*lat), by_double);
	printf("# fork+exit+wait, %s: %ld forks, median %.1f us, p99 %.1f us", name, n,
	       lat[n / 2] * 1e6, lat[n * 99 / 100] * 1e6);
	if (w)
		printf(", beside dumps that gave %ld tasks", r.tasks);
	printf("\n");
	printf("@fork\t%s\t%ld\t%.3f\t%.3f\n", name, n, lat[n / 2] * 1e6,
	       lat[n * 99 / 100] * 1e6);
}

/*
 * Medians of @runs dumps of @w: seconds per task it gave, or per mapping
 * for maps (the kernel threads, without any, would weigh otherwise), and
 * how many.
 */
static double per_unit(const struct what *w, int runs, long *units)
{
	char *buf = malloc(READ_SIZE);
	double t[100];

	if (!buf)
		die("malloc");
	dump(buf, w->show, w->strategy);	/* warm-up */
	for (int i = 0; i < runs; i++) {
		struct tally tl = { 0 };
		double t0 = now();

		dump_tally(buf, w->show, w->strategy, &tl);
		t[i] = now() - t0;
		*units = w->show & TASK_DIAG_SHOW_VMA ? tl.vmas : tl.tasks;
		t[i] /= *units;
	}
	free(buf);
	return median(t, runs);
}

static void scale(long small, long large, int runs)
{
	long ps = small / THREADS, pl = large / THREADS, n[2][2];
	pid_t *kids = calloc(pl, sizeof(*kids));
	double t[2][2], t0 = now();

	if (!kids || ps < 1 || pl <= ps)
		die("scale");
	spawn_sleepers(kids, 0, ps, THREADS, PTHREAD_STACK_MIN);
	printf("# scale: %ld processes of %d threads made in %.1f s\n", ps, THREADS, now() - t0);
	t[0][0] = per_unit(&threads, runs, &n[0][0]);
	t[0][1] = per_unit(&vma, runs, &n[0][1]);
	t0 = now();
	spawn_sleepers(kids, ps, pl - ps, THREADS, PTHREAD_STACK_MIN);
	printf("# scale: %ld processes of %d threads made in %.1f s\n", pl, THREADS, now() - t0);
	t[1][0] = per_unit(&threads, runs, &n[1][0]);
	t[1][1] = per_unit(&vma, runs, &n[1][1]);
	for (int k = 0; k < 2; k++) {
		const struct what *w = k ? &vma : &threads;
		const char *unit = k ? "mapping" : "task";

		printf("# scale %s: %.4f us per %s of %ld, %.4f us per %s of %ld: %.2fx\n",
		       w->name, t[0][k] * 1e6, unit, n[0][k], t[1][k] * 1e6, unit, n[1][k],
		       t[1][k] / t[0][k]);
		printf("@scale\t%s\t%s\t%ld\t%.5f\t%ld\t%.5f\t%.3f\n", w->name, unit, n[0][k],
		       t[0][k] * 1e6, n[1][k], t[1][k] * 1e6, t[1][k] / t[0][k]);
	}
	reap(kids, pl);
	free(kids);
}

/* A procfs file whole into *@buf (grown as needed): its length, or -1. */
static ssize_t slurp(const char *path, char **buf, size_t *cap)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	for (;;) {
		if (len + 4096 > *cap) {
			*cap = *cap ? *cap * 2 : 1 << 16;
			*buf = realloc(*buf, *cap);
			if (!*buf)
				die("realloc");
		}
		n = read(fd, *buf + len, *cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	if (n < 0)
		return -1;
	(*buf)[len] = 0;
	return len;
}

static int is_pid(const char *name)
{
	return name[0] >= '1' && name[0] <= '9';
}

/*
 * top's refresh through procfs, as procps's library reads what top shows
 * by default: the directory's owner (USER), stat and statm of every process.
 */
static void top_procfs(struct tally *t, char **buf, size_t *cap)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[300];

	if (!d)
		die("/proc");
	while ((e = readdir(d))) {
		unsigned long long f[3] = { 0 };
		struct stat st;
		char *p;

		if (!is_pid(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s", e->d_name);
		if (stat(path, &st))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (slurp(path, buf, cap) < 0 || !(p = strrchr(*buf, ')')))
			continue;
		/* After the name: state, then ppid (4), ..., utime (14), stime (15). */
		p += 2;
		for (int i = 3; i <= 15 && *p; i++) {
			p += strspn(p, " ");
			if (i == 4)
				f[0] = strtoull(p, NULL, 10);
			else if (i >= 14)
				f[i - 13] = strtoull(p, NULL, 10);
			p += strcspn(p, " ");
		}
		t->sum += f[0] + f[1] + f[2] + st.st_uid;
		snprintf(path, sizeof(path), "/proc/%s/statm", e->d_name);
		if (slurp(path, buf, cap) > 0) {
			t->sum += strtoull(*buf, &p, 10);
			t->sum += strtoull(p, &p, 10);
		}
		t->tasks++;
	}
	closedir(d);
}

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A top-like refresh once a second for @seconds: procfs's (top_procfs())
 * and a BASE|STAT|MEM dump each second, in turn first; CPU time of each.
 */
static void top_like(int seconds)
{
	double cpu[2] = { 0, 0 }, start = now();
	char *buf = malloc(READ_SIZE), *text = NULL;
	struct tally t[2];
	size_t cap = 0;

	if (!buf)
		die("malloc");
	for (int i = 0; i < seconds; i++) {
		for (int k = 0; k < 2; k++) {
			int w = (i + k) % 2;
			double c0 = cpu_now();

			memset(&t[w], 0, sizeof(t[w]));
			if (w)
				dump_tally(buf, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_STAT |
					   TASK_DIAG_SHOW_MEM, TASK_DIAG_DUMP_ALL, &t[w]);
			else
				top_procfs(&t[w], &text, &cap);
			cpu[w] += cpu_now() - c0;
		}
		start += 1;
		while (now() < start)
			usleep((start - now()) * 1e6 + 1);
	}
	printf("# top-like refresh, %d s: procfs %.3f s of CPU (%ld tasks), task_diag %.3f s (%ld tasks): %.1fx\n",
	       seconds, cpu[0], t[0].tasks, cpu[1], t[1].tasks, cpu[0] / cpu[1]);
	printf("@top\t%d\t%ld\t%.4f\t%ld\t%.4f\t%.2f\n", seconds, t[0].tasks, cpu[0], t[1].tasks,
	       cpu[1], cpu[0] / cpu[1]);
	free(buf);
	free(text);
}

/*
 * perf's start-up through procfs, as perf synthesizes its events for every
 * task: each thread's status (its name, tgid and ppid), and its process's
 * maps (/proc/PID/task/PID/maps), line by line.
 */
static void perf_procfs(struct tally *t, char **buf, size_t *cap)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[600];

	if (!d)
		die("/proc");
	while ((e = readdir(d))) {
		struct dirent *te;
		DIR *td;

		if (!is_pid(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", e->d_name);
		td = opendir(path);
		if (!td)
			continue;
		while ((te = readdir(td))) {
			const char *l;

			if (!is_pid(te->d_name))
				continue;
			snprintf(path, sizeof(path), "/proc/%s/task/%s/status", e->d_name, te->d_name);
			if (slurp(path, buf, cap) < 0)
				continue;
			t->tasks++;
			if ((l = strstr(*buf, "\nTgid:")))
				t->sum += strtoull(l + 6, NULL, 10);
			if ((l = strstr(*buf, "\nPPid:")))
				t->sum += strtoull(l + 6, NULL, 10);
		}
		closedir(td);
		snprintf(path, sizeof(path), "/proc/%s/task/%s/maps", e->d_name, e->d_name);
		if (slurp(path, buf, cap) <= 0)
			continue;
		for (char *p = *buf; *p; ) {
			t->vmas++;
			t->sum += strtoull(p, &p, 16);
			p = strchr(p, '\n');
			if (!p)
				break;
			p++;
		}
	}
	closedir(d);
}

/* perf's start-up with @procs processes of @threads threads: procfs against BASE|VMA, ALL_THREAD. */
static int perf_startup(long procs, int threads, int runs)
{
	pid_t *kids = calloc(procs, sizeof(*kids));
	char *buf = malloc(READ_SIZE), *text = NULL;
	double t[2][100], t0 = now();
	struct tally a, b;
	size_t cap = 0;
	int tries;

	if (!kids || !buf)
		die("malloc");
	spawn_sleepers(kids, 0, procs, threads, PTHREAD_STACK_MIN);
	printf("# perf: %ld processes of %d threads made in %.1f s\n", procs, threads, now() - t0);
	/* The check, and the warm-up: the same tasks and mappings (kworkers come and go). */
	for (tries = 0; tries < 3; tries++) {
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		perf_procfs(&a, &text, &cap);
		dump_tally(buf, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL_THREAD, &b);
		if (a.tasks == b.tasks && a.vmas == b.vmas)
			break;
	}
	if (tries == 3) {
		printf("# perf: procfs gave %ld tasks and %ld mappings, task_diag %ld and %ld\n",
		       a.tasks, a.vmas, b.tasks, b.vmas);
		printf("@invalid\tload\tperf\t%ld tasks and %ld mappings against %ld and %ld\n",
		       a.tasks, a.vmas, b.tasks, b.vmas);
		reap(kids, procs);
		return 1;
	}
	/* The figures printed are one pass's: each timed pass counts afresh. */
	for (int i = 0; i < runs; i++) {
		double c = now();

		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		perf_procfs(&a, &text, &cap);
		t[0][i] = now() - c;
		c = now();
		dump_tally(buf, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL_THREAD, &b);
		t[1][i] = now() - c;
	}
	printf("# perf start-up: %ld tasks, %ld mappings: procfs %.4f s, task_diag %.4f s: %.1fx\n",
	       b.tasks, b.vmas, median(t[0], runs), median(t[1], runs),
	       median(t[0], runs) / median(t[1], runs));
	printf("@perf\t%ld\t%d\t%ld\t%ld\t%.6f\t%.6f\t%.2f\n", procs, threads, b.tasks, b.vmas,
	       median(t[0], runs), median(t[1], runs), median(t[0], runs) / median(t[1], runs));
	reap(kids, procs);
	free(kids);
	free(buf);
	free(text);
	return 0;
}

static int wanted(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return 1;
	return 0;
}

static void usage(FILE *f, int rc)
{
	fprintf(f, "usage: td_load [-p PROCS] [-r RUNS] [-s SECONDS] [-u SECONDS] [-P PROCS] [-S SMALL]\n"
		"               [-L LARGE] [-m conc,fork,top,perf,scale]\n"
		"  -p PROCS    sleeping processes for conc, fork and top (default 10000)\n"
		"  -r RUNS     rounds, medians taken (default 5)\n"
		"  -s SECONDS  of forking per condition (default 10)\n"
		"  -u SECONDS  of top-like refreshes, one a second (default 30)\n"
		"  -P PROCS    processes of 5 threads for perf (default 10000)\n"
		"  -S SMALL, -L LARGE  tasks for scale, in processes of %d threads\n"
		"              (default 10000 and 200000)\n"
		"  -m          what to measure (default all)\n"
		"Needs root (every process's maps) and task_diag loaded.\n", THREADS);
	exit(rc);
}

int main(int argc, char **argv)
{
	long procs = 10000, perf_procs = 10000, small = 10000, large = 200000;
	const char *only = "conc,fork,top,perf,scale";
	int runs = 5, top_seconds = 30, o, rc = 0;
	double seconds = 10;

	while ((o = getopt(argc, argv, "p:r:s:u:P:S:L:m:h")) != -1) {
		switch (o) {
		case 'p': procs = atol(optarg); break;
		case 'r': runs = atoi(optarg); break;
		case 's': seconds = atof(optarg); break;
		case 'u': top_seconds = atoi(optarg); break;
		case 'P': perf_procs = atol(optarg); break;
		case 'S': small = atol(optarg); break;
		case 'L': large = atol(optarg); break;
		case 'm': only = optarg; break;
		case 'h': usage(stdout, 0); break;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc || procs < 1 || perf_procs < 1 || runs < 1 || runs > 99 ||
	    seconds <= 0 || top_seconds < 1 || small < THREADS || large <= small)
		usage(stderr, 2);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (wanted(only, "conc") || wanted(only, "fork") || wanted(only, "top")) {
		pid_t *kids = calloc(procs, sizeof(*kids));
		double t0 = now();

		if (!kids)
			die("calloc");
		spawn_sleepers(kids, 0, procs, 1, PTHREAD_STACK_MIN);
		printf("# %ld processes made in %.1f s\n", procs, now() - t0);
		if (wanted(only, "conc")) {
			conc(&base, runs, 3);
			conc(&vma, runs, 1);
		}
		if (wanted(only, "fork")) {
			fork_latency("idle", NULL, seconds);
			fork_latency("BASE", &base, seconds);
			fork_latency("VMA|VMA_STAT", &smaps, seconds);
			fork_latency("idle again", NULL, seconds);
		}
		if (wanted(only, "top"))
			top_like(top_seconds);
		reap(kids, procs);
		free(kids);
	}
	if (wanted(only, "perf"))
		rc |= perf_startup(perf_procs, 5, runs);
	if (wanted(only, "scale"))
		scale(small, large, runs);
	return rc;
}
