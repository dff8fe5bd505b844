// SPDX-License-Identifier: GPL-2.0
/*
 * lib/taskdiag.c's checker against answers made here byte by byte: a
 * well-formed one passes, and each defect it is meant to see is seen.
 * Runs on the host (make lint); exits 1 if a case goes the wrong way.
 */
#include <stdio.h>
#include <string.h>
#include "taskdiag.h"

static unsigned char buf[512];
static size_t len;

static void *put(const void *p, size_t n, size_t align)
{
	void *at = buf + len;

	memcpy(at, p, n);
	len += (n + align - 1) & ~(align - 1);
	return at;
}

/* One task message with BASE and @extra bytes after it, then NLMSG_DONE. */
static void answer(size_t extra, int base_len)
{
	struct nlmsghdr h = { .nlmsg_type = TASK_DIAG_CMD_GET, .nlmsg_flags = NLM_F_MULTI,
			      .nlmsg_seq = 7 };
	struct task_diag_msg m = { .pid = 1, .tgid = 1 };
	struct nlattr a = { .nla_len = NLA_HDRLEN + base_len, .nla_type = TASK_DIAG_BASE };
	struct task_diag_base b = { .pid = 1, .tgid = 1, .comm = "init" };
	struct nlmsghdr *hp;
	int zero = 0;

	memset(buf, 0, sizeof(buf));
	len = 0;
	hp = put(&h, sizeof(h), 4);
	put(&m, sizeof(m), 4);
	put(&a, sizeof(a), 4);
	put(&b, sizeof(b), 4);
	len += extra;
	hp->nlmsg_len = len;
	h.nlmsg_type = NLMSG_DONE;
	h.nlmsg_len = NLMSG_HDRLEN + sizeof(int);
	put(&h, sizeof(h), 4);
	put(&zero, sizeof(zero), 4);
}

static int run(const char *what, int want_violation, size_t extra, int base_len)
{
	struct taskdiag_result res;
	int ok;

	answer(extra, base_len);
	taskdiag_result_init(&res);
	taskdiag_result_add(&res, buf, len, 7, TASK_DIAG_SHOW_BASE);
	taskdiag_result_end(&res);
	ok = !!res.violation[0] == want_violation && res.done;
	printf("%s - lib/taskdiag.c: %s%s%s\n", ok ? "ok" : "not ok", what,
	       res.violation[0] ? ": " : "", res.violation);
	taskdiag_result_free(&res);
	return ok;
}

int main(void)
{
	int ok = 1;

	ok &= run("a well-formed answer passes", 0, 0, sizeof(struct task_diag_base));
	ok &= run("bytes after the last attribute are seen", 1, 8, sizeof(struct task_diag_base));
	ok &= run("an attribute longer than its message is seen", 1, 0,
		  sizeof(struct task_diag_base) + 64);
	ok &= run("a BASE of the wrong size is seen", 1, 0, sizeof(struct task_diag_base) - 4);
	return ok ? 0 : 1;
}
