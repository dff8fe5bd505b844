/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink messages in a flat buffer, as the kernel's nlmsg_put(),
 * nlmsg_end(), nlmsg_cancel() and nla_reserve() build them in an skb.
 * Everything reserved is zeroed (padding included), and what
 * td_nla_append() adds its caller writes whole, so nothing of the
 * buffer's earlier contents reaches the reader.
 */
#ifndef TASK_DIAG_MSG_H
#define TASK_DIAG_MSG_H

#include <linux/types.h>
#include <linux/limits.h>
#include <linux/netlink.h>

/* The largest attribute payload: a command line or maps continue past it. */
#define TD_NLA_MAX	((U16_MAX - NLA_HDRLEN) & ~(NLA_ALIGNTO - 1))

struct td_out {
	char	*data;
	size_t	len;
	size_t	size;
};

/* Cut @out back to @mark, a length it had (nlmsg_trim()). */
static inline void td_out_trim(struct td_out *out, size_t mark)
{
	out->len = mark;
}

void *td_put(struct td_out *out, size_t len);
struct nlmsghdr *td_nlmsg_put(struct td_out *out, u16 type, u16 flags, u32 seq, size_t payload);
void td_nlmsg_end(struct td_out *out, struct nlmsghdr *nlh);
void td_nlmsg_cancel(struct td_out *out, struct nlmsghdr *nlh);
void *td_nla_reserve(struct td_out *out, int type, size_t len);
size_t td_nla_room(const struct td_out *out);
void td_nla_trim(struct td_out *out, void *payload, size_t len);
struct nlattr *td_nla_start(struct td_out *out, int type);
void *td_nla_append(struct td_out *out, struct nlattr *nla, size_t len);
void td_nla_end(struct td_out *out, struct nlattr *nla);

#endif /* TASK_DIAG_MSG_H */
