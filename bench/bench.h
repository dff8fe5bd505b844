/* SPDX-License-Identifier: GPL-2.0 */
/* What the benchmarks share: the clock, medians, and a task_diag request for every process. */
#ifndef TD_BENCH_H
#define TD_BENCH_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline int bench_by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Open /proc/task_diag and ask for @show of every process; exits on failure. */
static inline int bench_request_all(uint64_t show)
{
	struct {
		struct nlmsghdr h;
		struct task_diag_pid p;
	} req = {
		.h = { .nlmsg_len = sizeof(req), .nlmsg_type = TASK_DIAG_CMD_GET,
		       .nlmsg_flags = NLM_F_REQUEST, .nlmsg_seq = 1 },
		.p = { .show_flags = show, .dump_strategy = TASK_DIAG_DUMP_ALL },
	};
	int fd = open("/proc/task_diag", O_RDWR);

	if (fd < 0 || write(fd, &req, sizeof(req)) != sizeof(req)) {
		perror("task_diag");
		exit(1);
	}
	return fd;
}

#endif
