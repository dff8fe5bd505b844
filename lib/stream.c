// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtaskdiag's handle: a query, and its tasks one at a time, from the
 * module (decode.c checks every read) or from procfs (procfs.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"

/*
 * A read's buffer: the module fills it with whole messages, so that its
 * size bounds the tasks held at once (with a task's continuations).
 */
#define TD_READ_SIZE	(256 << 10)

struct taskdiag {
	int		backend;
	int		fd;		/* /proc/task_diag, -1 for procfs */
	char		procdir[PATH_MAX];
	uint64_t	supported;	/* 0: not probed yet */
	/* the query */
	int		active;		/* 1 under way, 2 ended (taskdiag_next() says err) */
	uint64_t	show;
	uint32_t	seq;
	char		*buf;
	struct taskdiag_result res;	/* the tasks of the reads so far not yet returned */
	size_t		pos;		/* the next of them to return */
	int		err;		/* the query's end: 0, or what taskdiag_next() returns */
	struct td_procfs *procfs;
	struct taskdiag_task one;	/* procfs's task */
};

int taskdiag_open(struct taskdiag **tdp, const char *procdir, unsigned int flags)
{
	struct taskdiag *td;
	char path[PATH_MAX + 16];
	int n;

	*tdp = NULL;
	if ((flags & ~(TASKDIAG_OPEN_MODULE | TASKDIAG_OPEN_PROCFS)) ||
	    (flags & TASKDIAG_OPEN_MODULE && flags & TASKDIAG_OPEN_PROCFS))
		return -EINVAL;
	if (!procdir)
		procdir = "/proc";
	td = calloc(1, sizeof(*td));
	if (!td)
		return -ENOMEM;
	n = snprintf(td->procdir, sizeof(td->procdir), "%s", procdir);
	if (n < 0 || (size_t)n >= sizeof(td->procdir)) {
		free(td);
		return -ENAMETOOLONG;
	}
	td->fd = -1;
	if (!(flags & TASKDIAG_OPEN_PROCFS)) {
		snprintf(path, sizeof(path), "%s/task_diag", procdir);
		td->fd = open(path, O_RDWR | O_CLOEXEC);
		if (td->fd < 0 && (errno != ENOENT || flags & TASKDIAG_OPEN_MODULE)) {
			int err = -errno;

			free(td);
			return err;
		}
	}
	if (td->fd >= 0) {
		td->backend = TASKDIAG_BACKEND_MODULE;
	} else {
		td->backend = TASKDIAG_BACKEND_PROCFS;
		td->supported = TD_PROCFS_SUPPORTED;
	}
	*tdp = td;
	return 0;
}

static void query_end(struct taskdiag *td)
{
	taskdiag_result_free(&td->res);
	taskdiag_task_free(&td->one);
	if (td->procfs)
		td_procfs_end(td->procfs);
	td->procfs = NULL;
	free(td->buf);
	td->buf = NULL;
	td->pos = 0;
	td->err = 0;
	td->active = 0;
}

void taskdiag_close(struct taskdiag *td)
{
	if (!td)
		return;
	query_end(td);
	if (td->fd >= 0)
		close(td->fd);
	free(td);
}

int taskdiag_backend(const struct taskdiag *td)
{
	return td->backend;
}

/* A request the module refuses only if it does not give one of @show's groups. */
static int module_gives(struct taskdiag *td, uint64_t show)
{
	return taskdiag_request(td->fd, show, TASK_DIAG_DUMP_ONE, getpid(), td_new_seq()) == 0;
}

/*
 * What the module gives: an unknown SHOW bit is EINVAL, so one request
 * with every bit this library knows, and one a bit where that is refused.
 * A probe replaces any answer still unread, so it ends the query.
 */
uint64_t taskdiag_supported(const struct taskdiag *ctd)
{
	struct taskdiag *td = (struct taskdiag *)ctd;
	uint64_t all = 0;

	if (td->supported)
		return td->supported;
	query_end(td);
	if (module_gives(td, TASKDIAG_SHOW_ALL)) {
		all = TASKDIAG_SHOW_ALL;
	} else {
		for (int i = 0; i <= TASK_DIAG_ATTR_MAX; i++) {
			uint64_t bit = 1ULL << i;

			/* VMA_STAT is asked for only with VMA. */
			if (module_gives(td, bit == TASK_DIAG_SHOW_VMA_STAT ?
					 bit | TASK_DIAG_SHOW_VMA : bit))
				all |= bit;
		}
	}
	td->supported = all;
	return all;
}

int taskdiag_query(struct taskdiag *td, uint64_t show, unsigned int strategy, pid_t pid)
{
	int err;

	query_end(td);
	if (strategy > TASK_DIAG_DUMP_THREAD || pid < 0)
		return -EINVAL;
	if (show & ~TASKDIAG_SHOW_ALL)
		return td->backend == TASKDIAG_BACKEND_MODULE ? -EINVAL : -EOPNOTSUPP;
	if (td->backend == TASKDIAG_BACKEND_PROCFS) {
		if (show & ~TD_PROCFS_SUPPORTED)
			return -EOPNOTSUPP;
		err = td_procfs_start(&td->procfs, td->procdir, show, strategy, pid);
		if (err)
			return err;
		td->show = show;
		td->active = 1;
		return 0;
	}
	td->buf = malloc(TD_READ_SIZE);
	if (!td->buf)
		return -ENOMEM;
	td->seq = td_new_seq();
	err = taskdiag_request(td->fd, show, strategy, pid, td->seq);
	if (err) {
		query_end(td);
		return err;
	}
	taskdiag_result_init(&td->res);
	td->show = show;
	td->active = 1;
	return 0;
}

/* The tasks already returned go; the last one, which may continue, moves first. */
static void drop_returned(struct taskdiag *td)
{
	struct taskdiag_result *res = &td->res;
	size_t keep = td->pos < res->n ? res->n - td->pos : 0;

	for (size_t i = 0; i < td->pos && i < res->n; i++)
		taskdiag_task_free(&res->tasks[i]);
	if (keep)
		memmove(res->tasks, res->tasks + td->pos, keep * sizeof(*res->tasks));
	res->n = keep;
	td->pos = 0;
}

static int module_next(struct taskdiag *td, const struct taskdiag_task **taskp)
{
	struct taskdiag_result *res = &td->res;

	for (;;) {
		ssize_t n;

		if (res->nomem)
			return -ENOMEM;
		if (res->violation[0])
			return -EBADMSG;
		/*
		 * Every task but the last is whole; the last is too once the
		 * dump has ended.
		 */
		if (td->pos + 1 < res->n || (td->pos < res->n && (res->done || res->error))) {
			*taskp = &res->tasks[td->pos++];
			return 1;
		}
		if (res->error)
			return res->error;
		if (res->done)
			return 0;
		drop_returned(td);
		do {
			n = read(td->fd, td->buf, TD_READ_SIZE);
		} while (n < 0 && errno == EINTR);
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EBADMSG;	/* the end, but without NLMSG_DONE */
		taskdiag_result_add(res, td->buf, n, td->seq, td->show);
	}
}

int taskdiag_next(struct taskdiag *td, const struct taskdiag_task **taskp)
{
	int ret;

	*taskp = NULL;
	if (td->active == 2)
		return td->err;
	if (!td->active)
		return -EINVAL;
	if (td->backend == TASKDIAG_BACKEND_PROCFS) {
		taskdiag_task_free(&td->one);
		ret = td_procfs_next(td->procfs, &td->one);
		if (ret > 0)
			*taskp = &td->one;
	} else {
		ret = module_next(td, taskp);
	}
	if (ret <= 0) {
		/* The query's end, said again by each later call. */
		query_end(td);
		td->err = ret;
		td->active = 2;
	}
	return ret;
}

const char *taskdiag_strerror(int err)
{
	switch (-err) {
	case 0:
		return "Success";
	case EBADMSG:
		return "Malformed answer from /proc/task_diag";
	case EOPNOTSUPP:
		return "Group not given by procfs, the backend in use";
	case ENODATA:
		return "The task has no such group";
	default:
		/* strerrordesc_np(), unlike strerror(), is thread-safe: NULL where unknown. */
		if (err < 0 && strerrordesc_np(-err))
			return strerrordesc_np(-err);
		return "Unknown error";
	}
}
