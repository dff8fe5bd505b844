// SPDX-License-Identifier: GPL-2.0
/*
 * lib_threads: libtaskdiag from several threads, a handle each, built with
 * ThreadSanitizer (make test-drivers): THREADS threads dump every process
 * ROUNDS times with the groups ps asks for, on the backend given (module,
 * procfs, or whichever the library picks).  Any report of the sanitizer
 * (exit 66), an error, or a dump that lacks init fails it (exit 1).
 * usage: lib_threads [module|procfs|auto] [THREADS [ROUNDS]]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <taskdiag/taskdiag.h>

struct job {
	unsigned int	flags;
	int		rounds;
	int		err;
	size_t		tasks;		/* in the last round */
	int		init;		/* it had pid 1, with its name */
};

static void *dump(void *arg)
{
	struct job *j = arg;
	struct taskdiag *td;
	const struct taskdiag_task *t;

	j->err = taskdiag_open(&td, NULL, j->flags);
	if (j->err)
		return NULL;
	for (int r = 0; r < j->rounds && !j->err; r++) {
		uint64_t show = (TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT |
				 TASK_DIAG_SHOW_SCHED | TASK_DIAG_SHOW_MEM | TASK_DIAG_SHOW_CMDLINE |
				 TASK_DIAG_SHOW_NAME) & taskdiag_supported(td);
		int n;

		j->tasks = 0;
		j->init = 0;
		j->err = taskdiag_query(td, show, r % 2 ? TASK_DIAG_DUMP_ALL_THREAD : TASK_DIAG_DUMP_ALL,
					0);
		while (!j->err && (n = taskdiag_next(td, &t)) > 0) {
			struct task_diag_base b;

			j->tasks++;
			if (!taskdiag_task_base(t, &b) && b.pid == 1 && b.comm[0])
				j->init = 1;
		}
		if (!j->err)
			j->err = n;
	}
	taskdiag_close(td);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *backend = argc > 1 ? argv[1] : "auto";
	int threads = argc > 2 ? atoi(argv[2]) : 4, rounds = argc > 3 ? atoi(argv[3]) : 10;
	unsigned int flags = !strcmp(backend, "module") ? TASKDIAG_OPEN_MODULE :
			     !strcmp(backend, "procfs") ? TASKDIAG_OPEN_PROCFS : 0;
	struct job *jobs = calloc(threads, sizeof(*jobs));
	pthread_t *tid = calloc(threads, sizeof(*tid));
	int ok = jobs && tid && threads > 0;

	for (int i = 0; ok && i < threads; i++) {
		jobs[i] = (struct job){ .flags = flags, .rounds = rounds };
		if (pthread_create(&tid[i], NULL, dump, &jobs[i]))
			ok = 0;
	}
	for (int i = 0; ok && i < threads; i++) {
		pthread_join(tid[i], NULL);
		if (jobs[i].err || !jobs[i].init || jobs[i].tasks < 2) {
			printf("# thread %d: %s, %zu tasks, init %s\n", i, taskdiag_strerror(jobs[i].err),
			       jobs[i].tasks, jobs[i].init ? "seen" : "not seen");
			ok = 0;
		}
	}
	/* The caller says ok where this exits 0: the sanitizer's reports change that to 66. */
	printf("%d threads, a handle each, %d dumps each\n", threads, rounds);
	return !ok;
}
