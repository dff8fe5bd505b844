// SPDX-License-Identifier: LGPL-2.1-or-later
/* libtaskdiag's accessors: a task's groups, by the ABI's growth rule. */
#include <errno.h>
#include <string.h>
#include "decode.h"

pid_t taskdiag_task_pid(const struct taskdiag_task *t)
{
	return t->msg.pid;
}

pid_t taskdiag_task_tgid(const struct taskdiag_task *t)
{
	return t->msg.tgid;
}

uint32_t taskdiag_task_flags(const struct taskdiag_task *t)
{
	/* The cut of a command line is flagged on its last message, kept apart. */
	return (t->cmdline_truncated ? TASK_DIAG_FLAG_CMDLINE_TRUNC : 0) |
	       (t->groups_truncated ? TASK_DIAG_FLAG_GROUPS_TRUNC : 0);
}

/* min(@have, @size) bytes of @src into @dst, the rest of @dst zero. */
static void copy_grown(void *dst, size_t size, const void *src, size_t have)
{
	size_t n = have < size ? have : size;

	memcpy(dst, src, n);
	memset((char *)dst + n, 0, size - n);
}

int taskdiag_task_get(const struct taskdiag_task *t, int type, void *buf, size_t size)
{
	const void *src;
	int has;
	size_t have;

	switch (type) {
#define GROUP(TYPE, field, flag)					\
	case TYPE:							\
		src = &t->field;					\
		have = sizeof(t->field);				\
		has = t->flag;						\
		break
	GROUP(TASK_DIAG_BASE, base, has_base);
	GROUP(TASK_DIAG_CRED, cred, has_cred);
	GROUP(TASK_DIAG_STAT, stat, has_stat);
	GROUP(TASK_DIAG_SCHED, sched, has_sched);
	GROUP(TASK_DIAG_MEM, mem, has_mem);
	GROUP(TASK_DIAG_IO, io, has_io);
	GROUP(TASK_DIAG_STATUS, status, has_status);
	GROUP(TASK_DIAG_NS, ns, has_ns);
#undef GROUP
	default:
		return -EINVAL;
	}
	if (!has)
		return -ENODATA;
	copy_grown(buf, size, src, have);
	return 0;
}

const char *taskdiag_task_cmdline(const struct taskdiag_task *t, size_t *len)
{
	if (len)
		*len = t->has_cmdline ? t->cmdline_len : 0;
	if (!t->has_cmdline)
		return NULL;
	/* A command line received empty (a kernel thread's) is "", not NULL. */
	return t->cmdline ? t->cmdline : "";
}

const uint32_t *taskdiag_task_groups(const struct taskdiag_task *t, size_t *n)
{
	*n = t->has_groups ? t->ngroups : 0;
	return t->has_groups ? t->groups : NULL;
}

size_t taskdiag_task_nspid_count(const struct taskdiag_task *t)
{
	return t->has_nspid ? t->nnspid : 0;
}

int taskdiag_task_nspid(const struct taskdiag_task *t, size_t i, struct task_diag_nspid *buf,
			size_t size)
{
	if (!t->has_nspid)
		return -ENODATA;
	if (i >= t->nnspid)
		return -ERANGE;
	copy_grown(buf, size, &t->nspid[i], sizeof(t->nspid[i]));
	return 0;
}

const char *taskdiag_task_cgroup(const struct taskdiag_task *t, uint64_t *id)
{
	if (id)
		*id = t->has_cgroup ? t->cgroup_id : 0;
	return t->has_cgroup ? t->cgroup_path : NULL;
}

const char *taskdiag_task_name(const struct taskdiag_task *t)
{
	return t->has_name ? t->name : NULL;
}

const char *taskdiag_task_wchan(const struct taskdiag_task *t)
{
	return t->has_wchan ? t->wchan : NULL;
}

size_t taskdiag_task_vma_count(const struct taskdiag_task *t)
{
	return t->has_vma ? t->nvmas : 0;
}

int taskdiag_task_vma(const struct taskdiag_task *t, size_t i, struct task_diag_vma *vma,
		      size_t vma_size, struct task_diag_vma_stat *stat, size_t stat_size,
		      const char **name)
{
	const struct taskdiag_vma *v;

	if (!t->has_vma)
		return -ENODATA;
	if (i >= t->nvmas)
		return -ERANGE;
	v = &t->vmas[i];
	if (vma)
		copy_grown(vma, vma_size, &v->v, sizeof(v->v));
	if (name)
		*name = v->name;
	if (!stat)
		return 0;
	if (!v->has_stat) {
		memset(stat, 0, stat_size);
		return -ENODATA;
	}
	copy_grown(stat, stat_size, &v->stat, sizeof(v->stat));
	return 0;
}
