// SPDX-License-Identifier: GPL-2.0
/*
 * Task iteration, in the manner of next_tgid() in fs/proc/base.c: walk the
 * pid numbers of the procfs mount's pid namespace upwards under RCU, so
 * tasks that come and go during a dump never break it, and every task that
 * lives through the whole dump is reported exactly once.  Between two reads
 * only a pid number is kept.
 */
#include <linux/err.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "internal.h"
#include "compat.h"

/* How many pids to pass over before letting the CPU go. */
#define TD_SKIP_BATCH	256

/* ALL, ONE and CHILDREN report processes, as /proc/PID/stat does. */
bool td_iter_whole_process(const struct td_dump *d)
{
	return d->req.strategy != TASK_DIAG_DUMP_ALL_THREAD &&
	       d->req.strategy != TASK_DIAG_DUMP_THREAD;
}

static enum pid_type td_pid_type(const struct td_dump *d)
{
	switch (d->req.strategy) {
	case TASK_DIAG_DUMP_ALL:
	case TASK_DIAG_DUMP_CHILDREN:
		return PIDTYPE_TGID;	/* thread-group leaders only */
	default:
		return PIDTYPE_PID;
	}
}

/* Does @task belong in the dump, by the request's strategy?  Called under rcu_read_lock(). */
static bool td_match(struct td_file *f, struct task_struct *task)
{
	struct td_dump *d = &f->dump;

	switch (d->req.strategy) {
	case TASK_DIAG_DUMP_CHILDREN:
		return task_tgid(rcu_dereference(task->real_parent)) == d->target;
	case TASK_DIAG_DUMP_THREAD:
		return task_tgid(task) == d->target;
	case TASK_DIAG_DUMP_ONE:
		return task_pid(task) == d->target;
	}
	return true;
}

/*
 * May the opener see @task?  Called under rcu_read_lock(); where procfs
 * must be asked, the read section is left and entered again around the
 * question (the caller keeps only numbers across it).  Returns true with
 * a reference on @task.
 */
static bool td_take_visible(struct td_file *f, struct task_struct *task)
	__must_hold(RCU)
{
	bool ok;

	switch (td_visible_fast(f, task)) {
	case TD_ALLOW:
		get_task_struct(task);
		return true;
	case TD_DENY:
		return false;
	case TD_ASK:
		break;
	}
	get_task_struct(task);
	rcu_read_unlock();
	ok = td_visible_ask(f, task);
	if (!ok)
		put_task_struct(task);
	rcu_read_lock();
	return ok;
}

/* Resolve the request's pid, under the opener's credentials; set cur.error if it is not there. */
void td_iter_start(struct td_file *f)
{
	struct td_dump *d = &f->dump;
	struct task_struct *task = NULL;
	struct pid *pid = NULL;

	memset(&d->cur, 0, sizeof(d->cur));
	d->cur.pos = 1;
	if (d->req.strategy == TASK_DIAG_DUMP_ALL ||
	    d->req.strategy == TASK_DIAG_DUMP_ALL_THREAD)
		return;

	rcu_read_lock();
	if (d->req.pid <= PID_MAX_LIMIT)
		pid = find_pid_ns(d->req.pid, f->ns);
	if (pid)
		task = pid_task(pid, PIDTYPE_PID);
	if (task && !td_take_visible(f, task))
		task = NULL;
	if (task) {
		pid = d->req.strategy == TASK_DIAG_DUMP_ONE ? task_pid(task) : task_tgid(task);
		d->target = get_pid(pid);
		d->target_nr = pid_nr_ns(pid, f->ns);
	}
	rcu_read_unlock();
	if (task)
		put_task_struct(task);
	/* Unknown, hidden, or reaped while procfs was asked (its pid number is then 0). */
	if (!task || !d->target_nr)
		d->cur.error = -ESRCH;

	if (d->req.strategy == TASK_DIAG_DUMP_ONE)
		d->cur.pos = d->target_nr;
}

/*
 * The task whose messages are being continued, referenced, if it is still
 * there and still runs the same program image.
 */
static struct task_struct *td_iter_cont(struct td_file *f)
{
	struct td_cursor *cur = &f->dump.cur;
	struct task_struct *task = NULL;
	struct pid *pid;

	pid = find_pid_ns(cur->pos, f->ns);
	if (pid)
		task = pid_task(pid, td_pid_type(&f->dump));
	if (task && task->start_time == cur->cont_start &&
	    READ_ONCE(task->self_exec_id) == cur->cont_exec_id && td_match(f, task) &&
	    td_take_visible(f, task))
		return task;
	/* Gone, its pid taken by another, or another program since: drop the rest of it. */
	td_cursor_skip_task(cur);
	return NULL;
}

/*
 * The next task of the dump at or after cur.pos, with a reference held,
 * NULL at the end, or ERR_PTR(-EINTR) on a fatal signal.  cur.pos is left
 * at the task's pid number.
 */
struct task_struct *td_iter_next(struct td_file *f)
{
	struct td_dump *d = &f->dump;
	struct td_cursor *cur = &d->cur;
	enum pid_type type = td_pid_type(d);
	struct task_struct *task = NULL;
	unsigned int skipped = 0;
	struct pid *pid;

	rcu_read_lock();
	if (cur->cont) {
		task = td_iter_cont(f);
		if (task)
			goto found;
	}
	for (;; cur->pos++) {
		if (d->req.strategy == TASK_DIAG_DUMP_ONE && cur->pos != d->target_nr)
			break;
		pid = td_find_ge_pid(cur->pos, f->ns);
		if (!pid)
			break;
		cur->pos = pid_nr_ns(pid, f->ns);
		task = pid_task(pid, type);
		if (task && td_match(f, task) && td_take_visible(f, task))
			goto found;
		task = NULL;
		if (++skipped % TD_SKIP_BATCH == 0) {
			rcu_read_unlock();
			/* Every pid may have been asked about and refused. */
			if (fatal_signal_pending(current))
				return ERR_PTR(-EINTR);
			cond_resched();
			rcu_read_lock();
		}
	}
	rcu_read_unlock();
	return NULL;
found:
	rcu_read_unlock();
	return task;
}
