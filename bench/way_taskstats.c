// SPDX-License-Identifier: GPL-2.0
/* td_bench: the taskstats way: a genetlink request per pid. */
#include "bench.h"

/*
 * taskstats over generic netlink: the family's id once, then one request
 * and one answer per pid (the pids from readdir /proc, as a tool would).
 */
static int ts_fd = -1, ts_family;

static void ts_send(uint16_t type, uint8_t cmd, uint16_t attr, const void *val, uint16_t len)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[64];
	} req = {
		.n = { .nlmsg_type = type, .nlmsg_flags = NLM_F_REQUEST },
		.g = { .cmd = cmd, .version = 1 },
	};
	struct nlattr *a = (struct nlattr *)req.attrs;

	a->nla_type = attr;
	a->nla_len = NLA_HDRLEN + len;
	memcpy((char *)a + NLA_HDRLEN, val, len);
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	if (send(ts_fd, &req, req.n.nlmsg_len, 0) < 0)
		die("taskstats send");
}

/* The answer's attributes, after the generic netlink header; NULL on an error. */
static struct nlattr *ts_recv(ssize_t *len, struct set *s)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	ssize_t n = recv(ts_fd, buf, buf_size, 0);

	if (n < 0)
		die("taskstats recv");
	if (s)
		s->bytes += n;
	if (!NLMSG_OK(h, n) || h->nlmsg_type == NLMSG_ERROR)
		return NULL;
	*len = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	return (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
}

#define nla_for_each(a, start, len) \
	for ((a) = (start); (char *)(a) + NLA_HDRLEN <= (char *)(start) + (len) && \
	     (a)->nla_len >= NLA_HDRLEN; (a) = (struct nlattr *)((char *)(a) + NLA_ALIGN((a)->nla_len)))

static void ts_init(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlattr *attrs, *a;
	ssize_t len;

	ts_fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (ts_fd < 0 || bind(ts_fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("generic netlink");
	ts_send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME,
		sizeof(TASKSTATS_GENL_NAME));
	attrs = ts_recv(&len, NULL);
	if (!attrs) {
		fprintf(stderr, "td_bench: no taskstats family in this kernel\n");
		exit(2);
	}
	nla_for_each(a, attrs, len)
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			ts_family = *(uint16_t *)((char *)a + NLA_HDRLEN);
}

static void taskstats_one(struct set *s, uint32_t pid, const void *arg)
{
	struct nlattr *attrs, *a, *b;
	ssize_t len;

	(void)arg;
	ts_send(ts_family, TASKSTATS_CMD_GET, TASKSTATS_CMD_ATTR_PID, &pid, sizeof(pid));
	attrs = ts_recv(&len, s);
	if (!attrs)
		return;
	nla_for_each(a, attrs, len) {
		if (a->nla_type != TASKSTATS_TYPE_AGGR_PID)
			continue;
		nla_for_each(b, (struct nlattr *)((char *)a + NLA_HDRLEN), a->nla_len - NLA_HDRLEN) {
			const struct taskstats *ts = (const void *)((char *)b + NLA_HDRLEN);
			struct row *r;

			if (b->nla_type != TASKSTATS_TYPE_STATS)
				continue;
			r = set_row(s, pid);
			r->tgid = ts->ac_pid;
			r->ppid = ts->ac_ppid;
			memcpy(r->comm, ts->ac_comm, TASK_DIAG_COMM_LEN - 1);
			r->minflt = ts->ac_minflt;
			r->majflt = ts->ac_majflt;
		}
	}
}

void via_taskstats(struct set *s)
{
	if (ts_fd < 0)
		ts_init();
	for_each_pid("/proc", s, taskstats_one, NULL);
}
