// SPDX-License-Identifier: GPL-2.0
/* churn: the SIGKILL test: a dump over many tasks ends promptly when its reader is killed. */
#include "churn.h"

/* A thread of the kill test's crowd: a page of stack, asleep for good. */
static int crowd_thread(void *arg)
{
	(void)arg;
	/* ppoll() of nothing, without a timeout: pause(2) is x86's alone. */
	for (;;)
		syscall(SYS_ppoll, NULL, 0, NULL, NULL, 0);
	return 0;
}

static void write_sysctl(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(value, f);
		fclose(f);
	}
}

/*
 * -k TASKS: a dump over TASKS tasks, read 1 MiB at a time by a child, is
 * interrupted by SIGKILL: the child must be gone within 100 ms of the
 * signal, five times over.
 */
int kill_test(long want)
{
	const long per_proc = 1000;
	long procs = (want + per_proc - 1) / per_proc, made = 0;
	double full, worst = 0, t;
	struct taskdiag_result res;
	int ready[2], fd;
	pid_t *crowd = calloc(procs, sizeof(pid_t));

	write_sysctl("/proc/sys/kernel/pid_max", "4194304");
	write_sysctl("/proc/sys/kernel/threads-max", "4194304");
	if (pipe(ready) || !crowd)
		return 2;
	for (long i = 0; i < procs; i++) {
		crowd[i] = fork();
		if (crowd[i] == 0) {
			long n = 1;

			for (; n < per_proc; n++) {
				char *stack = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
						   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

				if (stack == MAP_FAILED ||
				    clone(crowd_thread, stack + 4096, CLONE_VM | CLONE_FS | CLONE_FILES |
					  CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM, NULL) < 0)
					break;
			}
			if (write(ready[1], &n, sizeof(n)) != sizeof(n))
				_exit(1);
			for (;;)
				pause();
		}
	}
	for (long i = 0; i < procs; i++) {
		long n;

		if (read(ready[0], &n, sizeof(n)) != sizeof(n))
			return 2;
		made += n;
	}
	check(made >= want, "kill: %ld tasks made in %ld processes", made, procs);

	fd = open(TASKDIAG_PATH, O_RDWR);
	t = now();
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT |
		      TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ALL_THREAD, 0, 1 << 20, &res);
	full = now() - t;
	check(!res.violation[0] && res.done && (long)res.n >= made,
	      "kill: a whole dump of %zu tasks, 1 MiB reads, takes %.0f ms", res.n, full * 1000);
	taskdiag_result_free(&res);
	close(fd);

	for (int round = 0; round < 5; round++) {
		int go[2];
		pid_t child;
		char c;

		if (pipe(go))
			return 2;
		child = fork();
		if (child == 0) {
			char *buf = malloc(1 << 20);

			fd = open(TASKDIAG_PATH, O_RDWR);
			taskdiag_request(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT |
					 TASK_DIAG_SHOW_CMDLINE, TASK_DIAG_DUMP_ALL_THREAD, 0, 1);
			if (write(go[1], "", 1) != 1)
				_exit(1);
			for (;;)
				if (read(fd, buf, 1 << 20) <= 0)
					break;
			_exit(3);	/* the whole dump ended before the signal */
		}
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			return 2;
		close(go[0]);
		/* Somewhere in the dump, which takes far longer. */
		usleep(20000 + 30000 * round);
		t = now();
		kill(child, SIGKILL);
		int status;

		waitpid(child, &status, 0);
		t = now() - t;
		if (!WIFSIGNALED(status)) {
			check(0, "kill: round %d: the dump ended before the signal", round);
			continue;
		}
		if (t > worst)
			worst = t;
	}
	check(worst <= 0.100, "kill: SIGKILL during a dump: the reader is gone within %.1f ms at worst of 5 (bound 100 ms; the whole dump takes %.0f ms)",
	      worst * 1000, full * 1000);
	for (long i = 0; i < procs; i++)
		kill(crowd[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	free(crowd);
	return failures ? 1 : 0;
}
