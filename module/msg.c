// SPDX-License-Identifier: GPL-2.0
/* Netlink message primitives over struct td_out (msg.h). */
#include <linux/string.h>
#include "msg.h"

/* Reserve @len bytes and the padding that aligns them, all zeroed (skb_put_zero()). */
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

/*
 * A message header and @payload zeroed bytes after it, or NULL and nothing
 * (nlmsg_put()); the payload is at NLMSG_DATA().  td_nlmsg_end() sets its
 * length once whatever follows is in place.
 */
struct nlmsghdr *td_nlmsg_put(struct td_out *out, u16 type, u16 flags, u32 seq, size_t payload)
{
	size_t mark = out->len;
	struct nlmsghdr *nlh = td_put(out, NLMSG_HDRLEN);

	if (!nlh)
		return NULL;
	if (payload && !td_put(out, payload)) {
		td_out_trim(out, mark);
		return NULL;
	}
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	return nlh;
}

void td_nlmsg_end(struct td_out *out, struct nlmsghdr *nlh)
{
	nlh->nlmsg_len = out->data + out->len - (char *)nlh;
}

/* Remove @nlh and everything after it. */
void td_nlmsg_cancel(struct td_out *out, struct nlmsghdr *nlh)
{
	td_out_trim(out, (char *)nlh - out->data);
}

/* The largest attribute payload that still fits. */
size_t td_nla_room(const struct td_out *out)
{
	size_t left = out->size - out->len;

	return left < NLA_HDRLEN ? 0 : (left - NLA_HDRLEN) & ~(size_t)(NLA_ALIGNTO - 1);
}

/*
 * Reserve an attribute and return its payload (nla_reserve(), nla_data()).
 * Its header and padding are zeroed; a payload of TD_NLA_MAX or less is
 * the caller's to fill whole.  Small payloads (the fixed groups) are
 * zeroed too, so no struct padding ever leaks.
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

/* Shorten the last attribute, whose payload is @payload, to @len bytes. */
void td_nla_trim(struct td_out *out, void *payload, size_t len)
{
	struct nlattr *nla = payload - NLA_HDRLEN;

	nla->nla_len = NLA_HDRLEN + len;
	out->len = (char *)payload - out->data + NLA_ALIGN(len);
	memset((char *)payload + len, 0, NLA_ALIGN(len) - len);
}

/*
 * An attribute whose payload is appended piece by piece, as between
 * nla_nest_start() and nla_nest_end() (without NLA_F_NESTED: the pieces are
 * records, not attributes).  NULL if not even its header fits.
 */
struct nlattr *td_nla_start(struct td_out *out, int type)
{
	void *payload = td_nla_reserve(out, type, 0);

	return payload ? payload - NLA_HDRLEN : NULL;
}

/*
 * @len more bytes of @nla's payload, or NULL if they do not fit.  Not
 * zeroed: the caller writes every one of them (the buffer goes to user
 * space as it is).
 */
void *td_nla_append(struct td_out *out, struct nlattr *nla, size_t len)
{
	size_t used = out->data + out->len - (char *)nla - NLA_HDRLEN;
	void *p;

	if (len > TD_NLA_MAX - used || out->size - out->len < len)
		return NULL;
	p = out->data + out->len;
	out->len += len;
	return p;
}

void td_nla_end(struct td_out *out, struct nlattr *nla)
{
	nla->nla_len = out->data + out->len - (char *)nla;
}
