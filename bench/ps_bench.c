// SPDX-License-Identifier: GPL-2.0
/*
 * ps_bench: list pid, ppid, pgid and comm of every process, through
 * /proc/PID/stat (open, read, close per process, as ps does) and through
 * /proc/task_diag (one write, a few reads), side by side in one run.
 *
 * usage: ps_bench [N [RUNS]]   spawns N sleeping processes first (default 10000, 5 runs)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "bench.h"

struct row {
	unsigned int pid, ppid, pgid;
	char comm[16];
};

struct table {
	struct row *rows;
	size_t n, cap;
};

static struct row *add(struct table *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->rows = realloc(t->rows, t->cap * sizeof(*t->rows));
		if (!t->rows)
			abort();
	}
	return &t->rows[t->n++];
}

/* The procfs way: readdir /proc, then open/read/close /proc/PID/stat for each. */
static void via_procfs(struct table *t)
{
	char path[300], buf[1024];
	struct dirent *de;
	DIR *d = opendir("/proc");

	t->n = 0;
	while ((de = readdir(d))) {
		struct row *r;
		char *open_p, *close_p;
		ssize_t n;
		int fd;

		if (!isdigit(de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = 0;
		open_p = strchr(buf, '(');
		close_p = strrchr(buf, ')');
		if (!open_p || !close_p)
			continue;
		r = add(t);
		r->pid = strtoul(buf, NULL, 10);
		memset(r->comm, 0, sizeof(r->comm));
		memcpy(r->comm, open_p + 1, close_p - open_p - 1 < 15 ? close_p - open_p - 1 : 15);
		sscanf(close_p + 2, "%*c %u %u", &r->ppid, &r->pgid);
	}
	closedir(d);
}

/* The task_diag way: one request for BASE of every process, read in 1 MiB pieces. */
static void via_task_diag(struct table *t, char *buf, size_t bufsize, int *reads)
{
	int fd = bench_request_all(TASK_DIAG_SHOW_BASE);
	ssize_t n;

	t->n = 0;
	*reads = 0;
	while ((n = read(fd, buf, bufsize)) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		int left = n;

		(*reads)++;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct nlattr *a;
			struct task_diag_base *b;
			struct row *r;

			if (h->nlmsg_type != TASK_DIAG_CMD_GET)
				continue;
			a = (struct nlattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct task_diag_msg)));
			if (a->nla_type != TASK_DIAG_BASE)
				continue;
			b = (struct task_diag_base *)(a + 1);
			r = add(t);
			r->pid = b->pid;
			r->ppid = b->ppid;
			r->pgid = b->pgid;
			memcpy(r->comm, b->comm, sizeof(r->comm));
		}
	}
	if (n < 0) {
		perror("read task_diag");
		exit(1);
	}
	close(fd);
}

static int by_pid(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Both ways must describe the same processes. */
static int same(struct table *a, struct table *b)
{
	qsort(a->rows, a->n, sizeof(struct row), by_pid);
	qsort(b->rows, b->n, sizeof(struct row), by_pid);
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->rows[i].pid != b->rows[i].pid || a->rows[i].ppid != b->rows[i].ppid ||
		    a->rows[i].pgid != b->rows[i].pgid ||
		    strncmp(a->rows[i].comm, b->rows[i].comm, strlen(b->rows[i].comm)))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, runs = argc > 2 ? atoi(argv[2]) : 5;
	struct table tp = { 0 }, td = { 0 };
	double t_proc[64], t_diag[64], t0;
	size_t bufsize = 1 << 20;
	char *buf = malloc(bufsize);
	int reads = 0;
	pid_t *kids;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: %s [N [RUNS]]\nSpawns N sleeping processes, then times listing pid, ppid,\n"
		       "pgid and comm of every process through /proc/PID/stat and through\n"
		       "/proc/task_diag, RUNS times each, alternating, after a warm-up.\n", argv[0]);
		return 0;
	}
	if (runs < 1 || runs > 64)
		runs = 5;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	kids = calloc(n > 0 ? n : 1, sizeof(*kids));
	t0 = bench_now();
	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0) {
			for (;;)
				pause();
		}
		if (p < 0) {
			fprintf(stderr, "fork %d: %s\n", i, strerror(errno));
			n = i;
			break;
		}
		kids[i] = p;
	}
	printf("# spawned %d processes in %.1fs\n", n, bench_now() - t0);

	via_procfs(&tp);
	via_task_diag(&td, buf, bufsize, &reads);
	if (!same(&tp, &td)) {
		printf("# the two ways disagree: %zu processes vs %zu\n", tp.n, td.n);
		return 1;
	}
	for (int r = 0; r < runs; r++) {
		t0 = bench_now();
		via_procfs(&tp);
		t_proc[r] = bench_now() - t0;
		t0 = bench_now();
		via_task_diag(&td, buf, bufsize, &reads);
		t_diag[r] = bench_now() - t0;
		if (tp.n != td.n)
			printf("# run %d: %zu vs %zu processes\n", r, tp.n, td.n);
	}
	qsort(t_proc, runs, sizeof(double), bench_by_double);
	qsort(t_diag, runs, sizeof(double), bench_by_double);
	printf("| method | processes | median s | min s | max s | reads |\n|---|---|---|---|---|---|\n");
	printf("| /proc/PID/stat | %zu | %.4f | %.4f | %.4f | %zu |\n", tp.n, t_proc[runs / 2],
	       t_proc[0], t_proc[runs - 1], tp.n);
	printf("| task_diag BASE, 1 MiB reads | %zu | %.4f | %.4f | %.4f | %d |\n", td.n,
	       t_diag[runs / 2], t_diag[0], t_diag[runs - 1], reads);
	printf("ratio (procfs / task_diag, medians): %.1fx\n", t_proc[runs / 2] / t_diag[runs / 2]);
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}
