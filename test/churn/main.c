// SPDX-License-Identifier: GPL-2.0
/*
 * churn: dumps against a storm.  READERS threads dump ALL_THREAD with every
 * group in a loop while churn processes fork and reap children, create
 * and end threads, exec, change uids, and map, protect and unmap
 * memory.  Every answer must be well-formed (lib/decode.c checks each read), have
 * no task twice, and hold each task that lived through the whole dump (a set
 * of sleepers made first, and the main thread) exactly once.  Then two threads
 * share one file, and a forked child shares one mid-answer: each read is
 * whole messages and, together, they see each task once.  A watchdog fails
 * the run if anything hangs.  Prints TAP lines; exits 1 on a failure.
 *
 * usage: churn [-t SECONDS] [-r READERS]   (default 60 s, 4 readers)
 *        churn -k TASKS   the SIGKILL test instead: see kill_test()
 *        churn -u         rmmod under readers instead: see unload_test()
 */
#include "churn.h"

static int tid_pipe;

static void *sleeper_thread(void *arg)
{
	uint32_t tid = syscall(SYS_gettid);

	(void)arg;
	if (write(tid_pipe, &tid, sizeof(tid)) != sizeof(tid))
		_exit(1);
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	struct reader r[MAX_READERS] = {};
	int seconds = 60, readers = 4, opt, p[2], status;
	unsigned long dumps = 0, tasks = 0;
	pid_t sleepers[SLEEPERS], churner[CHURNERS];
	struct counts *c;
	double t0, took;

	long kill_tasks = 0;

	while ((opt = getopt(argc, argv, "t:r:k:uh")) != -1) {
		switch (opt) {
		case 't': seconds = atoi(optarg); break;
		case 'r': readers = atoi(optarg); break;
		case 'k': kill_tasks = atol(optarg); break;
		case 'u':
			arm_watchdog(300);
			return unload_test();
		default:
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: churn [-t SECONDS] [-r READERS] | churn -k TASKS | churn -u\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (kill_tasks) {
		arm_watchdog(600);
		return kill_test(kill_tasks);
	}
	if (seconds < 1 || readers < 1 || readers > MAX_READERS)
		return 2;
	arm_watchdog(seconds + 180);

	/* The sleepers: every thread sends its id, then sleeps. */
	if (pipe(p))
		return 2;
	tid_pipe = p[1];
	for (int i = 0; i < SLEEPERS; i++) {
		sleepers[i] = fork();
		if (sleepers[i] == 0) {
			pthread_t t;

			for (int j = 1; j < SLEEPER_THREADS; j++)
				pthread_create(&t, NULL, sleeper_thread, NULL);
			sleeper_thread(NULL);
		}
	}
	for (int i = 0; i < SLEEPERS * SLEEPER_THREADS; i++) {
		uint32_t tid;

		if (read(p[0], &tid, sizeof(tid)) != sizeof(tid))
			return 2;
		add_stable(tid);
	}
	add_stable(getpid());

	c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return 2;
	memset(c, 0, sizeof(*c));
	t0 = now();
	deadline = t0 + seconds;
	for (int i = 0; i < CHURNERS; i++) {
		churner[i] = fork();
		if (churner[i] == 0) {
			if (i)
				fork_storm(c);
			else
				churn(c);
			_exit(0);
		}
	}
	for (int i = 0; i < readers; i++)
		pthread_create(&r[i].thread, NULL, reader, &r[i]);
	for (int i = 0; i < readers; i++) {
		pthread_join(r[i].thread, NULL);
		dumps += r[i].dumps;
		tasks += r[i].tasks;
	}
	status = 0;
	for (int i = 0; i < CHURNERS; i++) {
		int st;

		waitpid(churner[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			status = st;
	}
	took = now() - t0;
	for (int i = 0; i < readers; i++)
		check(!r[i].failure[0], "churn: reader %d: %lu answers, every one well-formed, no task twice, the %d long-lived tasks once each%s%s",
		      i, r[i].dumps, nstable, r[i].failure[0] ? ": " : "", r[i].failure);
	check(WIFEXITED(status) && !WEXITSTATUS(status) && c->forks > 0 && dumps > 0,
	      "churn: %d readers made %lu answers (%.0f tasks each) in %.0f s while %.0f forks/s (%lu in all; %lu execs, %lu uid changes), %.0f threads/s, %.0f mmap/mprotect/munmap rounds/s",
	      readers, dumps, dumps ? (double)tasks / dumps : 0.0, took, c->forks / took,
	      (unsigned long)c->forks, (unsigned long)c->execs, (unsigned long)c->uid_changes,
	      c->threads / took, c->maps / took);

	shared_file();
	forked_file();
	for (int i = 0; i < SLEEPERS; i++)
		kill(sleepers[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return failures ? 1 : 0;
}
