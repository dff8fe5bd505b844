// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_DIAG_SCHED: scheduling, start, terminal and times in nanoseconds,
 * as do_task_stat() and proc_pid_status() (fs/proc/array.c) print them.
 * /proc/PID/stat and status are shown to everyone who sees the task, and
 * so is this group.
 */
#include <linux/types.h>
#include <linux/kdev_t.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/sched/signal.h>
#include <linux/tty.h>
#include "internal.h"

/*
 * The controlling terminal and its foreground process group, as
 * do_task_stat() reads them: signal->tty is set and cleared under the
 * task's siglock (drivers/tty/tty_jobctrl.c), and the tty is freed without
 * waiting for RCU, so it is read under that lock.  A reaped task has no
 * siglock left: no terminal.
 */
struct td_tty {
	struct pid_namespace	*ns;
	struct task_diag_sched	*s;
};

static void td_task_tty(struct task_struct *task, void *arg)
{
	struct tty_struct *tty = task->signal->tty;
	struct td_tty *t = arg;
	struct pid *pgrp;

	if (!tty)
		return;
	pgrp = tty_get_pgrp(tty);
	t->s->tpgid = pid_nr_ns(pgrp, t->ns);
	put_pid(pgrp);
	t->s->tty_nr = new_encode_dev(tty_devnum(tty));
}

/* @tt: the task's times (td_task_times()), which STAT shares. */
void td_fill_sched(struct td_file *f, struct task_struct *task, const struct td_times *tt,
		   struct task_diag_sched *s)
{
	struct signal_struct *sig = task->signal;

	/* As stat's starttime, in the opener's time namespace. */
	s->start_time = task->start_boottime + f->boot_offset;
	s->start_ticks = td_clock_t(s->start_time);

	s->utime = tt->utime;
	s->stime = tt->stime;
	s->gtime = tt->gtime;
	s->cutime = READ_ONCE(sig->cutime);
	s->cstime = READ_ONCE(sig->cstime);
	s->cgtime = READ_ONCE(sig->cgtime);
	s->nvcsw = READ_ONCE(task->nvcsw);
	s->nivcsw = READ_ONCE(task->nivcsw);

	s->flags = READ_ONCE(task->flags);
	s->exit_signal = READ_ONCE(task->exit_signal);
	/* task_prio(), not exported: the priority as stat prints it. */
	s->prio = READ_ONCE(task->prio) - MAX_RT_PRIO;
	s->nice = task_nice(task);
	s->policy = READ_ONCE(task->policy);
	s->rt_priority = READ_ONCE(task->rt_priority);
	s->processor = task_cpu(task);
	s->oom_score_adj = READ_ONCE(sig->oom_score_adj);
	s->tty_nr = 0;
	s->tpgid = -1;
	td_under_siglock(task, td_task_tty, &(struct td_tty){ .ns = f->ns, .s = s });
}
