// SPDX-License-Identifier: GPL-2.0
/*
 * td_groups: what each group costs, and whether a newer module slows the
 * dumps an older one gave.  Forks PROCS sleeping processes, then, RUNS
 * times, loads the old module and the new one in turn (which first
 * alternates), each time timing an ALL dump of BASE after a warm-up, and
 * with the new one also BASE with each of the groups added since.  Prints
 * "@" lines: each run, then medians.  Run in the VM by bench/groups.sh.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "decode.h"
#include "spawn.h"

#define RUNS_MAX	64

static const struct {
	const char *name;
	uint64_t show;
} sets[] = {
	{ "BASE", TASK_DIAG_SHOW_BASE },
	{ "BASE|STAT", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_STAT },
	{ "BASE|SCHED", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_SCHED },
	{ "BASE|MEM", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_MEM },
	{ "BASE|STATUS|GROUPS|NSPID", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_STATUS |
				      TASK_DIAG_SHOW_GROUPS | TASK_DIAG_SHOW_NSPID },
	{ "BASE|CGROUP", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CGROUP },
	{ "BASE|IO", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_IO },
	{ "BASE|NS", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_NS },
};
#define NSETS	(sizeof(sets) / sizeof(sets[0]))

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One ALL dump of @show, timed from open to close; exits on a bad answer. */
static double dump(uint64_t show, size_t *tasks)
{
	struct taskdiag_result res;
	double t0 = now(), t;
	int fd = open(TASKDIAG_PATH, O_RDWR);

	if (fd < 0 || taskdiag_dump(fd, show, TASK_DIAG_DUMP_ALL, 0, 1 << 20, &res) ||
	    !res.done || res.violation[0]) {
		fprintf(stderr, "td_groups: no good answer for %#llx: %s\n",
			(unsigned long long)show, fd < 0 ? "no /proc/task_diag" : res.violation);
		exit(2);
	}
	close(fd);
	t = now() - t0;
	*tasks = res.n;
	taskdiag_result_free(&res);
	return t;
}

static void run(const char *cmd)
{
	if (system(cmd)) {
		fprintf(stderr, "td_groups: %s failed\n", cmd);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	static double base[2][RUNS_MAX], t[NSETS][RUNS_MAX];
	const char *ko[2];
	char cmd[300];
	int procs, runs;
	pid_t *kids;
	size_t n = 0;

	if (argc != 5 || (procs = atoi(argv[1])) < 1 || (runs = atoi(argv[2])) < 1 ||
	    runs > RUNS_MAX) {
		fprintf(stderr, "usage: %s PROCS RUNS OLD.ko NEW.ko\n", argv[0]);
		return 2;
	}
	ko[0] = argv[3];
	ko[1] = argv[4];
	kids = calloc(procs, sizeof(*kids));
	if (!kids) {
		perror("calloc");
		return 2;
	}
	spawn_sleepers(kids, 0, procs, 1, 64 << 10);
	/* Whichever module is loaded goes; none may be. */
	if (system("rmmod task_diag 2>/dev/null") < 0)
		return 2;
	for (int r = 0; r < runs; r++) {
		for (int k = 0; k < 2; k++) {
			int w = (r + k) % 2;

			snprintf(cmd, sizeof(cmd), "insmod %s", ko[w]);
			run(cmd);
			dump(TASK_DIAG_SHOW_BASE, &n);	/* warm-up */
			base[w][r] = dump(TASK_DIAG_SHOW_BASE, &n);
			printf("@run\t%d\t%s\tBASE\t%.4f\t%zu\n", r, w ? "new" : "old", base[w][r], n);
			for (size_t s = 1; w && s < NSETS; s++) {
				t[s][r] = dump(sets[s].show, &n);
				printf("@run\t%d\tnew\t%s\t%.4f\t%zu\n", r, sets[s].name, t[s][r], n);
			}
			run("rmmod task_diag");
		}
	}
	qsort(base[0], runs, sizeof(double), cmp);
	qsort(base[1], runs, sizeof(double), cmp);
	printf("@median\tBASE\told %.4f s\tnew %.4f s\tnew/old %.3f\t%d processes, %d runs\n",
	       base[0][runs / 2], base[1][runs / 2], base[1][runs / 2] / base[0][runs / 2], procs,
	       runs);
	for (size_t s = 1; s < NSETS; s++) {
		qsort(t[s], runs, sizeof(double), cmp);
		printf("@median\t%s\tnew %.4f s\t%.2fx BASE\n", sets[s].name, t[s][runs / 2],
		       t[s][runs / 2] / base[1][runs / 2]);
	}
	return 0;
}
