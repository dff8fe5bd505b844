// SPDX-License-Identifier: GPL-2.0
/* churn: the storm (forks, execs, uid changes, threads, memory) and the readers dumping through it. */
#include "churn.h"

/* The churn processes' counts, shared with the parent. */
static void *short_thread(void *arg)
{
	return arg;
}

static void *memory_churn(void *arg)
{
	struct counts *c = arg;

	while (now() < deadline) {
		size_t len = (1 + (c->maps % 16)) << 14;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			continue;
		memset(p, 1, len);
		mprotect(p, len / 2, PROT_READ);
		munmap(p + len / 2, len / 2);
		munmap(p, len / 2);
		c->maps++;
	}
	return NULL;
}

/* Forks and reaps as fast as it can: vfork, so that no memory is copied. */
void fork_storm(struct counts *c)
{
	while (now() < deadline) {
		pid_t pid = vfork();

		if (pid == 0)
			_exit(0);
		if (pid > 0 && waitpid(pid, NULL, 0) == pid)
			c->forks++;
	}
}

/* Execs, uid changes, threads and memory: the rest of what a busy host does. */
void churn(struct counts *c)
{
	pthread_t mem;
	unsigned long i;

	pthread_create(&mem, NULL, memory_churn, c);
	for (i = 0; now() < deadline; i++) {
		pid_t pid = fork();
		pthread_t t;

		if (pid == 0) {
			if (i % 2) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(127);
			} else {
				uid_t u = 1000 + i % 7;

				if (setresgid(u, u, u) || setresuid(u, u, u))
					_exit(1);
				usleep(1000);
			}
			_exit(0);
		}
		if (pid > 0 && waitpid(pid, NULL, 0) == pid) {
			c->forks++;
			c->execs += i % 2;
			c->uid_changes += !(i % 2);
		}
		if (!pthread_create(&t, NULL, short_thread, NULL)) {
			pthread_join(t, NULL);
			c->threads++;
		}
	}
	pthread_join(mem, NULL);
}

void *reader(void *arg)
{
	static const size_t sizes[] = { 4096, 65536, 1 << 20 };
	struct reader *r = arg;
	int fd = open(TASKDIAG_PATH, O_RDWR);
	unsigned int seq = 1;

	if (fd < 0) {
		snprintf(r->failure, sizeof(r->failure), "open: %s", strerror(errno));
		return NULL;
	}
	while (now() < deadline && !r->failure[0]) {
		struct taskdiag_result res;
		uint32_t *pids;
		char why[128];
		const char *bad;

		if (taskdiag_request(fd, TASKDIAG_SHOW_ALL, TASK_DIAG_DUMP_ALL_THREAD, 0, ++seq)) {
			snprintf(r->failure, sizeof(r->failure), "request: %s", strerror(errno));
			break;
		}
		taskdiag_collect(fd, sizes[seq % 3], seq, TASKDIAG_SHOW_ALL, &res);
		if (res.violation[0] || res.read_errno || !res.done) {
			snprintf(r->failure, sizeof(r->failure), "answer %lu: %s (read: %s)", r->dumps,
				 res.violation[0] ? res.violation : "no NLMSG_DONE",
				 strerror(res.read_errno));
			taskdiag_result_free(&res);
			break;
		}
		pids = malloc((res.n + 1) * sizeof(*pids));
		bad = exactly_once(pids, add_pids(pids, 0, &res), why, sizeof(why));
		if (bad)
			snprintf(r->failure, sizeof(r->failure), "answer %lu: %s", r->dumps, bad);
		r->dumps++;
		r->tasks += res.n;
		free(pids);
		taskdiag_result_free(&res);
	}
	close(fd);
	return NULL;
}
