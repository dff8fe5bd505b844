/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libtaskdiag: process information in batches, from /proc/task_diag where
 * the task_diag module is loaded and from /proc/PID/... where it is not, with
 * the same values from both.
 *
 *	struct taskdiag *td;
 *	const struct taskdiag_task *t;
 *	struct task_diag_base b;
 *
 *	taskdiag_open(&td, NULL, 0);
 *	taskdiag_query(td, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL, 0);
 *	while (taskdiag_next(td, &t) > 0)
 *		if (!taskdiag_task_base(t, &b))
 *			printf("%u %s\n", b.pid, b.comm);
 *	taskdiag_close(td);
 *
 * Tasks come one at a time; the library holds one read's worth of them, not
 * the whole answer.  A task is valid until the next call on its handle.
 * Errors are negative errno values (taskdiag_strerror() names them).  There
 * is no global state: a handle is for one thread at a time, and threads may
 * have one each.
 *
 * A group is copied into the caller's struct by the ABI's growth rule:
 * min(what was received, what the caller's struct holds) bytes, the rest
 * zeroed.  So a program built against this header reads a newer module's
 * longer struct, and an older one's shorter struct with its newer fields 0.
 * The groups, their fields and what each equals in procfs are described in
 * <linux/task_diag.h>, which this header includes: installed under
 * taskdiag/, where no kernel header can clash with it, and found through
 * `pkg-config --cflags taskdiag`.
 */
#ifndef TASKDIAG_TASKDIAG_H
#define TASKDIAG_TASKDIAG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/task_diag.h>	/* installed as taskdiag/linux/task_diag.h */

#ifdef __cplusplus
extern "C" {
#endif

struct taskdiag;
struct taskdiag_task;

/* taskdiag_open()'s flags: which backend (neither: the module where it is loaded). */
#define TASKDIAG_OPEN_MODULE	0x1u	/* /proc/task_diag or -ENOENT */
#define TASKDIAG_OPEN_PROCFS	0x2u	/* /proc/PID/..., even where the module is loaded */

/* taskdiag_backend()'s answers. */
#define TASKDIAG_BACKEND_MODULE	1
#define TASKDIAG_BACKEND_PROCFS	2

int taskdiag_open(struct taskdiag **tdp, const char *procdir, unsigned int flags);
void taskdiag_close(struct taskdiag *td);
int taskdiag_backend(const struct taskdiag *td);
uint64_t taskdiag_supported(const struct taskdiag *td);

int taskdiag_query(struct taskdiag *td, uint64_t show, unsigned int strategy, pid_t pid);
int taskdiag_next(struct taskdiag *td, const struct taskdiag_task **taskp);

const char *taskdiag_strerror(int err);

/* struct task_diag_base's state as procfs and ps print it: "RSDTtXZPI", '?' past them. */
static inline char taskdiag_state_char(unsigned int state)
{
	return state < 9 ? "RSDTtXZPI"[state] : '?';
}

/* The message's pid and tgid, and its TASK_DIAG_FLAG_* (the cuts). */
pid_t taskdiag_task_pid(const struct taskdiag_task *t);
pid_t taskdiag_task_tgid(const struct taskdiag_task *t);
uint32_t taskdiag_task_flags(const struct taskdiag_task *t);

/*
 * A group of fixed size (TASK_DIAG_BASE, _CRED, _STAT, _SCHED, _MEM, _IO,
 * _STATUS, _NS) into @buf of @size bytes: 0, or -ENODATA where the task has
 * none (not asked for, or not the opener's to see), -EINVAL for another type.
 */
int taskdiag_task_get(const struct taskdiag_task *t, int type, void *buf, size_t size);

#define TASKDIAG_TASK_GET(name, TYPE, type)						\
static inline int taskdiag_task_##name(const struct taskdiag_task *t, type *buf)	\
{											\
	return taskdiag_task_get(t, TYPE, buf, sizeof(*buf));				\
}
TASKDIAG_TASK_GET(base, TASK_DIAG_BASE, struct task_diag_base)
TASKDIAG_TASK_GET(cred, TASK_DIAG_CRED, struct task_diag_creds)
TASKDIAG_TASK_GET(stat, TASK_DIAG_STAT, struct task_diag_stat)
TASKDIAG_TASK_GET(sched, TASK_DIAG_SCHED, struct task_diag_sched)
TASKDIAG_TASK_GET(mem, TASK_DIAG_MEM, struct task_diag_mem)
TASKDIAG_TASK_GET(io, TASK_DIAG_IO, struct task_diag_io)
TASKDIAG_TASK_GET(status, TASK_DIAG_STATUS, struct task_diag_status)
TASKDIAG_TASK_GET(ns, TASK_DIAG_NS, struct task_diag_ns)
#undef TASKDIAG_TASK_GET

/* The command line, NUL-separated, and its length; NULL if none was received. */
const char *taskdiag_task_cmdline(const struct taskdiag_task *t, size_t *len);

/* The supplementary groups; NULL (and *@n 0) if none were received. */
const uint32_t *taskdiag_task_groups(const struct taskdiag_task *t, size_t *n);

/* NSPID's entries, the file's pid namespace first: how many, and entry @i into @buf. */
size_t taskdiag_task_nspid_count(const struct taskdiag_task *t);
int taskdiag_task_nspid(const struct taskdiag_task *t, size_t i, struct task_diag_nspid *buf,
			size_t size);

/* The cgroup v2 path (NULL if none was received) and, in *@id, its id. */
const char *taskdiag_task_cgroup(const struct taskdiag_task *t, uint64_t *id);

/*
 * NAME: the name stat and comm print (a kernel thread's whole), and WCHAN:
 * /proc/PID/wchan's text ("0" where it says 0); NULL where none was received.
 */
const char *taskdiag_task_name(const struct taskdiag_task *t);
const char *taskdiag_task_wchan(const struct taskdiag_task *t);

/*
 * The memory maps: how many, and map @i into @vma (@vma_size bytes) and, where
 * VMA_STAT was received, @stat (@stat_size bytes; -ENODATA otherwise, @vma
 * still filled); *@name is the map's name or NULL.  @stat and @name may be NULL.
 */
size_t taskdiag_task_vma_count(const struct taskdiag_task *t);
int taskdiag_task_vma(const struct taskdiag_task *t, size_t i, struct task_diag_vma *vma,
		      size_t vma_size, struct task_diag_vma_stat *stat, size_t stat_size,
		      const char **name);

#ifdef __cplusplus
}
#endif

#endif
