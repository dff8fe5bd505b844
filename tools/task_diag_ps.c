// SPDX-License-Identifier: GPL-2.0
/* task_diag_ps: a ps-like listing read through /proc/task_diag in a few read() calls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "taskdiag.h"

static void usage(FILE *f, const char *me)
{
	fprintf(f, "usage: %s [-L] [-p PID | -c PID | -t PID] [-f] [-P PROCDIR]\n"
		"List processes through /proc/task_diag.\n"
		"  -L       every thread, not every process\n"
		"  -p PID   only PID\n"
		"  -c PID   the children of PID\n"
		"  -t PID   the threads of PID\n"
		"  -f       add uid and the command line\n"
		"  -P DIR   the procfs mount to use (default /proc)\n"
		"  -h       this help\n", me);
}

int main(int argc, char **argv)
{
	uint64_t strategy = TASK_DIAG_DUMP_ALL, show = TASK_DIAG_SHOW_BASE;
	const char *procdir = "/proc";
	char path[4096];
	struct taskdiag_result res;
	uint32_t pid = 0;
	int opt, full = 0, fd, err;

	while ((opt = getopt(argc, argv, "Lp:c:t:fP:h")) != -1) {
		switch (opt) {
		case 'L': strategy = TASK_DIAG_DUMP_ALL_THREAD; break;
		case 'p': strategy = TASK_DIAG_DUMP_ONE; pid = atoi(optarg); break;
		case 'c': strategy = TASK_DIAG_DUMP_CHILDREN; pid = atoi(optarg); break;
		case 't': strategy = TASK_DIAG_DUMP_THREAD; pid = atoi(optarg); break;
		case 'f': full = 1; break;
		case 'P': procdir = optarg; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (full)
		show |= TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_CMDLINE;
	snprintf(path, sizeof(path), "%s/task_diag", procdir);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s%s\n", argv[0], path, strerror(errno),
			errno == ENOENT ? " (is the task_diag module loaded?)" : "");
		return 1;
	}
	err = taskdiag_dump(fd, show, strategy, pid, 1 << 20, &res);
	if (err || res.read_errno || res.error) {
		fprintf(stderr, "%s: %s\n", argv[0],
			strerror(err ? -err : res.read_errno ? res.read_errno : -res.error));
		return 1;
	}
	printf("%7s %7s %7s %7s %s %s%-16s%s\n", "PID", "PPID", "PGID", "SID", "S",
	       full ? "  UID " : "", "COMM", full ? " CMD" : "");
	for (size_t i = 0; i < res.n; i++) {
		struct taskdiag_task *t = &res.tasks[i];

		printf("%7u %7u %7u %7u %c ", t->base.pid, t->base.ppid, t->base.pgid,
		       t->base.sid, taskdiag_state_char(t->base.state));
		if (full)
			printf("%5u ", t->cred.euid);
		printf("%-16s", t->base.comm);
		if (full) {
			for (size_t j = 0; j + 1 < t->cmdline_len; j++)
				if (!t->cmdline[j])
					t->cmdline[j] = ' ';
			printf(" %.*s", (int)t->cmdline_len, t->cmdline_len ? t->cmdline : "");
		}
		printf("\n");
	}
	taskdiag_result_free(&res);
	close(fd);
	return 0;
}
