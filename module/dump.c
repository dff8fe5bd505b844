// SPDX-License-Identifier: GPL-2.0
/*
 * The response: netlink messages built in a flat buffer, as many whole ones
 * as the reader's buffer holds, resumed from the cursor on the next read().
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/string.h>
#include "task_diag.h"

/* Reserve @len bytes and the padding that aligns them, all zeroed. */
void *td_put(struct td_out *out, size_t len)
{
	size_t alen = NLMSG_ALIGN(len);
	void *p;

	if (alen < len || out->size - out->len < alen)
		return NULL;
	p = out->data + out->len;
	memset(p, 0, alen);
	out->len += alen;
	return p;
}

struct nlmsghdr *td_msg_start(struct td_out *out, u16 type, u16 flags, u32 seq)
{
	struct nlmsghdr *nlh = td_put(out, NLMSG_HDRLEN);

	if (nlh) {
		nlh->nlmsg_type = type;
		nlh->nlmsg_flags = flags;
		nlh->nlmsg_seq = seq;
	}
	return nlh;
}

void td_msg_end(struct td_out *out, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = out->data + out->len - (char *)nlh;
}

/* The largest attribute payload that still fits. */
size_t td_nla_room(const struct td_out *out)
{
	size_t left = out->size - out->len;

	return left < NLA_HDRLEN ? 0 : (left - NLA_HDRLEN) & ~(size_t)(NLA_ALIGNTO - 1);
}

/*
 * Reserve an attribute.  Its header and padding are zeroed; a payload of
 * TD_NLA_MAX or less is the caller's to fill whole.  Small payloads
 * (the fixed groups) are zeroed too, so no struct padding ever leaks.
 */
void *td_nla_reserve(struct td_out *out, int type, size_t len)
{
	struct nlattr *nla;
	size_t alen = NLA_ALIGN(len);

	if (len > TD_NLA_MAX || out->size - out->len < NLA_HDRLEN + alen)
		return NULL;
	nla = (struct nlattr *)(out->data + out->len);
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	out->len += NLA_HDRLEN + alen;
	if (len <= 256)
		memset(nla + 1, 0, alen);
	else
		memset((char *)(nla + 1) + len, 0, alen - len);
	return nla + 1;
}

/* A message with a @len-byte payload, whole or not at all: its zeroed payload, or NULL. */
static void *td_msg_put(struct td_out *out, u16 type, u16 flags, u32 seq, size_t len)
{
	size_t mark = out->len;
	struct nlmsghdr *nlh = td_msg_start(out, type, flags, seq);
	void *payload = nlh ? td_put(out, len) : NULL;

	if (!payload) {
		out->len = mark;
		return NULL;
	}
	td_msg_end(out, nlh);
	return payload;
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
