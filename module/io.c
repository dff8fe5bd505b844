// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_DIAG_IO: the I/O counters, as do_io_accounting() (fs/proc/base.c)
 * prints them in /proc/PID/io and /proc/PID/task/TID/io, given where the
 * opener could read that file (access.c asks procfs).
 */
#include <linux/cred.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/task_io_accounting_ops.h>
#include "internal.h"

/* A process's counters: its live threads' and what its dead threads left. */
static void td_io_sum(struct task_struct *task, void *arg)
{
	struct task_io_accounting *acct = arg;
	struct task_struct *t;

	*acct = task->signal->ioac;
	for_each_thread(task, t)
		task_io_accounting_add(acct, &t->ioac);
}

static void td_io_read(struct task_struct *task, bool whole, struct task_io_accounting *acct)
{
	if (whole)
		td_under_stats_lock(task, td_io_sum, acct);
	else
		*acct = task->ioac;
}

/*
 * Fill @io if the opener may read @task's io file; false if not.  procfs
 * reads the counters under the exec lock of its check, so that a process
 * that execs a setuid program is never shown with it.  Here the check is
 * procfs's own (access.c) and the counters are read after it, so they are
 * kept only if nothing that check depended on changed meanwhile: the
 * task's credentials are the same ones (any exec, any setuid() installs
 * new ones; the ones pinned here cannot be reused), and it still has its
 * number (after an exec by another of its threads, the old leader gives
 * its number up to that thread before the new program runs).  May sleep.
 */
bool td_fill_io(struct td_file *f, struct task_struct *task, bool whole, struct td_ptrace *p,
		struct task_diag_io *io)
{
	const struct cred *cred = get_task_cred(task);
	struct task_io_accounting acct;
	bool same;
	pid_t nr;

	if (!td_io_allowed(f, task, p, &nr)) {
		put_cred(cred);
		return false;
	}
	td_io_read(task, whole, &acct);
	smp_rmb();	/* the counters, then what they may be shown by */
	same = rcu_access_pointer(task->real_cred) == cred && td_still_nr(f, task, nr);
	put_cred(cred);
	if (!same)
		return false;

	/* Kernels built without the counters have no io file: never asked this far. */
#ifdef CONFIG_TASK_XACCT
	io->rchar = acct.rchar;
	io->wchar = acct.wchar;
	io->syscr = acct.syscr;
	io->syscw = acct.syscw;
#endif
#ifdef CONFIG_TASK_IO_ACCOUNTING
	io->read_bytes = acct.read_bytes;
	io->write_bytes = acct.write_bytes;
	io->cancelled_write_bytes = acct.cancelled_write_bytes;
#endif
	return true;
}
