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

/*
 * CGROUP needs the kernel's cgroups: a kernel built without them refuses
 * its bit, as it would any group it does not give (request.c, built in user
 * space for the fuzzer, takes it as given).
 */
#if !defined(__KERNEL__) || defined(CONFIG_CGROUPS)
#define TD_SHOW_CGROUP	TASK_DIAG_SHOW_CGROUP
#else
#define TD_SHOW_CGROUP	0
#endif

#define TD_SHOW_ALL	(TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED |		\
			 TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT |	\
			 TASK_DIAG_SHOW_STAT | TASK_DIAG_SHOW_CMDLINE |	\
			 TASK_DIAG_SHOW_SCHED | TASK_DIAG_SHOW_MEM | TASK_DIAG_SHOW_IO |	\
			 TASK_DIAG_SHOW_STATUS | TASK_DIAG_SHOW_GROUPS |		\
			 TASK_DIAG_SHOW_NSPID | TASK_DIAG_SHOW_NS | TD_SHOW_CGROUP |	\
			 TASK_DIAG_SHOW_NAME | TASK_DIAG_SHOW_WCHAN)

struct td_request {
	struct nlmsghdr	hdr;		/* echoed in NLMSG_ERROR */
	u64		show_flags;
	u32		strategy;
	u32		pid;
};

/*
 * The request the series' own clients send (tools/testing/selftests/
 * task_diag/ of the linux-task-diag trees): nlmsg_len counts the payload as
 * an attribute, nla_total_size(sizeof(struct task_diag_pid)), though no
 * attribute header is written, and nlmsg_type and nlmsg_flags are never set.
 */
#define TD_REQ_SERIES	(NLMSG_HDRLEN + NLA_ALIGN(NLA_HDRLEN + sizeof(struct task_diag_pid)))

/* The longest write() a request can be. */
#define TD_REQ_WRITE_MAX	TD_REQ_SERIES

int td_request_parse(const void *data, size_t len, struct td_request *req);

#endif /* TASK_DIAG_REQUEST_H */
