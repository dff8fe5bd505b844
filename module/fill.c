// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute filling: one task's message, each group giving what procfs
 * gives the same opener (fs/proc/array.c: do_task_stat(), task_state(),
 * task_cap(); fs/proc/base.c: proc_pid_cmdline_read()).
 */
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/pid_namespace.h>
#include <linux/math64.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/cputime.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/seqlock.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include "compat.h"
#include "internal.h"

/* @msg already holds the task's pid and tgid. */
static void td_fill_base(struct td_file *f, struct task_struct *task,
			 const struct task_diag_msg *msg, struct task_diag_base *b)
{
	struct pid_namespace *ns = f->ns;
	struct task_struct *tracer;

	b->tgid = msg->tgid;
	b->pid = msg->pid;
	rcu_read_lock();
	b->ppid = pid_alive(task) ? task_tgid_nr_ns(rcu_dereference(task->real_parent), ns) : 0;
	tracer = ptrace_parent(task);
	b->tpid = tracer ? task_pid_nr_ns(tracer, ns) : 0;
	b->sid = task_session_nr_ns(task, ns);
	b->pgid = task_pgrp_nr_ns(task, ns);
	rcu_read_unlock();
	b->state = task_state_index(task);
	get_task_comm(b->comm, task);
}

/* Ids as the opener's user namespace sees them, like /proc/PID/status. */
static void td_fill_creds(struct td_file *f, struct task_struct *task, struct task_diag_creds *c)
{
	struct user_namespace *ns = f->file->f_cred->user_ns;
	const struct cred *cred;

	rcu_read_lock();
	cred = __task_cred(task);
	c->uid = from_kuid_munged(ns, cred->uid);
	c->euid = from_kuid_munged(ns, cred->euid);
	c->suid = from_kuid_munged(ns, cred->suid);
	c->fsuid = from_kuid_munged(ns, cred->fsuid);
	c->gid = from_kgid_munged(ns, cred->gid);
	c->egid = from_kgid_munged(ns, cred->egid);
	c->sgid = from_kgid_munged(ns, cred->sgid);
	c->fsgid = from_kgid_munged(ns, cred->fsgid);
	td_caps_from_kernel(&c->cap_inheritable, &cred->cap_inheritable);
	td_caps_from_kernel(&c->cap_permitted, &cred->cap_permitted);
	td_caps_from_kernel(&c->cap_effective, &cred->cap_effective);
	td_caps_from_kernel(&c->cap_bset, &cred->cap_bset);
	rcu_read_unlock();
}

/*
 * Nanoseconds as USER_HZ clock ticks, as /proc/PID/stat prints times and
 * the series sent them (nsec_to_clock_t() is not exported).
 */
u64 td_clock_t(u64 ns)
{
	BUILD_BUG_ON(NSEC_PER_SEC % USER_HZ);
	return div_u64(ns, NSEC_PER_SEC / USER_HZ);
}

/*
 * cputime_adjust()'s split of a runtime: @rtime shared out between user
 * and system time as the tick samples @utime and @stime share it.
 */
static void td_split_runtime(u64 rtime, u64 utime, u64 stime, u64 *ut, u64 *st)
{
	if (!stime)
		*st = 0;
	else if (!utime)
		*st = rtime;
	else
		*st = mul_u64_u64_div_u64(stime, rtime, utime + stime);
	*ut = rtime - *st;
}

/*
 * Call @fn(@task, @arg) as do_task_stat() reads a process's figures: a
 * process's add up its live threads and what its dead threads left in
 * signal_struct, and those two move together under sig->stats_lock when
 * a thread exits, so reading them inside one stats_lock read section
 * counts every thread once.  As in thread_group_cputime(), should the
 * lockless pass race with an exit, the second takes the lock, so that
 * threads exiting without end cannot keep the reader retrying.  @fn sets
 * all it reads afresh each time.
 */
void td_under_stats_lock(struct task_struct *task,
			 void (*fn)(struct task_struct *task, void *arg), void *arg)
{
	struct signal_struct *sig = task->signal;
	unsigned long flags;
	unsigned int seq;

	rcu_read_lock();
	seq = read_seqbegin(&sig->stats_lock);
	fn(task, arg);
	if (read_seqretry(&sig->stats_lock, seq)) {
		read_seqlock_excl_irqsave(&sig->stats_lock, flags);
		fn(task, arg);
		read_sequnlock_excl_irqrestore(&sig->stats_lock, flags);
	}
	rcu_read_unlock();
}

/*
 * Each live thread's times are adjusted to its runtime
 * (task_cputime_adjusted()), and the dead threads' runtime is split as
 * their tick samples are, so that the sum is procfs's (the process's
 * runtime) and does not fall when a thread exits; procfs adjusts the whole
 * sum at once, so the split between user and system time can differ.
 * Guest time is added up as do_task_stat() does, from each thread's gtime
 * (task_gtime() is not exported: on a nohz_full CPU the guest time of a
 * thread running there since its last tick is missing).
 */
static void td_sum_threads(struct task_struct *task, void *arg)
{
	struct signal_struct *sig = task->signal;
	struct td_times *sum = arg;
	struct task_struct *t;
	u64 ut, st;

	sum->minflt = sig->min_flt;
	sum->majflt = sig->maj_flt;
	sum->gtime = sig->gtime;
	td_split_runtime(sig->sum_sched_runtime, sig->utime, sig->stime, &sum->utime, &sum->stime);
	for_each_thread(task, t) {
		sum->minflt += READ_ONCE(t->min_flt);
		sum->majflt += READ_ONCE(t->maj_flt);
		sum->gtime += READ_ONCE(t->gtime);
		task_cputime_adjusted(t, &ut, &st);
		sum->utime += ut;
		sum->stime += st;
	}
}

/* A process's times (@whole), as do_task_stat() adds them up, or a thread's own. */
void td_task_times(struct task_struct *task, bool whole, struct td_times *tt)
{
	if (whole) {
		td_under_stats_lock(task, td_sum_threads, tt);
		return;
	}
	tt->minflt = READ_ONCE(task->min_flt);
	tt->majflt = READ_ONCE(task->maj_flt);
	tt->gtime = READ_ONCE(task->gtime);
	task_cputime_adjusted(task, &tt->utime, &tt->stime);
}

/* @tt: the task's times (td_task_times()), which SCHED shares. */
static void td_fill_stat(struct task_struct *task, bool whole, const struct td_times *tt,
			 struct task_diag_stat *st)
{
	struct signal_struct *sig = task->signal;

	st->cminflt = READ_ONCE(sig->cmin_flt);
	st->cmajflt = READ_ONCE(sig->cmaj_flt);
	st->cutime = td_clock_t(READ_ONCE(sig->cutime));
	st->cstime = td_clock_t(READ_ONCE(sig->cstime));
	st->threads = get_nr_threads(task);

	st->minflt = tt->minflt;
	st->majflt = tt->majflt;
	if (!whole) {
		st->utime = td_clock_t(tt->utime);
		st->stime = td_clock_t(tt->stime);
		return;
	}
	/*
	 * In ticks, the sum is that of the sum in nanoseconds, which never
	 * falls: the split between the two may move as threads come and go
	 * (procfs keeps a process's split monotonic in signal->prev_cputime,
	 * which nothing exported updates), and ticks of each taken apart
	 * would then lose one.
	 */
	st->stime = td_clock_t(tt->stime);
	st->utime = td_clock_t(tt->utime + tt->stime) - st->stime;
}

/* Where a task's /proc/PID/cmdline bytes come from. */
struct td_cmdline {
	struct mm_struct *mm;		/* the memory they are read from, referenced */
	unsigned long	start;		/* user address of its first byte */
	unsigned long	len;		/* its length, at most TASK_DIAG_CMDLINE_MAX */
	bool		title;		/* setproctitle(): the bytes are in f->scratch */
	bool		truncated;	/* it is longer than TASK_DIAG_CMDLINE_MAX */
};

/*
 * As get_mm_cmdline(): normally the bytes of [arg_start, arg_end); once a
 * process has overwritten the NUL ending its arguments (setproctitle()),
 * the string at arg_start up to its first NUL, within one page.  Read, as
 * procfs reads them, from anonymous memory only (FOLL_ANON): a process may
 * point its arguments at a file mapping (prctl(PR_SET_MM_MAP)), whose
 * faults could block on a file system.  access_process_vm() reads the
 * task's mm of the moment; c->mm, taken first, tells whether that is
 * still the one located (td_cmdline_same_mm()).
 */
static void td_cmdline_locate(struct td_file *f, struct task_struct *task, struct td_cmdline *c)
{
	unsigned long arg_start, arg_end, env_start, env_end;
	struct mm_struct *mm;
	char last;
	int got;

	c->len = 0;
	c->title = false;
	c->truncated = false;
	c->mm = get_task_mm(task);
	mm = c->mm;
	if (!mm || !mm->env_end)	/* no memory, or not far enough through exec */
		return;

	spin_lock(&mm->arg_lock);
	arg_start = mm->arg_start;
	arg_end = mm->arg_end;
	env_start = mm->env_start;
	env_end = mm->env_end;
	spin_unlock(&mm->arg_lock);

	if (arg_start >= arg_end)
		return;
	if (env_start != arg_end || env_end < env_start)
		env_end = arg_end;
	c->start = arg_start;

	if (access_process_vm(task, arg_end - 1, &last, 1, FOLL_ANON) == 1 && last) {
		got = access_process_vm(task, arg_start, f->scratch,
					min(PAGE_SIZE, env_end - arg_start), FOLL_ANON);
		if (got > 0) {
			c->len = strnlen(f->scratch, got);
			if (c->len < got)
				c->len++;	/* with its NUL */
			c->title = true;
		}
	} else {
		c->len = arg_end - arg_start;
	}
	if (c->len > TASK_DIAG_CMDLINE_MAX) {
		c->len = TASK_DIAG_CMDLINE_MAX;
		c->truncated = true;
	}
}

/* Does @task still run in the memory its command line was located in? */
static bool td_cmdline_same_mm(struct task_struct *task, const struct td_cmdline *c)
{
	bool same;

	task_lock(task);
	same = task->mm == c->mm;
	task_unlock(task);
	return same;
}

/*
 * Copy [off, off + n) of the command line to @dst; returns the bytes got.
 * Bytes of another mm (an exec since it was located) count as none.
 */
static size_t td_cmdline_copy(struct td_file *f, struct task_struct *task,
			      const struct td_cmdline *c, unsigned long off,
			      void *dst, size_t n)
{
	int got;

	if (c->title) {
		memcpy(dst, f->scratch + off, n);
		got = n;
	} else {
		got = access_process_vm(task, c->start + off, dst, n, FOLL_ANON);
	}
	if (got <= 0 || !td_cmdline_same_mm(task, c))
		return 0;
	return got;
}

/*
 * The next piece of the command line, as one attribute.  Returns 0 when it
 * is all given (*@truncated: cut at TASK_DIAG_CMDLINE_MAX), -EAGAIN when
 * more remains, -EMSGSIZE when it does not fit (@first: the message is the
 * first in the buffer, so split rather than wait).
 */
static int td_fill_cmdline(struct td_file *f, struct task_struct *task, struct td_out *out,
			   bool first, bool *truncated)
{
	struct td_cursor *cur = &f->dump.cur;
	struct td_cmdline c;
	size_t n, room, got;
	void *dst;
	int ret = -EMSGSIZE;

	td_cmdline_locate(f, task, &c);
	if (cur->cmdline_off > c.len)
		c.len = cur->cmdline_off;	/* it shrank meanwhile: nothing left */
	n = min_t(unsigned long, c.len - cur->cmdline_off, TD_NLA_MAX);
	room = td_nla_room(out);
	if (n > room) {
		/* Split only a message that an empty buffer cannot hold. */
		if (!first || !room)
			goto out;
		n = room;
	}
	dst = td_nla_reserve(out, TASK_DIAG_CMDLINE, n);
	if (!dst)
		goto out;
	got = n ? td_cmdline_copy(f, task, &c, cur->cmdline_off, dst, n) : 0;
	if (got < n) {
		/* Unreadable from here on: the command line ends, as procfs's does. */
		td_nla_trim(out, dst, got);
		c.len = cur->cmdline_off + got;
		c.truncated = false;
	}
	cur->cmdline_off += got;
	ret = -EAGAIN;
	if (cur->cmdline_off < c.len)
		goto out;
	cur->cmdline_done = true;
	*truncated = c.truncated;
	ret = 0;
out:
	if (c.mm)
		mmput(c.mm);
	return ret;
}

/*
 * Does this message carry maps?  They go with processes, or with a
 * thread-group leader, and only where procfs would open the task's maps
 * for the opener (access.c): then *@mm is the memory to describe,
 * referenced, or NULL for a task without any (an empty attribute).
 */
static bool td_maps_of(struct td_file *f, struct task_struct *task, struct mm_struct **mm)
{
	if (!(f->dump.req.show_flags & TASK_DIAG_SHOW_VMA))
		return false;
	if (!td_iter_whole_process(&f->dump) && !thread_group_leader(task))
		return false;
	*mm = td_maps_mm(f, task);
	return !IS_ERR(*mm);
}

/*
 * Put @task's next message into @out: the fixed groups, then the command
 * line, then the maps.  Returns 0 when the task is complete, -EAGAIN when
 * it goes on in a next message (flagged TASK_DIAG_FLAG_CONT), -EMSGSIZE
 * when nothing was written for lack of room, -EINTR on a fatal signal,
 * -ESRCH when the task was reaped after it was found (nothing written).
 * An abandoned message leaves the cursor as it was.
 */
int td_fill_task(struct td_file *f, struct task_struct *task, struct td_out *out)
{
	struct td_dump *d = &f->dump;
	struct td_cursor *cur = &d->cur, saved = *cur;
	u64 show = d->req.show_flags;
	size_t mark = out->len, body;
	struct task_diag_creds *creds;
	struct task_diag_sched *sched;
	struct task_diag_stat *stat;
	struct task_diag_mem *mem;
	struct task_diag_io io, *ioa;
	struct task_diag_status *status;
	struct task_diag_ns ns, *nsa;
	struct td_ptrace ptrace = {};
	struct td_times tt;
	bool whole = td_iter_whole_process(d), cut = false;
	struct task_diag_base *base;
	struct task_diag_msg *msg;
	struct mm_struct *mm;
	struct nlmsghdr *nlh;
	bool truncated = false;
	int err = 0;

	nlh = td_nlmsg_put(out, TASK_DIAG_CMD_GET, NLM_F_MULTI, d->req.hdr.nlmsg_seq, sizeof(*msg));
	if (!nlh)
		goto nospace;
	msg = NLMSG_DATA(nlh);
	rcu_read_lock();
	msg->pid = task_pid_nr_ns(task, f->ns);
	msg->tgid = task_tgid_nr_ns(task, f->ns);
	rcu_read_unlock();
	/* Reaped since it was found: its pids are gone, as is its /proc/PID. */
	if (!msg->pid || !msg->tgid) {
		err = -ESRCH;
		goto abandon;
	}
	msg->flags = cur->cont ? TASK_DIAG_FLAG_CONT : 0;
	body = out->len;

	if (!cur->cont) {
		/* One reading of the times for STAT and SCHED, which must agree. */
		if (show & (TASK_DIAG_SHOW_STAT | TASK_DIAG_SHOW_SCHED))
			td_task_times(task, whole, &tt);
		if (show & TASK_DIAG_SHOW_BASE) {
			base = td_nla_reserve(out, TASK_DIAG_BASE, sizeof(*base));
			if (!base)
				goto nospace;
			td_fill_base(f, task, msg, base);
		}
		if (show & TASK_DIAG_SHOW_CRED) {
			creds = td_nla_reserve(out, TASK_DIAG_CRED, sizeof(*creds));
			if (!creds)
				goto nospace;
			td_fill_creds(f, task, creds);
		}
		if (show & TASK_DIAG_SHOW_STAT) {
			stat = td_nla_reserve(out, TASK_DIAG_STAT, sizeof(*stat));
			if (!stat)
				goto nospace;
			td_fill_stat(task, whole, &tt, stat);
		}
		if (show & TASK_DIAG_SHOW_SCHED) {
			sched = td_nla_reserve(out, TASK_DIAG_SCHED, sizeof(*sched));
			if (!sched)
				goto nospace;
			td_fill_sched(f, task, &tt, sched);
		}
		if (show & TASK_DIAG_SHOW_MEM) {
			mem = td_nla_reserve(out, TASK_DIAG_MEM, sizeof(*mem));
			if (!mem)
				goto nospace;
			td_fill_mem(task, mem);
		}
		/*
		 * IO and NS are asked of procfs first: a message too big for the
		 * buffer is one that carries them.  IO comes first, as it pins
		 * the task's credentials before the ptrace question NS shares.
		 */
		if (show & TASK_DIAG_SHOW_IO) {
			memset(&io, 0, sizeof(io));
			if (td_fill_io(f, task, whole, &ptrace, &io)) {
				ioa = td_nla_reserve(out, TASK_DIAG_IO, sizeof(*ioa));
				if (!ioa)
					goto nospace;
				*ioa = io;
			}
		}
		if (show & TASK_DIAG_SHOW_STATUS) {
			status = td_nla_reserve(out, TASK_DIAG_STATUS, sizeof(*status));
			if (!status)
				goto nospace;
			td_fill_status(f, task, status);
		}
		if ((show & TASK_DIAG_SHOW_GROUPS) && !td_fill_groups(f, task, out, &cut))
			goto nospace;
		if (cut)
			msg->flags |= TASK_DIAG_FLAG_GROUPS_TRUNC;
		if ((show & TASK_DIAG_SHOW_NSPID) && !td_fill_nspid(f, task, out))
			goto nospace;
		if (show & TASK_DIAG_SHOW_NS) {
			memset(&ns, 0, sizeof(ns));
			if (td_fill_ns(f, task, &ptrace, &ns)) {
				nsa = td_nla_reserve(out, TASK_DIAG_NS, sizeof(*nsa));
				if (!nsa)
					goto nospace;
				*nsa = ns;
			}
		}
		if ((show & TASK_DIAG_SHOW_CGROUP) && td_fill_cgroup(f, task, out))
			goto nospace;
		if ((show & TASK_DIAG_SHOW_NAME) && td_fill_name(f, task, out))
			goto nospace;
		if ((show & TASK_DIAG_SHOW_WCHAN) && td_fill_wchan(f, task, out))
			goto nospace;
	}

	if ((show & TASK_DIAG_SHOW_CMDLINE) && !cur->cmdline_done) {
		err = td_fill_cmdline(f, task, out, !mark, &truncated);
		if (err == -EMSGSIZE)
			goto nospace;
		if (truncated)
			msg->flags |= TASK_DIAG_FLAG_CMDLINE_TRUNC;
	}
	if (!err && td_maps_of(f, task, &mm)) {
		err = td_fill_vmas(f, mm, out);
		if (mm)
			mmput(mm);
		/* Maps that must wait for a next message, after what this one carries. */
		if (err == -EMSGSIZE && !mark && out->len > body)
			err = -EAGAIN;
		if (err == -EMSGSIZE || err == -EINTR)
			goto abandon;
	}
	td_nlmsg_end(out, nlh);
	if (err == -EAGAIN) {
		if (!cur->cont) {
			cur->cont = true;
			cur->cont_start = task->start_time;
			cur->cont_exec_id = READ_ONCE(task->self_exec_id);
		}
		return -EAGAIN;
	}
	td_cursor_task_done(cur);
	return 0;

nospace:
	err = -EMSGSIZE;
abandon:
	*cur = saved;
	td_out_trim(out, mark);
	return err;
}
