// SPDX-License-Identifier: GPL-2.0
/* churn: one file read by two threads at once, and by a child forked mid-answer. */
#include "churn.h"

/*
 * Two threads read one file's answer at once, 1 KiB at a time; groups that
 * are never continued, so that each task is one message.
 */
#define SHARED_SHOW	(TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT)
struct sharer {
	int fd;
	uint32_t seq;
	pthread_barrier_t *go;
	struct taskdiag_result res;
};

static void *share_read(void *arg)
{
	struct sharer *s = arg;
	char *buf = malloc(1024);
	ssize_t n;

	taskdiag_result_init(&s->res);
	pthread_barrier_wait(s->go);
	/* A yield after each read lets the other thread at the file's lock. */
	while ((n = read(s->fd, buf, 1024)) > 0) {
		taskdiag_result_add(&s->res, buf, n, s->seq, SHARED_SHOW);
		sched_yield();
	}
	if (n < 0)
		s->res.read_errno = errno;
	free(buf);
	return NULL;
}

/* One round: both threads read; NULL or what is wrong.  *both: each got some. */
static const char *shared_round(int fd, uint32_t seq, int *both, char *why, size_t len)
{
	pthread_barrier_t go;
	struct sharer s[2];
	pthread_t t[2];
	uint32_t *pids;
	size_t n;
	const char *bad = NULL;

	pthread_barrier_init(&go, NULL, 2);
	if (taskdiag_request(fd, SHARED_SHOW, TASK_DIAG_DUMP_ALL_THREAD, 0, seq))
		return "the request failed";
	for (int i = 0; i < 2; i++) {
		s[i] = (struct sharer){ .fd = fd, .seq = seq, .go = &go };
		pthread_create(&t[i], NULL, share_read, &s[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&go);
	pids = malloc((s[0].res.n + s[1].res.n + 1) * sizeof(*pids));
	n = add_pids(pids, add_pids(pids, 0, &s[0].res), &s[1].res);
	for (int i = 0; i < 2 && !bad; i++) {
		if (s[i].res.violation[0]) {
			snprintf(why, len, "%s", s[i].res.violation);
			bad = why;
		} else if (s[i].res.read_errno) {
			snprintf(why, len, "read: %s", strerror(s[i].res.read_errno));
			bad = why;
		}
	}
	if (!bad && !s[0].res.done && !s[1].res.done)
		bad = "no NLMSG_DONE";
	if (!bad)
		bad = exactly_once(pids, n, why, len);
	*both = s[0].res.reads && s[1].res.reads;
	free(pids);
	taskdiag_result_free(&s[0].res);
	taskdiag_result_free(&s[1].res);
	return bad;
}

void shared_file(void)
{
	int fd = open(TASKDIAG_PATH, O_RDWR), both = 0, rounds, b;
	const char *bad = NULL;
	char why[160];

	/* Until both threads have had a part of one answer, at most 50 rounds. */
	for (rounds = 0; rounds < 50 && !bad && !both; rounds++) {
		bad = shared_round(fd, 4242 + rounds, &b, why, sizeof(why));
		both |= b;
	}
	check(!bad && both, "two threads reading one file at once, %d round(s): whole messages each, together each task once%s%s",
	      rounds, bad ? ": " : (both ? "" : ": never did both threads read"), bad ? bad : "");
	close(fd);
}

/* A child forked mid-answer shares the file: whole messages each, each task once. */
void forked_file(void)
{
	int fd = open(TASKDIAG_PATH, O_RDWR), p[2];
	struct taskdiag_result mine, theirs;
	char *buf = malloc(4096), why[128];
	const char *bad = NULL;
	uint32_t *pids;
	size_t n;
	ssize_t r;
	pid_t child;
	int status;

	if (pipe(p))
		abort();
	taskdiag_request(fd, TASK_DIAG_SHOW_BASE, TASK_DIAG_DUMP_ALL_THREAD, 0, 77);
	taskdiag_result_init(&mine);
	r = read(fd, buf, 1024);
	if (r > 0)
		taskdiag_result_add(&mine, buf, r, 77, TASK_DIAG_SHOW_BASE);
	child = fork();
	if (child == 0) {
		/* Reads whole answers' worth too, then sends its tasks' pids. */
		taskdiag_result_init(&theirs);
		while ((r = read(fd, buf, 512)) > 0)
			taskdiag_result_add(&theirs, buf, r, 77, TASK_DIAG_SHOW_BASE);
		for (size_t i = 0; i < theirs.n; i++)
			if (write(p[1], &theirs.tasks[i].msg.pid, 4) != 4)
				_exit(2);
		_exit(theirs.violation[0] || r < 0 ? 1 : 0);
	}
	close(p[1]);
	while ((r = read(fd, buf, 700)) > 0)
		taskdiag_result_add(&mine, buf, r, 77, TASK_DIAG_SHOW_BASE);
	pids = malloc((mine.n + 65536) * sizeof(*pids));
	n = add_pids(pids, 0, &mine);
	while (n < mine.n + 65536 && read(p[0], &pids[n], 4) == 4)
		n++;
	waitpid(child, &status, 0);
	if (mine.violation[0])
		bad = mine.violation;
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		bad = "the child's reads were not whole messages";
	else
		bad = exactly_once(pids, n, why, sizeof(why));
	check(!bad && n > 0, "a child forked mid-answer shares the file: whole messages, each task once%s%s",
	      bad ? ": " : "", bad ? bad : "");
	free(pids);
	free(buf);
	taskdiag_result_free(&mine);
	close(p[0]);
	close(fd);
}
