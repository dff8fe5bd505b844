// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_DIAG_STATUS, TASK_DIAG_GROUPS and TASK_DIAG_NSPID: the rest of
 * /proc/PID/status that tools read, as task_state(), task_sig(),
 * task_cap() and task_seccomp() (fs/proc/array.c) print it, to everyone
 * who sees the task.
 */
#include <linux/cred.h>
#include <linux/fs_struct.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include "compat.h"
#include "internal.h"

/*
 * Call @fn on @task under its siglock, taken as lock_task_sighand() takes
 * it (its out-of-line half is not exported): the sighand found under RCU
 * (sighand_struct is SLAB_TYPESAFE_BY_RCU), locked, and checked to be
 * still the task's, retried only when an exec has just given the task a
 * new one.  False, @fn not called, once the task is reaped.
 */
bool td_under_siglock(struct task_struct *task,
		      void (*fn)(struct task_struct *task, void *arg), void *arg)
{
	struct sighand_struct *sighand;
	unsigned long flags;

	rcu_read_lock();
	for (;;) {
		sighand = rcu_dereference(task->sighand);
		if (!sighand)
			break;
		spin_lock_irqsave(&sighand->siglock, flags);
		if (likely(sighand == rcu_access_pointer(task->sighand))) {
			fn(task, arg);
			spin_unlock_irqrestore(&sighand->siglock, flags);
			break;
		}
		spin_unlock_irqrestore(&sighand->siglock, flags);
	}
	rcu_read_unlock();
	return sighand;
}

/* A signal set as status prints it: signal n at bit n - 1. */
static u64 td_sigset(const sigset_t *set)
{
	BUILD_BUG_ON(_NSIG != 64);
	return set->sig[0];
}

/* As task_sig(), under the siglock. */
static void td_status_signals(struct task_struct *task, void *arg)
{
	struct task_diag_status *st = arg;
	/* The siglock held is this sighand's, under RCU. */
	struct k_sigaction *k = rcu_dereference(task->sighand)->action;
	int i;

	st->sig_pending = td_sigset(&task->pending.signal);
	st->shd_pending = td_sigset(&task->signal->shared_pending.signal);
	st->sig_blocked = td_sigset(&task->blocked);
	for (i = 0; i < _NSIG; i++, k++) {
		if (k->sa.sa_handler == SIG_IGN)
			st->sig_ignored |= 1ULL << i;
		else if (k->sa.sa_handler != SIG_DFL)
			st->sig_caught |= 1ULL << i;
	}
}

/*
 * How many pid namespaces @pid has a number in, from the file's down to
 * its own (status's NS lines); 0 for a reaped task.  Under RCU.
 */
static unsigned int td_pid_levels(struct td_file *f, struct pid *pid)
{
	return pid && pid->level >= f->ns->level ? pid->level - f->ns->level + 1 : 0;
}

void td_fill_status(struct td_file *f, struct task_struct *task, struct task_diag_status *st)
{
	const struct cred *cred;

	rcu_read_lock();
	cred = __task_cred(task);
	td_caps_from_kernel(&st->cap_ambient, &cred->cap_ambient);
	st->ngroups = cred->group_info->ngroups;
	st->pid_levels = td_pid_levels(f, task_pid(task));
	rcu_read_unlock();

	st->umask = -1;
	task_lock(task);
	if (task->fs)
		st->umask = task->fs->umask;
	task_unlock(task);

	st->no_new_privs = task_no_new_privs(task);
#ifdef CONFIG_SECCOMP
	st->seccomp = READ_ONCE(task->seccomp.mode);
#ifdef CONFIG_SECCOMP_FILTER
	st->seccomp_filters = atomic_read(&task->seccomp.filter_count);
#endif
#endif
	/* All 0 once the task is reaped, as status's. */
	td_under_siglock(task, td_status_signals, st);
}

/*
 * The supplementary groups, as the opener's user namespace sees them: at
 * most TASK_DIAG_GROUPS_MAX (*@cut when there were more).  Returns false
 * when they do not fit @out.
 */
bool td_fill_groups(struct td_file *f, struct task_struct *task, struct td_out *out, bool *cut)
{
	struct user_namespace *ns = f->file->f_cred->user_ns;
	const struct cred *cred = get_task_cred(task);
	const struct group_info *gi = cred->group_info;
	unsigned int i, n = min_t(unsigned int, gi->ngroups, TASK_DIAG_GROUPS_MAX);
	u32 *gid = td_nla_reserve(out, TASK_DIAG_GROUPS, n * sizeof(*gid));

	if (gid) {
		for (i = 0; i < n; i++)
			gid[i] = from_kgid_munged(ns, gi->gid[i]);
		*cut = gi->ngroups > n;
	}
	put_cred(cred);
	return gid;
}

/*
 * The task's ids in each pid namespace from the file's down to its own,
 * as status's NS lines.  Returns false when they do not fit @out.
 */
bool td_fill_nspid(struct td_file *f, struct task_struct *task, struct td_out *out)
{
	struct task_diag_nspid *id;
	struct pid_namespace *ns;
	unsigned int g, n;
	struct pid *pid;
	bool ok = true;

	rcu_read_lock();
	pid = task_pid(task);
	n = td_pid_levels(f, pid);
	id = td_nla_reserve(out, TASK_DIAG_NSPID, n * sizeof(*id));
	if (!id) {
		ok = false;
		goto out;
	}
	for (g = 0; g < n; g++) {
		ns = pid->numbers[f->ns->level + g].ns;
		id[g].tgid = task_tgid_nr_ns(task, ns);
		id[g].pid = task_pid_nr_ns(task, ns);
		id[g].pgid = task_pgrp_nr_ns(task, ns);
		id[g].sid = task_session_nr_ns(task, ns);
	}
out:
	rcu_read_unlock();
	return ok;
}
