// SPDX-License-Identifier: GPL-2.0
/* churn: what the modes share: the clock, the watchdog, the once-each check. */
#include "churn.h"

double deadline;

/* Tasks that live through every dump: the sleepers' threads, and the main thread. */
uint32_t stable[SLEEPERS * SLEEPER_THREADS + 1];
int nstable;


double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void add_stable(uint32_t tid)
{
	stable[nstable++] = tid;
}

static void watchdog(int sig)
{
	static const char msg[] = "not ok - churn: the watchdog fired, something hangs\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* Fails the run, from a signal handler, if it is not over in @seconds. */
void arm_watchdog(unsigned int seconds)
{
	signal(SIGALRM, watchdog);
	alarm(seconds);
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * @pids[0..@n) of one answer: none twice, and each stable task once.
 * Returns NULL or what is wrong.
 */
const char *exactly_once(uint32_t *pids, size_t n, char *why, size_t len)
{
	qsort(pids, n, sizeof(*pids), by_u32);
	for (size_t i = 1; i < n; i++)
		if (pids[i] == pids[i - 1]) {
			snprintf(why, len, "task %u twice in one answer", pids[i]);
			return why;
		}
	for (int i = 0; i < nstable; i++)
		if (!bsearch(&stable[i], pids, n, sizeof(*pids), by_u32)) {
			snprintf(why, len, "task %u, alive all along, not in the answer", stable[i]);
			return why;
		}
	return NULL;
}

/* Appends the pids of @res's tasks to @pids, which has room; the new count. */
size_t add_pids(uint32_t *pids, size_t n, const struct taskdiag_result *res)
{
	for (size_t i = 0; i < res->n; i++)
		pids[n++] = res->tasks[i].msg.pid;
	return n;
}
