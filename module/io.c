// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_DIAG_IO: the I/O counters, as do_io_accounting() (fs/proc/base.c)
 * prints them in /proc/PID/io and /proc/PID/task/TID/io, given where the
 * opener could read that file (access.c asks procfs).
 */
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seqlock.h>
#include <linux/task_io_accounting_ops.h>
#include "internal.h"

/*
 * A process's counters: its live threads' and what its dead threads left
 * in signal_struct, which move together under sig->stats_lock when a
 * thread exits.  Called under rcu_read_lock().
 */
static void td_io_sum(struct task_struct *task, struct task_io_accounting *acct)
{
	struct task_struct *t;

	*acct = task->signal->ioac;
	for_each_thread(task, t)
		task_io_accounting_add(acct, &t->ioac);
}

static void td_io_read(struct task_struct *task, bool whole, struct task_io_accounting *acct)
{
	struct signal_struct *sig = task->signal;
	unsigned long flags;
	unsigned int seq;

	if (!whole) {
		*acct = task->ioac;
		return;
	}
	/* As td_task_times(): a second pass under the lock, so exits cannot make it retry. */
	rcu_read_lock();
	seq = read_seqbegin(&sig->stats_lock);
	td_io_sum(task, acct);
	if (read_seqretry(&sig->stats_lock, seq)) {
		read_seqlock_excl_irqsave(&sig->stats_lock, flags);
		td_io_sum(task, acct);
		read_sequnlock_excl_irqrestore(&sig->stats_lock, flags);
	}
	rcu_read_unlock();
}

/*
 * Fill @io if the opener may read @task's io file; false if not.  The
 * counters are read after procfs said yes, and kept only if the task ran
 * the same program image throughout: procfs reads them under the exec lock
 * of its check, so that a process that execs a setuid program is not
 * shown with it.  May sleep.
 */
bool td_fill_io(struct td_file *f, struct task_struct *task, bool whole, struct task_diag_io *io)
{
	u64 exec_id = READ_ONCE(task->self_exec_id);
	struct task_io_accounting acct;

	if (!td_io_allowed(f, task))
		return false;
	td_io_read(task, whole, &acct);
	if (READ_ONCE(task->self_exec_id) != exec_id)
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
