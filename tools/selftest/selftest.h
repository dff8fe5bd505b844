/* SPDX-License-Identifier: GPL-2.0 */
/*
 * task_diag_test: round trips through /proc/task_diag, every answer checked
 * against procfs and against processes this program makes.  What its parts
 * (one file per area) share.
 */
#ifndef TD_SELFTEST_H
#define TD_SELFTEST_H

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include "decode.h"
#include "tap.h"

#define BIG		(1 << 20)
#define UNPRIV		1000
#ifndef PR_SET_VMA
#define PR_SET_VMA		0x53564d41
#define PR_SET_VMA_ANON_NAME	0
#endif

/* The fixtures' readiness pipe, at fixed descriptors. */
#define READY_R	98
#define READY_W	99

/* This program's own path, for the fixtures it runs as itself. */
extern char *self_exe;

/* A task as procfs shows it (procfs.c). */
struct pstat {
	int		ok;
	int		pid, tgid, ppid, pgid, sid, tpid;
	char		state;
	char		comm[64];
	unsigned long	minflt, cminflt, majflt, cmajflt, utime, stime;
	long		cutime, cstime, threads;
	unsigned int	uid[4], gid[4];
	unsigned long long cap[4];	/* inh, prm, eff, bnd */
	char		*cmdline;
	size_t		cmdline_len;
	/* for SCHED, MEM and IO */
	long long	f[53];		/* stat's fields by number (from 3, the state's, on) */
	unsigned long long nvcsw, nivcsw;
	unsigned long long vm[15];	/* status's VmPeak to VmSwap in kB, in struct task_diag_mem's order */
	unsigned long long statm[7];
	int		has_io;		/* its io file could be read */
	unsigned long long io[7];
	int		oom_score_adj;
	/* for STATUS, GROUPS, NSPID, NS and CGROUP */
	unsigned long long capamb, sig[5];	/* SigPnd, ShdPnd, SigBlk, SigIgn, SigCgt */
	int		umask;			/* -1: no Umask line */
	unsigned int	nnp, seccomp, seccomp_filters;
	unsigned int	groups[64];
	int		ngroups;
	unsigned int	nsid[4][32];		/* NStgid, NSpid, NSpgid, NSsid */
	int		nlevels;
	int		ns_ok;			/* its ns links resolve for this process */
	unsigned long long ns[10];		/* in struct task_diag_ns's order, 0: no link */
	char		cgroup[512];		/* the 0:: line's path, "" if none */
	int		has_wchan;		/* its wchan file could be read */
	char		wchan[512];
};

/*
 * Every group of fixed size and the command line, what compare() knows:
 * of the groups since 0.3.0, those this module gives (a kernel without
 * cgroups refuses CGROUP), as a client learns it by asking (main.c).
 */
extern uint64_t show_every;
#define SHOW_EVERY	show_every

/* A line of maps, with smaps's fields where read (maps.c). */
struct mline {
	unsigned long long start, end, pgoff, inode;
	unsigned int major, minor;
	char perms[5];
	char *name;
	unsigned long long flags;	/* from smaps VmFlags, if read */
	int has_flags;
	unsigned long long st[10];	/* smaps, kB, in struct task_diag_vma_stat's order */
};


/* procfs.c */
void die(const char *what) __attribute__((noreturn));
int open_rdwr(const char *path);
char *read_file(const char *path, size_t *len);
const char *suid_copy(void);
void pstat_read(const char *procdir, int tgid, int pid, int thread, struct pstat *p);
void pstat_free(struct pstat *p);
int proc_pids(const char *procdir, int threads, int **out);
int has_pid(const int *pids, int n, int pid);
unsigned long long caps64(const struct task_diag_caps *c);
const char *compare(const struct taskdiag_task *t, const struct pstat *a, const struct pstat *b,
		    uint64_t show, int whole);
int verify_dump(const char *procdir, int fd, uint64_t strategy, uint64_t show, size_t bufsize,
		const char *label);

/* fixtures.c */
/* The fixtures' unit, the kernel's page size: 4 KiB, or arm64's 16 or 64 KiB. */
static inline size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

void ready(void);
void wait_ready(int n);
pid_t make_tree(pid_t kids[3]);
pid_t ready_or_absent(pid_t pid);
pid_t spawn_self(char *const argv[]);
void wait_state(pid_t pid, char state);
int helper(int argc, char **argv);

/* protocol.c */
void test_bad_requests(void);
void test_protocol(void);
void test_fixtures(void);

/* visibility.c */
void become_user(gid_t extra);
void in_child(void (*fn)(void), const char *what);
void write_map(const char *file, const char *map);
void mount_procs(void);
void test_visibility(void);
void umount_procs(void);

/* maps.c */
const char *one_maps(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
		     struct mline *known, int nknown);
void test_maps(void);
int procfs_gives(const char *procdir, pid_t pid, const char *file, int content);
void test_maps_access(void);

/* matrix.c */
void test_matrix(void);

/* boundary.c */
void test_boundary(void);

/* backends.c */
void test_backends(void);

#endif
