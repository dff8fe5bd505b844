/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What libtaskdiag's two backends share (private to the library): the
 * procfs backend fills the same struct taskdiag_task the module's messages
 * are decoded into, so that every accessor reads both alike.
 */
#ifndef TASKDIAG_BACKEND_H
#define TASKDIAG_BACKEND_H

#include "decode.h"

/* The groups the procfs backend gives. */
#define TD_PROCFS_SUPPORTED	(TASKDIAG_SHOW_NO_MAPS | TASKDIAG_SHOW_PROCFS | \
				 TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT | TASKDIAG_SHOW_TEXTS)

struct td_procfs;

/*
 * A query by reading @procdir/PID/...: 0 and *@pp, or -errno (-EINVAL for
 * what the module's write() refuses: VMA_STAT without VMA, pid 0 for ONE,
 * THREAD or CHILDREN).  A ONE, THREAD or CHILDREN pid procfs does not show
 * (none, or hidden by hidepid=) starts as the module's does, and its first
 * td_procfs_next() returns -ESRCH, as taskdiag_next() does with the
 * module's NLMSG_ERROR.
 *
 * Every group the same as the module's, field for field, but where procfs
 * prints less:
 * - SCHED's times (start_time, utime ... cgtime) are stat's clock ticks in
 *   ns, up to a tick (a process's: a tick per thread) below the module's;
 * - VMA's generation is 0 (procfs does not print i_generation), and Pss is
 *   smaps's, rounded down to a kB (then << TASK_DIAG_PSS_SHIFT); Swap is
 *   smaps's, which counts a shmem mapping's pages swapped from the file;
 *   the [vsyscall] gate area is left out, as the module leaves it out;
 * - CGROUP's id is found through the first cgroup2 mount this process
 *   sees: 0 where the cgroup is removed, outside that mount or its path
 *   longer than procfs prints;
 * - BASE's comm is stat's name cut as the module gives it (a workqueue
 *   worker's without its last work, any name at 15 bytes): a rescuer
 *   thread whose workqueue's name holds '-' or '+' may differ;
 * - what moves between one file's reading and the next (counters, state)
 *   is read from each file at its moment, not at one instant.
 * VMA reads smaps (its VmFlags give the flags maps lacks), which walks the
 * page tables, even without VMA_STAT.
 */
int td_procfs_start(struct td_procfs **pp, const char *procdir, uint64_t show,
		    unsigned int strategy, pid_t pid);
/*
 * The next task into @t (zeroed by the caller, freed with
 * taskdiag_task_free()): 1, 0 at the end, or -errno.  A task that exits
 * while it is read is skipped, as the module skips it.
 */
int td_procfs_next(struct td_procfs *p, struct taskdiag_task *t);
void td_procfs_end(struct td_procfs *p);

/*
 * procfs_maps.c: @procfd's @dir ("PID/") smaps into @t's maps, with their
 * statistics where @stats: 0, or -errno (-EACCES where procfs refuses them).
 */
int td_procfs_maps(int procfd, const char *dir, int stats, struct taskdiag_task *t);

#endif
