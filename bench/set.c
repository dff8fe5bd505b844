// SPDX-License-Identifier: GPL-2.0
/* td_bench: what every way fills: a set of rows, one per task. */
#include "bench.h"

uint32_t pid_max;
uint8_t *is_kid;			/* by pid: a task this program made */
int kid_threads;			/* threads per process it made */
char *buf;			/* for every read */
size_t buf_size = 1 << 20;


void die(const char *what)
{
	perror(what);
	exit(2);
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void set_init(struct set *s)
{
	memset(s, 0, sizeof(*s));
	s->at = malloc(sizeof(*s->at) * (pid_max + 1));
	if (!s->at)
		die("malloc");
	memset(s->at, 0xff, sizeof(*s->at) * (pid_max + 1));
}

void set_clear(struct set *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->at[s->r[i].pid] = -1;
	s->n = 0;
	s->bytes = 0;
	s->reads = 0;
}

/* The row of @pid, made (zeroed) if it is not there yet. */
struct row *set_row(struct set *s, uint32_t pid)
{
	struct row *r;

	if (pid > pid_max) {
		fprintf(stderr, "td_bench: pid %u over pid_max %u\n", pid, pid_max);
		exit(2);
	}
	if (s->at[pid] >= 0)
		return &s->r[s->at[pid]];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->r = realloc(s->r, s->cap * sizeof(*s->r));
		if (!s->r)
			die("realloc");
	}
	s->at[pid] = s->n;
	r = &s->r[s->n++];
	memset(r, 0, sizeof(*r));
	r->pid = pid;
	return r;
}
