// SPDX-License-Identifier: GPL-2.0
/* churn: rmmod while readers dump. */
#include "churn.h"

/* -u: readers dump in a loop while the module is removed under them. */
struct unloader {
	pthread_t thread;
	unsigned long answers;
	int last_errno;
	char failure[300];
};

static atomic_int stop_readers;

static void *unload_reader(void *arg)
{
	struct unloader *u = arg;
	uint32_t seq = 0;

	while (!stop_readers) {
		struct taskdiag_result res;
		int fd = open(TASKDIAG_PATH, O_RDWR), err;

		if (fd < 0) {
			u->last_errno = errno;
			break;
		}
		for (int k = 0; k < 20; k++) {
			err = taskdiag_request(fd, TASKDIAG_SHOW_ALL, TASK_DIAG_DUMP_ALL_THREAD, 0, ++seq);
			if (err) {
				u->last_errno = -err;
				break;
			}
			taskdiag_collect(fd, 4096 << (seq % 3), seq, TASKDIAG_SHOW_ALL, &res);
			if (res.violation[0])
				snprintf(u->failure, sizeof(u->failure), "%s", res.violation);
			u->last_errno = res.read_errno;
			u->answers += res.done;
			taskdiag_result_free(&res);
			if (u->last_errno || u->failure[0])
				break;
		}
		close(fd);
		if (u->last_errno || u->failure[0])
			break;
	}
	return NULL;
}

int unload_test(void)
{
	struct unloader u[4] = {};
	int st, ok = 1;
	char why[400] = "";

	for (int i = 0; i < 4; i++)
		pthread_create(&u[i].thread, NULL, unload_reader, &u[i]);
	usleep(1500000);
	st = system("rmmod task_diag");
	check(st == 0, "unload: rmmod while 4 readers dump in a loop succeeds (procfs waits for the calls under way)");
	usleep(200000);
	stop_readers = 1;
	for (int i = 0; i < 4; i++) {
		pthread_join(u[i].thread, NULL);
		if (u[i].failure[0] || (u[i].last_errno != EIO && u[i].last_errno != ENOENT)) {
			ok = 0;
			snprintf(why, sizeof(why), "reader %d after %lu answers: %s (last error: %s)", i,
				 u[i].answers, u[i].failure[0] ? u[i].failure : "no violation",
				 strerror(u[i].last_errno));
		}
	}
	check(ok, "unload: every reader saw whole answers, then EIO on its open file or ENOENT on open (%lu, %lu, %lu, %lu answers)%s%s",
	      u[0].answers, u[1].answers, u[2].answers, u[3].answers, ok ? "" : ": ", why);
	check(access(TASKDIAG_PATH, F_OK) < 0 && errno == ENOENT && access("/sys/module/task_diag", F_OK) < 0,
	      "unload: /proc/task_diag and the module are gone");
	return failures ? 1 : 0;
}
