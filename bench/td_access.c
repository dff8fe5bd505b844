// SPDX-License-Identifier: GPL-2.0
/*
 * td_access: what asking procfs costs.  Fills the machine with PROCS
 * sleeping processes, USER of them belonging to uid 1000 (dumpable, as a
 * user's programs are), the rest to root, then times the same dump, ALL
 * with BASE and VMA, as root (procfs asked about every process) and as
 * uid 1000 (asked about its own only, the others refused unasked), side by
 * side, RUNS rounds alternating the two; and, in the same rounds, what
 * procfs gives each of them: PID/stat and PID/maps of every process.
 * Prints medians and their ratios.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>
#include "decode.h"

#define UID	1000

static char buf[1 << 20];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* One dump; counts the tasks and those with maps. */
static double dump(long *tasks, long *maps)
{
	double t = now();
	int fd = open(TASKDIAG_PATH, O_RDWR);
	ssize_t n;

	if (fd < 0 || taskdiag_request(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA,
					TASK_DIAG_DUMP_ALL, 0, 1))
		die("task_diag");
	*tasks = *maps = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		int left = n;

		for (struct nlmsghdr *h = (void *)buf; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct task_diag_msg *m = NLMSG_DATA(h);
			const struct nlattr *a;

			if (h->nlmsg_type != TASK_DIAG_CMD_GET || (m->flags & TASK_DIAG_FLAG_CONT))
				continue;
			++*tasks;
			taskdiag_for_each_attr(a, h)
				*maps += a->nla_type == TASK_DIAG_VMA;
		}
	}
	if (n < 0)
		die("read");
	close(fd);
	return now() - t;
}

/* Bytes of a procfs file, or -1 where it cannot be opened. */
static long slurp(int dir, const char *name)
{
	int fd = openat(dir, name, O_RDONLY);
	long total = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	return n < 0 ? -1 : total;
}

/* What procfs gives for the same: stat and maps of every process. */
static double procfs(long *tasks, long *maps)
{
	double t = now();
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		die("/proc");
	*tasks = *maps = 0;
	while ((e = readdir(d))) {
		int dir;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		dir = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY);
		if (dir < 0)
			continue;
		if (slurp(dir, "stat") > 0) {
			++*tasks;
			*maps += slurp(dir, "maps") > 0;
		}
		close(dir);
	}
	closedir(d);
	return now() - t;
}

/* @fn as uid 1000, in a child: its time through a pipe. */
static double as_user(double (*fn)(long *, long *), long *tasks, long *maps)
{
	double r[3];
	int p[2];
	pid_t pid;

	if (pipe(p))
		die("pipe");
	pid = fork();
	if (pid == 0) {
		long t, m;

		if (setresgid(UID, UID, UID) || setresuid(UID, UID, UID))
			die("setresuid");
		r[0] = fn(&t, &m);
		r[1] = t;
		r[2] = m;
		if (write(p[1], r, sizeof(r)) != sizeof(r))
			_exit(1);
		_exit(0);
	}
	if (read(p[0], r, sizeof(r)) != sizeof(r))
		die("child");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	*tasks = r[1];
	*maps = r[2];
	return r[0];
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void usage(int rc)
{
	printf("usage: td_access [-p PROCS] [-u USER] [-r RUNS]\n"
	       "  -p PROCS  sleeping processes to make (default 50000)\n"
	       "  -u USER   of them uid %d's (default 1000)\n"
	       "  -r RUNS   timed rounds (default 5)\n", UID);
	exit(rc);
}

int main(int argc, char **argv)
{
	static const char *const what[4] = {
		"task_diag ALL, BASE|VMA, as root:", "task_diag ALL, BASE|VMA, as uid 1000:",
		"procfs PID/stat and PID/maps, as root:", "procfs PID/stat and PID/maps, as uid 1000:",
	};
	long procs = 50000, user = 1000, runs = 5, n[4][2];
	double *t[4];
	pid_t *kids;
	int o, ready[2];
	char c;

	while ((o = getopt(argc, argv, "p:u:r:h")) != -1) {
		switch (o) {
		case 'p': procs = atol(optarg); break;
		case 'u': user = atol(optarg); break;
		case 'r': runs = atol(optarg); break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (user > procs || runs < 1)
		usage(2);
	kids = calloc(procs, sizeof(*kids));
	if (!kids || pipe(ready))
		die("pipe");
	for (long i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		kids[i] = pid;
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (i < user) {
				if (setresgid(UID, UID, UID) || setresuid(UID, UID, UID))
					_exit(1);
				prctl(PR_SET_DUMPABLE, 1);
			}
			if (write(ready[1], "", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
	}
	for (long i = 0; i < procs; i++)
		if (read(ready[0], &c, 1) != 1)
			die("ready");
	for (int i = 0; i < 4; i++) {
		t[i] = calloc(runs, sizeof(**t));
		if (!t[i])
			die("calloc");
	}
	/* Warm-up: procfs's dentries. */
	dump(&n[0][0], &n[0][1]);
	as_user(dump, &n[1][0], &n[1][1]);
	procfs(&n[2][0], &n[2][1]);
	as_user(procfs, &n[3][0], &n[3][1]);
	for (long r = 0; r < runs; r++) {
		t[0][r] = dump(&n[0][0], &n[0][1]);
		t[1][r] = as_user(dump, &n[1][0], &n[1][1]);
		t[2][r] = procfs(&n[2][0], &n[2][1]);
		t[3][r] = as_user(procfs, &n[3][0], &n[3][1]);
	}
	printf("td_access: %ld processes, %ld of uid %d; median of %ld rounds, one VM\n",
	       procs, user, UID, runs);
	for (int i = 0; i < 4; i++) {
		qsort(t[i], runs, sizeof(*t[i]), cmp);
		printf("  %-42s %8.4f s (min %.4f, max %.4f), %ld tasks, %ld with maps\n", what[i],
		       t[i][runs / 2], t[i][0], t[i][runs - 1], n[i][0], n[i][1]);
	}
	printf("  uid %d's task_diag dump takes %.2fx root's\n", UID,
	       t[1][runs / 2] / t[0][runs / 2]);
	printf("  procfs takes %.1fx task_diag's time as root, %.1fx as uid %d\n",
	       t[2][runs / 2] / t[0][runs / 2], t[3][runs / 2] / t[1][runs / 2], UID);
	/* For bench/report.py: the four medians, then the tasks each saw. */
	printf("@access\t%ld\t%ld\t%.6f\t%.6f\t%.6f\t%.6f\t%ld\t%ld\n", procs, user,
	       t[0][runs / 2], t[1][runs / 2], t[2][runs / 2], t[3][runs / 2], n[0][0], n[1][0]);
	for (long i = 0; i < procs; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}
