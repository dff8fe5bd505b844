// SPDX-License-Identifier: GPL-2.0
/*
 * td_ps: task-diag-ps against procps's ps, whole tools, side by side in one
 * VM: PROCS sleeping processes, then each ps run RUNS times in turn with
 * its output to a file, timed; the outputs compared line by line.
 * usage: td_ps PROCS RUNS PS TASK_DIAG_PS ARGS...
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "spawn.h"

#define RUNS_MAX	20

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The pids of this program and of the last run of each ps, whose lines are dropped. */
static pid_t own[3];

/* One run of @argv with its output into @out: seconds of wall time. */
static double run(char **argv, const char *out, int w)
{
	double t0 = now();
	int st;
	pid_t p = fork();

	if (p < 0) {
		perror("fork");
		exit(2);
	}
	if (p == 0) {
		if (!freopen(out, "w", stdout))
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	own[1 + w] = p;
	waitpid(p, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "%s exited with %d\n", argv[0], st);
		exit(2);
	}
	return now() - t0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The @col'th blank-separated word of @line, NULL if it has fewer. */
static const char *word(const char *line, int col)
{
	const char *p = line + strspn(line, " ");

	for (int i = 0; i < col && *p; i++) {
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	return *p && *p != '\n' ? p : NULL;
}

/* The @col'th word of @line as a number, -1 if none. */
static long field(const char *line, int col)
{
	const char *w = word(line, col);

	return w ? strtol(w, NULL, 10) : -1;
}

/* The lines of @path, those of this program and of the two ps dropped (by PID). */
static char **lines(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, **v = NULL;
	size_t cap = 0, len = 0;
	int col = -1;

	*n = 0;
	if (!f)
		return NULL;
	while (getline(&line, &cap, f) > 0) {
		if (col < 0) {
			/* The header: PID's column, the first if none is PID. */
			const char *w;

			for (col = 0; (w = word(line, col)); col++)
				if (!strncmp(w, "PID", 3) && (w[3] == ' ' || w[3] == '\n'))
					break;
			if (!w)
				col = 0;
		} else {
			long pid = field(line, col);

			if (pid == own[0] || pid == own[1] || pid == own[2])
				continue;
		}
		if (*n == len) {
			len = len ? len * 2 : 65536;
			v = realloc(v, len * sizeof(*v));
			if (!v)
				exit(2);
		}
		v[(*n)++] = strdup(line);
	}
	free(line);
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	double t[2][RUNS_MAX];
	char **procps_argv, **td_argv, **a, **b;
	int procs, runs, nargs;
	pid_t *kids;
	size_t na, nb, differ = 0;

	if (argc < 5 || (procs = atoi(argv[1])) < 1 || (runs = atoi(argv[2])) < 1 ||
	    runs > RUNS_MAX) {
		fprintf(stderr, "usage: %s PROCS RUNS PS TASK_DIAG_PS ARGS...\n", argv[0]);
		return 2;
	}
	nargs = argc - 5;
	procps_argv = calloc(nargs + 2, sizeof(char *));
	td_argv = calloc(nargs + 2, sizeof(char *));
	if (!procps_argv || !td_argv)
		return 2;
	/* Its own process group, which it ends at the end. */
	setpgid(0, 0);
	own[0] = getpid();
	procps_argv[0] = argv[3];
	td_argv[0] = argv[4];
	for (int i = 0; i < nargs; i++)
		procps_argv[i + 1] = td_argv[i + 1] = argv[5 + i];
	kids = calloc(procs, sizeof(*kids));
	if (!kids) {
		perror("calloc");
		return 2;
	}
	spawn_sleepers(kids, 0, procs, 1, 64 << 10);
	sleep(2);
	/* In turn, the first one each time the other, so that neither is always warm. */
	for (int r = 0; r < runs; r++)
		for (int k = 0; k < 2; k++) {
			int w = (r + k) % 2;

			t[w][r] = run(w ? td_argv : procps_argv, w ? "/tmp/td.out" : "/tmp/procps.out", w);
			printf("@run\t%d\t%s\t%.4f\n", r, w ? "task-diag-ps" : "procps-ps", t[w][r]);
			fflush(stdout);
		}
	qsort(t[0], runs, sizeof(double), cmp);
	qsort(t[1], runs, sizeof(double), cmp);
	a = lines("/tmp/procps.out", &na);
	b = lines("/tmp/td.out", &nb);
	for (size_t i = 0; i < na && i < nb; i++)
		if (strcmp(a[i], b[i])) {
			if (differ++ < 5)
				printf("# procps: %s# ours:   %s", a[i], b[i]);
		}
	printf("@ps.tsv\tprocs=%d\truns=%d\tprocps=%.4f\ttask-diag-ps=%.4f\tratio=%.1f\tlines=%zu/%zu\tdiffer=%zu\n",
	       procs, runs, t[0][runs / 2], t[1][runs / 2], t[0][runs / 2] / t[1][runs / 2], na, nb,
	       differ + (na > nb ? na - nb : nb - na));
	/* For bench/report.py: the same with the arguments (the line above is bench/ps.sh's). */
	printf("@ps\t");
	for (int i = 0; i < nargs; i++)
		printf("%s%s", i ? " " : "", argv[5 + i]);
	printf("\t%d\t%d\t%.4f\t%.4f\t%zu\t%zu\t%zu\n", procs, runs, t[0][runs / 2],
	       t[1][runs / 2], na, nb, differ + (na > nb ? na - nb : nb - na));
	signal(SIGTERM, SIG_IGN);
	kill(0, SIGTERM);
	return 0;
}
