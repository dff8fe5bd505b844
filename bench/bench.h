/* SPDX-License-Identifier: GPL-2.0 */
/* td_bench: what its parts (one file per reading way, the methods, the driver) share. */
#ifndef TD_BENCH_H
#define TD_BENCH_H

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <linux/task_diag.h>
#include "decode.h"
#include "spawn.h"
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* What one task looks like, whichever way it was read. */
struct row {
	uint32_t pid, tgid, ppid, pgid, sid;
	char state;
	char comm[TASK_DIAG_COMM_LEN];
	uint32_t uid[4], gid[4];
	uint64_t cap[4];		/* inheritable, permitted, effective, bounding */
	uint32_t cmdline_len, cmdline_sum;
	uint64_t minflt, majflt;
	uint32_t nvma;
	uint64_t vma_sum;		/* of every mapping's start and end */
	uint64_t rss_kb, pss_kb;
};

/* The tasks of one read, and where each pid's row is. */
struct set {
	struct row *r;
	size_t n, cap;
	int32_t *at;			/* by pid: index in r, or -1 */
	uint64_t bytes;			/* read from the kernel */
	unsigned int reads;		/* read() calls that returned data (task_diag) */
};

/* The run's state, set up by main() (td_bench.c), defined in set.c. */
extern uint32_t pid_max;
extern uint8_t *is_kid;	/* by pid: a task this program made */
extern int kid_threads;	/* threads per process it made */
extern char *buf;	/* for every read */
extern size_t buf_size;

/* What a method compares: which fields, of which tasks. */
enum {
	F_IDS = 1 << 0,		/* tgid, ppid, comm: every task */
	F_GROUPS = 1 << 1,	/* pgid, sid: every task */
	F_STATE = 1 << 2,	/* the tasks this program made (the others may change) */
	F_CRED = 1 << 3,	/* every task */
	F_CMDLINE = 1 << 4,	/* every task */
	F_FLT = 1 << 5,		/* the tasks this program made */
	F_VMA = 1 << 6,		/* every task but this one */
	F_RSS = 1 << 7,		/* the tasks this program made */
	F_COUNT = 1 << 8,	/* only how many: the reference has no rows (the bare walk) */
};

struct method {
	const char *name;	/* for -m and the results */
	const char *ref;	/* what task_diag is measured against */
	void (*read_ref)(struct set *s);
	const char *td;		/* the task_diag request */
	uint64_t show, strategy;
	unsigned int fields;
};

extern const struct method methods[];
extern const size_t nmethods;
#define NMETHODS nmethods

struct timing {
	double median, min, max;
};

/* set.c */
void die(const char *what) __attribute__((noreturn));
double now(void);
void set_init(struct set *s);
void set_clear(struct set *s);
struct row *set_row(struct set *s, uint32_t pid);

/* way_procfs.c */
void for_each_pid(const char *dir, struct set *s,
		  void (*one)(struct set *s, uint32_t pid, const void *arg), const void *arg);
void proc_stat(struct set *s);
void proc_thread_stat(struct set *s);
uint32_t checksum(const char *p, size_t len, uint32_t sum);
void proc_status(struct set *s);
void proc_status_cmdline(struct set *s);
void proc_maps(struct set *s);
void proc_smaps(struct set *s);

/* way_taskstats.c */
void via_taskstats(struct set *s);

/* way_bpf.c: bpf_obj_path, td_iter.bpf.o, set by main() */
extern const char *bpf_obj_path;
void bpf_init(void);
void via_bpf_iter(struct set *s);
void via_bpf_walk(struct set *s);

/* way_task_diag.c */
void via_task_diag(struct set *s, uint64_t show, uint64_t strategy);

/* methods.c */
int same(const struct method *m, struct set *a, struct set *b, char *why, size_t len);
int wanted(const char *list, const char *name);
const char *md(const char *s);
struct timing summarize(double *t, int runs);

/* strace.c */
long one_pass(const char *way);
long strace_count(const char *strace, const char *self, const char *way, size_t size);
long empty_pass(const char *strace, const char *self, size_t size);

#endif
