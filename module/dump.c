// SPDX-License-Identifier: GPL-2.0
/*
 * The response: as many whole messages as the reader's buffer holds (msg.c
 * builds them), resumed from the cursor on the next read().
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include "internal.h"

/* A message with a @len-byte payload, whole or not at all: its zeroed payload, or NULL. */
static void *td_msg_put(struct td_out *out, u16 type, u16 flags, u32 seq, size_t len)
{
	struct nlmsghdr *nlh = td_nlmsg_put(out, type, flags, seq, len);

	if (!nlh)
		return NULL;
	td_nlmsg_end(out, nlh);
	return NLMSG_DATA(nlh);
}

static bool td_put_done(struct td_file *f, struct td_out *out)
{
	return td_msg_put(out, NLMSG_DONE, NLM_F_MULTI, f->dump.req.hdr.nlmsg_seq, sizeof(int));
}

static bool td_put_error(struct td_file *f, struct td_out *out, int error)
{
	struct nlmsgerr *e = td_msg_put(out, NLMSG_ERROR, 0, f->dump.req.hdr.nlmsg_seq,
					sizeof(*e));

	if (!e)
		return false;
	e->error = error;
	e->msg = f->dump.req.hdr;
	return true;
}

/* End the dump: NLMSG_ERROR if it failed, else NLMSG_DONE. */
static void td_dump_end(struct td_file *f, struct td_out *out, int error)
{
	struct td_cursor *cur = &f->dump.cur;

	if (error ? td_put_error(f, out, error) : td_put_done(f, out))
		cur->done = true;
}

/*
 * Fill @out with the next whole messages.  Returns their length, 0 once the
 * dump is over, -EMSGSIZE when not even one message fits, -EINTR when a
 * fatal signal arrived before anything was produced.
 */
ssize_t td_dump_fill(struct td_file *f, struct td_out *out)
{
	struct td_dump *d = &f->dump;
	struct td_cursor *cur = &d->cur;
	struct task_struct *task;
	int err;

	while (!cur->done) {
		if (cur->error) {
			td_dump_end(f, out, cur->error);
			break;
		}
		if (fatal_signal_pending(current))
			return out->len ? out->len : -EINTR;
		/* Enough files wait for their release at the end of this read(). */
		if (f->asks >= TD_ASKS_PER_READ && out->len)
			break;

		task = td_iter_next(f);
		if (IS_ERR(task))
			return out->len ? out->len : PTR_ERR(task);
		if (!task) {
			/* ESRCH if the one task asked for went away before it was read. */
			td_dump_end(f, out, d->req.strategy == TASK_DIAG_DUMP_ONE && !cur->sent ?
				    -ESRCH : 0);
			break;
		}
		err = td_fill_task(f, task, out);
		put_task_struct(task);
		if (err == -EINTR)
			return out->len ? out->len : -EINTR;
		if (err == -EMSGSIZE)
			break;
		if (err == -ESRCH) {
			/* Gone between finding and filling: skipped, with what is left of it. */
			td_cursor_skip_task(cur);
			continue;
		}
		cur->sent = true;
		if (err == 0)
			cur->pos++;
		cond_resched();
	}
	if (!out->len && !cur->done)
		return -EMSGSIZE;
	return out->len;
}
