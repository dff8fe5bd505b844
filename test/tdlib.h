/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small client library for /proc/task_diag, on libnl-3: build a request,
 * read the whole answer into an array of tasks, and check every message on
 * the way (whole messages per read, sequence numbers, attribute sizes, zero
 * padding, continuation).  Used by the test suite and the tools.
 */
#ifndef TDLIB_H
#define TDLIB_H

#include <stddef.h>
#include <stdint.h>
#include <linux/task_diag.h>

struct td_vma {
	struct task_diag_vma	 v;		/* name_off etc. as received */
	int			 has_stat;
	struct task_diag_vma_stat stat;
	char			 *name;		/* NULL if none */
};

struct td_task {
	struct task_diag_msg	msg;
	int			has_base, has_cred, has_stat, has_cmdline;
	struct task_diag_base	base;
	struct task_diag_creds	cred;
	struct task_diag_stat	stat;
	char			*cmdline;
	size_t			cmdline_len;
	int			cmdline_truncated;	/* TASK_DIAG_FLAG_CMDLINE_TRUNC seen */
	int			has_vma;
	struct td_vma		*vmas;
	size_t			nvmas;
};

struct td_result {
	struct td_task	*tasks;
	size_t		n, cap;
	int		error;		/* NLMSG_ERROR's error, 0 if none */
	int		done;		/* NLMSG_DONE seen */
	int		read_errno;	/* errno of a failed read(), 0 if none */
	int		reads;		/* read() calls that returned data */
	int		messages;
	uint32_t	last_len;	/* nlmsg_len of the last message */
	char		violation[256];	/* the first protocol violation, "" if none */
};

/* Write a request; returns 0 or -errno. */
int td_request(int fd, uint64_t show, uint64_t strategy, uint32_t pid, uint32_t seq);

/* Read the answer with reads of @bufsize bytes into @res (zeroed first). */
void td_collect(int fd, size_t bufsize, uint32_t seq, uint64_t show, struct td_result *res);

/*
 * The same a read() at a time: td_result_add() checks and keeps the @n bytes
 * one read() returned, td_result_end() checks that the answer was whole.
 */
void td_result_init(struct td_result *res);
void td_result_add(struct td_result *res, void *buf, size_t n, uint32_t seq, uint64_t show);
void td_result_end(struct td_result *res);

/* Request and collect in one go; returns the request's result. */
int td_dump(int fd, uint64_t show, uint64_t strategy, uint32_t pid, size_t bufsize,
	    struct td_result *res);

struct td_task *td_find(struct td_result *res, uint32_t pid);
void td_result_free(struct td_result *res);

#endif
