// SPDX-License-Identifier: GPL-2.0
/* td_bench: the methods: what each compares, and the comparison. */
#include "bench.h"

const struct method methods[] = {
	{ "ps", "/proc/PID/stat", proc_stat, "BASE", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL,
	  F_IDS | F_GROUPS | F_STATE },
	{ "creds", "/proc/PID/status", proc_status, "BASE|CRED",
	  TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED, TASK_DIAG_DUMP_ALL,
	  F_IDS | F_STATE | F_CRED },
	{ "status+cmdline", "/proc/PID/status + cmdline", proc_status_cmdline,
	  "BASE|CRED|CMDLINE", TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_CMDLINE,
	  TASK_DIAG_DUMP_ALL, F_IDS | F_STATE | F_CRED | F_CMDLINE },
	{ "threads", "/proc/PID/task/TID/stat", proc_thread_stat, "BASE, ALL_THREAD",
	  TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL_THREAD, F_IDS | F_GROUPS | F_STATE },
	{ "maps", "/proc/PID/maps", proc_maps, "VMA", TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL,
	  F_VMA },
	{ "smaps", "/proc/PID/smaps", proc_smaps, "VMA|VMA_STAT",
	  TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ALL, F_VMA | F_RSS },
	{ "taskstats", "taskstats, a request per pid", via_taskstats, "STAT",
	  TASK_DIAG_SHOW_STAT, TASK_DIAG_DUMP_ALL, F_FLT },
	{ "bpf", "BPF iter/task", via_bpf_iter, "BASE", TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL,
	  F_IDS | F_GROUPS | F_STATE },
	{ "walk", "BPF iter/task writing nothing", via_bpf_walk, "BASE", TASK_DIAG_SHOW_BASE,
	  TASK_DIAG_DUMP_ALL, F_COUNT },
};

const size_t nmethods = sizeof(methods) / sizeof(methods[0]);

/* Do @a (procfs) and @b (task_diag) describe the same tasks? Says how not, if not. */
int same(const struct method *m, struct set *a, struct set *b, char *why, size_t len)
{
	uint32_t self = getpid();

	if (a->n != b->n) {
		snprintf(why, len, "%zu tasks against %zu", a->n, b->n);
		return 0;
	}
	if (m->fields == F_COUNT)
		return 1;
	for (size_t i = 0; i < a->n; i++) {
		const struct row *x = &a->r[i], *y;
		int kid = is_kid[x->pid], ok = 1;

		if (b->at[x->pid] < 0) {
			snprintf(why, len, "task %u only in %s", x->pid, m->ref);
			return 0;
		}
		y = &b->r[b->at[x->pid]];
		/* procfs names a workqueue worker "kworker/0:1-events"; its comm is "kworker/0:1". */
		if (m->fields & F_IDS)
			ok &= x->tgid == y->tgid && x->ppid == y->ppid &&
			      !strncmp(x->comm, y->comm, strnlen(y->comm, TASK_DIAG_COMM_LEN));
		if (m->fields & F_GROUPS)
			ok &= x->pgid == y->pgid && x->sid == y->sid;
		if ((m->fields & F_STATE) && kid)
			ok &= x->state == y->state;
		if (m->fields & F_CRED)
			ok &= !memcmp(x->uid, y->uid, sizeof(x->uid)) &&
			      !memcmp(x->gid, y->gid, sizeof(x->gid)) &&
			      !memcmp(x->cap, y->cap, sizeof(x->cap));
		if (m->fields & F_CMDLINE)
			ok &= x->cmdline_len == y->cmdline_len && x->cmdline_sum == y->cmdline_sum;
		/* taskstats counts a pid's own faults; STAT its process's, the same with one thread. */
		if ((m->fields & F_FLT) && kid && kid_threads == 1)
			ok &= x->minflt == y->minflt && x->majflt == y->majflt;
		if ((m->fields & F_VMA) && x->pid != self)
			ok &= x->nvma == y->nvma && x->vma_sum == y->vma_sum;
		if ((m->fields & F_RSS) && kid)
			ok &= x->rss_kb == y->rss_kb && x->pss_kb == y->pss_kb;
		if (!ok) {
			snprintf(why, len, "task %u (%.16s) differs: %u mappings, sum %#llx, Rss %llu kB, "
				 "Pss %llu kB against %u, %#llx, %llu, %llu", x->pid, y->comm, x->nvma,
				 (unsigned long long)x->vma_sum, (unsigned long long)x->rss_kb,
				 (unsigned long long)x->pss_kb, y->nvma, (unsigned long long)y->vma_sum,
				 (unsigned long long)y->rss_kb, (unsigned long long)y->pss_kb);
			return 0;
		}
	}
	return 1;
}

/* Is @name one of the comma-separated @list? */
int wanted(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += len)
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return 1;
	return 0;
}

/* @s for a markdown table cell: "|" escaped.  Four buffers, used in turn. */
const char *md(const char *s)
{
	static char out[4][128];
	static int next;
	char *o = out[next++ % 4], *p = o;

	for (; *s && p < o + sizeof(out[0]) - 2; s++) {
		if (*s == '|')
			*p++ = '\\';
		*p++ = *s;
	}
	*p = 0;
	return o;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct timing summarize(double *t, int runs)
{
	qsort(t, runs, sizeof(*t), by_double);
	return (struct timing){ t[runs / 2], t[0], t[runs - 1] };
}
