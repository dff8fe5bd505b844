/* SPDX-License-Identifier: GPL-2.0 */
/* The sleeping processes the bench programs fill the machine with (spawn.c). */
#ifndef TD_BENCH_SPAWN_H
#define TD_BENCH_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Fork @procs processes of @threads threads each (their stacks @stack
 * bytes), their pids into @kids[@at...], and return once every one has made
 * its threads; they sleep in pause() until killed, or until this process
 * dies.  Exits with status 2 on failure.
 */
void spawn_sleepers(pid_t *kids, long at, long procs, int threads, size_t stack);

#endif
