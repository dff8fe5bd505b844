/* SPDX-License-Identifier: GPL-2.0 */
/* churn: what its parts (common.c, storm.c, shared.c, kill.c, unload.c, main.c) share. */
#ifndef TD_CHURN_H
#define TD_CHURN_H

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
#include "decode.h"
#include "tap.h"

#define SLEEPERS	8
#define SLEEPER_THREADS	3
#define MAX_READERS	16
#define CHURNERS	3	/* one for execs, uids, threads and memory; two fork storms */

extern double deadline;	/* when the storm ends */

/* Tasks that live through every dump: the sleepers' threads, and the main thread. */
extern uint32_t stable[SLEEPERS * SLEEPER_THREADS + 1];
extern int nstable;

struct counts {
	atomic_ulong forks, execs, threads, uid_changes, maps;
};

struct reader {
	pthread_t thread;
	unsigned long dumps, tasks;
	char failure[300];
};

/* common.c */
double now(void);
void add_stable(uint32_t tid);
void arm_watchdog(unsigned int seconds);
const char *exactly_once(uint32_t *pids, size_t n, char *why, size_t len);
size_t add_pids(uint32_t *pids, size_t n, const struct taskdiag_result *res);

/* storm.c */
void fork_storm(struct counts *c);
void churn(struct counts *c);
void *reader(void *arg);

/* shared.c */
void shared_file(void);
void forked_file(void);

/* kill.c */
int kill_test(long want);

/* unload.c */
int unload_test(void);

#endif
