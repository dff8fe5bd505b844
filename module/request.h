/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A request as write() accepted it, and the parser: free of the file's
 * state, so that test/fuzz/request_fuzz.c compiles request.c in user space.
 */
#ifndef TASK_DIAG_REQUEST_H
#define TASK_DIAG_REQUEST_H

#include <linux/types.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>

#define TD_SHOW_ALL	(TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED |		\
			 TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT |	\
			 TASK_DIAG_SHOW_STAT | TASK_DIAG_SHOW_CMDLINE)

struct td_request {
	struct nlmsghdr	hdr;		/* echoed in NLMSG_ERROR */
	u64		show_flags;
	u32		strategy;
	u32		pid;
};

int td_request_parse(const void *data, size_t len, struct td_request *req);

#endif /* TASK_DIAG_REQUEST_H */
