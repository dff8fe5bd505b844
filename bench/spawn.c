// SPDX-License-Identifier: GPL-2.0
/* The sleeping processes the bench programs fill the machine with. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/prctl.h>
#include "spawn.h"

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void fail(const char *what)
{
	perror(what);
	exit(2);
}

void spawn_sleepers(pid_t *kids, long at, long procs, int threads, size_t stack)
{
	int ready[2];
	char c;

	if (pipe(ready))
		fail("pipe");
	for (long i = at; i < at + procs; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			fail("fork");
		if (kids[i] == 0) {
			pthread_attr_t attr;
			pthread_t t;

			prctl(PR_SET_PDEATHSIG, SIGKILL);
			pthread_attr_init(&attr);
			pthread_attr_setstacksize(&attr, stack);
			for (int j = 1; j < threads; j++)
				if (pthread_create(&t, &attr, sleeper, NULL))
					_exit(1);
			if (write(ready[1], "", 1) != 1)
				_exit(1);
			sleeper(NULL);
		}
	}
	for (long i = at; i < at + procs; i++)
		if (read(ready[0], &c, 1) != 1)
			fail("spawn: a child did not start");
	close(ready[0]);
	close(ready[1]);
}
