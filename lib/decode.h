/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The client side of /proc/task_diag: build a request, read the whole
 * answer into an array of tasks, and check every message on the way (whole
 * messages per read, sequence numbers, attribute sizes, zero padding,
 * continuation); and, inline, the walk over a message's attributes and the
 * names of what the ABI numbers.  Plain C on <linux/netlink.h>: the format
 * is one fixed request and flat attributes, which asks nothing of libnl.  The tools, the tests
 * and the benchmark all read the wire format through this.  No global
 * state; errors are negative errno values.
 */
#ifndef TASKDIAG_DECODE_H
#define TASKDIAG_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>
#include <taskdiag/taskdiag.h>

#define TASKDIAG_PATH		"/proc/task_diag"

/*
 * The series' groups of fixed size; those and the command line; the groups
 * added since (0.3.0); every group this library knows.
 */
#define TASKDIAG_SHOW_FIXED	(TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT)
#define TASKDIAG_SHOW_NO_MAPS	(TASKDIAG_SHOW_FIXED | TASK_DIAG_SHOW_CMDLINE)
/* The texts procfs prints from what modules cannot call (0.4.0). */
#define TASKDIAG_SHOW_TEXTS	(TASK_DIAG_SHOW_NAME | TASK_DIAG_SHOW_WCHAN)
#define TASKDIAG_SHOW_PROCFS	(TASK_DIAG_SHOW_SCHED | TASK_DIAG_SHOW_MEM | TASK_DIAG_SHOW_IO |	\
				 TASK_DIAG_SHOW_STATUS | TASK_DIAG_SHOW_GROUPS |		\
				 TASK_DIAG_SHOW_NSPID | TASK_DIAG_SHOW_NS | TASK_DIAG_SHOW_CGROUP)
#define TASKDIAG_SHOW_ALL	(TASKDIAG_SHOW_NO_MAPS | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT | \
				 TASKDIAG_SHOW_PROCFS | TASKDIAG_SHOW_TEXTS)


/*
 * The attributes of a task message (after its struct task_diag_msg), each
 * whole: the walk ends at the message's end or at the first that is not.
 */
static inline const struct nlattr *taskdiag_attr_at(const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *a = (const struct nlattr *)((const char *)nlh + off);

	if (off + NLA_HDRLEN > nlh->nlmsg_len || a->nla_len < NLA_HDRLEN ||
	    a->nla_len > nlh->nlmsg_len - off)
		return NULL;
	return a;
}

static inline const struct nlattr *taskdiag_attr_first(const struct nlmsghdr *nlh)
{
	return taskdiag_attr_at(nlh, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct task_diag_msg)));
}

static inline const struct nlattr *taskdiag_attr_next(const struct nlmsghdr *nlh,
						       const struct nlattr *a)
{
	return taskdiag_attr_at(nlh, (size_t)((const char *)a - (const char *)nlh) +
				     NLA_ALIGN(a->nla_len));
}

#define taskdiag_for_each_attr(a, nlh) \
	for ((a) = taskdiag_attr_first(nlh); (a); (a) = taskdiag_attr_next(nlh, a))

static inline const void *taskdiag_attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static inline size_t taskdiag_attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

struct taskdiag_vma {
	struct task_diag_vma	 v;		/* name_off etc. as received */
	int			 has_stat;
	struct task_diag_vma_stat stat;
	char			 *name;		/* NULL if none */
};

/*
 * A task as received.  A group's struct holds min(nla_len, sizeof) bytes of
 * its attribute, the rest zero: a newer module's longer struct reads as
 * this one, an older module's shorter one with its newer fields 0.
 */
struct taskdiag_task {
	struct task_diag_msg	msg;
	int			has_base, has_cred, has_stat, has_cmdline;
	int			has_sched, has_mem, has_io;	/* IO: where the opener may read it */
	int			has_status, has_groups, has_nspid, has_cgroup;
	int			has_ns;				/* where the opener may read it */
	struct task_diag_base	base;
	struct task_diag_creds	cred;
	struct task_diag_stat	stat;
	struct task_diag_sched	sched;
	struct task_diag_mem	mem;
	struct task_diag_io	io;
	struct task_diag_status	status;
	uint32_t		*groups;		/* TASK_DIAG_GROUPS */
	size_t			ngroups;
	int			groups_truncated;	/* TASK_DIAG_FLAG_GROUPS_TRUNC seen */
	struct task_diag_nspid	*nspid;			/* TASK_DIAG_NSPID, the file's namespace first */
	size_t			nnspid;
	struct task_diag_ns	ns;
	uint64_t		cgroup_id;		/* TASK_DIAG_CGROUP */
	char			*cgroup_path;		/* NULL if none */
	int			has_name, has_wchan;
	char			*name;			/* TASK_DIAG_NAME */
	char			*wchan;			/* TASK_DIAG_WCHAN */
	char			*cmdline;
	size_t			cmdline_len;
	int			cmdline_truncated;	/* TASK_DIAG_FLAG_CMDLINE_TRUNC seen */
	int			has_vma;
	struct taskdiag_vma		*vmas;
	size_t			nvmas, vma_cap;
};

struct taskdiag_result {
	struct taskdiag_task	*tasks;
	size_t		n, cap;
	int		error;		/* NLMSG_ERROR's error, 0 if none */
	int		done;		/* NLMSG_DONE seen */
	int		read_errno;	/* errno of a failed read(), 0 if none */
	int		nomem;		/* a task could not be kept whole: out of memory */
	int		reads;		/* read() calls that returned data */
	int		messages;
	uint32_t	last_len;	/* nlmsg_len of the last message */
	char		violation[256];	/* the first protocol violation, "" if none */
};

/* Write a request; returns 0 or -errno. */
int taskdiag_request(int fd, uint64_t show, uint64_t strategy, uint32_t pid, uint32_t seq);
/* A new request's sequence number: random, else the clock. */
uint32_t td_new_seq(void);

/* Read the answer with reads of @bufsize bytes into @res (zeroed first). */
void taskdiag_collect(int fd, size_t bufsize, uint32_t seq, uint64_t show,
		      struct taskdiag_result *res);

/*
 * The same a read() at a time: taskdiag_result_add() checks and keeps the @n bytes
 * one read() returned, taskdiag_result_end() checks that the answer was whole.
 */
void taskdiag_result_init(struct taskdiag_result *res);
void taskdiag_result_add(struct taskdiag_result *res, void *buf, size_t n, uint32_t seq,
			 uint64_t show);
void taskdiag_result_end(struct taskdiag_result *res);

/* Request and collect in one go; returns the request's result. */
int taskdiag_dump(int fd, uint64_t show, uint64_t strategy, uint32_t pid, size_t bufsize,
	    struct taskdiag_result *res);

struct taskdiag_task *taskdiag_find(struct taskdiag_result *res, uint32_t pid);
/* What a task holds besides itself: its arrays, strings and maps. */
void taskdiag_task_free(struct taskdiag_task *t);
void taskdiag_result_free(struct taskdiag_result *res);

#endif
