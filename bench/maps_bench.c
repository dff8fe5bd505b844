// SPDX-License-Identifier: GPL-2.0
/*
 * maps_bench: read the memory maps of every process through /proc/PID/maps
 * and through task_diag VMA, and their page statistics through
 * /proc/PID/smaps and task_diag VMA|VMA_STAT, side by side in one run.
 *
 * usage: maps_bench [N [RUNS]]   spawns N sleeping processes first (default 1000, 5 runs)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "bench.h"

static char buf[1 << 20];

/* Mappings of every process through procfs: lines of maps, or headers of smaps. */
static long via_procfs(const char *file)
{
	struct dirent *de;
	DIR *d = opendir("/proc");
	char path[300];
	long maps = 0;

	while ((de = readdir(d))) {
		ssize_t n;
		int fd;

		if (!isdigit(de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/%s", de->d_name, file);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			for (ssize_t i = 0; i < n; i++)
				if (buf[i] == '\n' && (i + 1 >= n || !isupper(buf[i + 1])))
					maps++;	/* a line that is not a "Field:" of smaps */
		close(fd);
	}
	closedir(d);
	return maps;
}

/* The same through task_diag: records of every process's VMA attributes. */
static long via_task_diag(uint64_t show, int *reads)
{
	int fd = bench_request_all(show);
	long maps = 0;
	ssize_t n;

	*reads = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;
		int left = n;

		(*reads)++;
		for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct nlattr *a;
			struct task_diag_vma *v;

			if (h->nlmsg_type != TASK_DIAG_CMD_GET)
				continue;
			a = (struct nlattr *)((char *)NLMSG_DATA(h) + NLMSG_ALIGN(sizeof(struct task_diag_msg)));
			for (; (char *)a < (char *)h + h->nlmsg_len; a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
				if (a->nla_type != TASK_DIAG_VMA)
					continue;
				task_diag_for_each_vma(v, a)
					maps++;
			}
		}
	}
	close(fd);
	return maps;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, runs = argc > 2 ? atoi(argv[2]) : 5, reads = 0;
	static const struct {
		const char *file, *name;
		uint64_t show;
	} m[2] = {
		{ "maps", "VMA", TASK_DIAG_SHOW_VMA },
		{ "smaps", "VMA|VMA_STAT", TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT },
	};
	double tp[64], td[64], t0;
	pid_t *kids;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: %s [N [RUNS]]\nSpawns N sleeping processes, then times reading every process's\n"
		       "maps and smaps through procfs and through task_diag, RUNS times each.\n", argv[0]);
		return 0;
	}
	if (runs < 1 || runs > 64)
		runs = 5;
	kids = calloc(n > 0 ? n : 1, sizeof(*kids));
	for (int i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
	}
	printf("| workload | procfs median s (min-max) | task_diag median s (min-max) | mappings | task_diag reads | ratio |\n");
	printf("|---|---|---|---|---|---|\n");
	for (int k = 0; k < 2; k++) {
		long a = via_procfs(m[k].file), b = via_task_diag(m[k].show, &reads);

		if (a != b)
			printf("# %s: procfs shows %ld mappings, task_diag %ld (processes came or went?)\n",
			       m[k].file, a, b);
		for (int r = 0; r < runs; r++) {
			t0 = bench_now();
			a = via_procfs(m[k].file);
			tp[r] = bench_now() - t0;
			t0 = bench_now();
			b = via_task_diag(m[k].show, &reads);
			td[r] = bench_now() - t0;
		}
		qsort(tp, runs, sizeof(double), bench_by_double);
		qsort(td, runs, sizeof(double), bench_by_double);
		printf("| /proc/PID/%s vs %s | %.4f (%.4f-%.4f) | %.4f (%.4f-%.4f) | %ld | %d | %.1fx |\n",
		       m[k].file, m[k].name, tp[runs / 2], tp[0], tp[runs - 1], td[runs / 2], td[0],
		       td[runs - 1], b, reads, tp[runs / 2] / td[runs / 2]);
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}
