// SPDX-License-Identifier: GPL-2.0
/*
 * Request parsing: what write() accepts.  A request is exactly one
 * struct nlmsghdr and one struct task_diag_pid, written in one write() whose
 * length equals nlmsg_len; or the request of the series' clients
 * (TD_REQ_SERIES).  Anything else is -EINVAL and changes nothing.  Longer
 * requests of type TASK_DIAG_CMD_GET are left for attributes after the
 * payload, should a later version take any.
 */
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "request.h"

#define TD_REQ_MIN	(NLMSG_HDRLEN + offsetofend(struct task_diag_pid, pid))
#define TD_REQ_MAX	(NLMSG_HDRLEN + sizeof(struct task_diag_pid))
#define TD_REQ_FLAGS	(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)

int td_request_parse(const void *data, size_t len, struct td_request *req)
{
	const struct nlmsghdr *nlh = data;
	struct task_diag_pid p = {};
	size_t plen;

	if (len < NLMSG_HDRLEN || nlh->nlmsg_len != len)
		return -EINVAL;
	/*
	 * The series' clients' request: type and flags 0, only the struct's
	 * fields read, as the series' kernel did (the struct's padding and the
	 * 4 bytes after it are whatever was in the client's buffer).
	 */
	if (len == TD_REQ_SERIES && !nlh->nlmsg_type && !nlh->nlmsg_flags) {
		memcpy(&p, (const char *)data + NLMSG_HDRLEN,
		       offsetofend(struct task_diag_pid, pid));
		goto check;
	}
	/* The payload is struct task_diag_pid, with or without its tail padding. */
	if (len != TD_REQ_MIN && len != TD_REQ_MAX)
		return -EINVAL;
	if (nlh->nlmsg_type != TASK_DIAG_CMD_GET)
		return -EINVAL;
	if (!(nlh->nlmsg_flags & NLM_F_REQUEST) || (nlh->nlmsg_flags & ~TD_REQ_FLAGS))
		return -EINVAL;

	/* A payload of sizeof(p) must have zero tail padding. */
	plen = len - NLMSG_HDRLEN;
	memcpy(&p, (const char *)data + NLMSG_HDRLEN, plen);
	if (memchr_inv((const char *)data + TD_REQ_MIN, 0, len - TD_REQ_MIN))
		return -EINVAL;
check:
	if (p.show_flags & ~TD_SHOW_ALL)
		return -EINVAL;
	/* Page statistics belong to mappings. */
	if ((p.show_flags & TASK_DIAG_SHOW_VMA_STAT) && !(p.show_flags & TASK_DIAG_SHOW_VMA))
		return -EINVAL;

	switch (p.dump_strategy) {
	case TASK_DIAG_DUMP_ALL:
	case TASK_DIAG_DUMP_ALL_THREAD:
		p.pid = 0;	/* not used: ignored, as the original series did */
		break;
	case TASK_DIAG_DUMP_ONE:
	case TASK_DIAG_DUMP_CHILDREN:
	case TASK_DIAG_DUMP_THREAD:
		if (!p.pid)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}

	req->hdr = *nlh;
	req->show_flags = p.show_flags;
	req->strategy = p.dump_strategy;
	req->pid = p.pid;
	return 0;
}
