// SPDX-License-Identifier: GPL-2.0
/*
 * lib/decode.c's checker against answers made here byte by byte: a
 * well-formed one passes, and each defect it is meant to see is seen.
 * Runs on the host (make lint); exits 1 if a case goes the wrong way.
 */
#include <stdio.h>
#include <string.h>
#include "decode.h"

static unsigned char buf[512];
static size_t len;

static void *put(const void *p, size_t n, size_t align)
{
	void *at = buf + len;

	memcpy(at, p, n);
	len += (n + align - 1) & ~(align - 1);
	return at;
}

/*
 * One task message with BASE and @extra bytes after it, then NLMSG_DONE;
 * with @unknown, an attribute of a type this library does not know after
 * those.
 */
static void answer(size_t extra, int base_len, int unknown)
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
	if (unknown) {
		struct nlattr u = { .nla_len = NLA_HDRLEN + 8, .nla_type = TASK_DIAG_ATTR_MAX + 7 };

		put(&u, sizeof(u), 4);
		len += 8;
	}
	hp->nlmsg_len = len;
	h.nlmsg_type = NLMSG_DONE;
	h.nlmsg_len = NLMSG_HDRLEN + sizeof(int);
	put(&h, sizeof(h), 4);
	put(&zero, sizeof(zero), 4);
}

static int run(const char *what, int want_violation, size_t extra, int base_len, int unknown)
{
	struct taskdiag_result res;
	int ok;

	answer(extra, base_len, unknown);
	taskdiag_result_init(&res);
	taskdiag_result_add(&res, buf, len, 7, TASK_DIAG_SHOW_BASE);
	taskdiag_result_end(&res);
	ok = !!res.violation[0] == want_violation && res.done;
	/* What passes is read as the struct this library knows. */
	if (!want_violation)
		ok &= res.n == 1 && res.tasks[0].has_base && !strcmp(res.tasks[0].base.comm, "init");
	printf("%s - lib/decode.c: %s%s%s\n", ok ? "ok" : "not ok", what,
	       res.violation[0] ? ": " : "", res.violation);
	taskdiag_result_free(&res);
	return ok;
}

int main(void)
{
	int ok = 1;

	ok &= run("a well-formed answer passes", 0, 0, sizeof(struct task_diag_base), 0);
	ok &= run("bytes after the last attribute are seen", 1, 8, sizeof(struct task_diag_base), 0);
	ok &= run("an attribute longer than its message is seen", 1, 0,
		  sizeof(struct task_diag_base) + 64, 0);
	ok &= run("a BASE shorter than it ever was is seen", 1, 0,
		  sizeof(struct task_diag_base) - 4, 0);
	/* The ABI's growth rule: a newer module's longer struct, and its new groups. */
	ok &= run("a longer BASE (a newer module's) reads as the BASE known", 0, 8,
		  sizeof(struct task_diag_base) + 8, 0);
	ok &= run("an attribute of an unknown type is skipped", 0, 0,
		  sizeof(struct task_diag_base), 1);
	return ok ? 0 : 1;
}
