/* SPDX-License-Identifier: GPL-2.0 */
/* What the parts of the task_diag module share (as fs/proc/internal.h). */
#ifndef TASK_DIAG_INTERNAL_H
#define TASK_DIAG_INTERNAL_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>
#include "msg.h"
#include "request.h"

struct cgroup_namespace;
struct file;
struct mm_struct;
struct pid;
struct pid_namespace;
struct super_block;
struct task_struct;
struct vm_area_struct;

/* The most one read() returns, and the kernel buffer it is built in, piece by piece. */
#define TD_READ_MAX		(1024 * 1024)
#define TD_BUF_SIZE		(64 * 1024)

/*
 * procfs is asked by opening a file, whose release waits for the return
 * of read(): one read() asks at most this many times once it has data.
 */
#define TD_ASKS_PER_READ	1024

/* Where a dump stands between two read() calls: numbers, no task references. */
struct td_cursor {
	u32		pos;		/* pid number of the next task to report */
	bool		cont;		/* pos's messages have begun: continue them */
	bool		cmdline_done;	/* all of pos's command line is sent */
	u32		cmdline_off;	/* bytes of pos's command line already sent */
	unsigned long	vma_addr;	/* the address pos's maps go on from */
	u64		cont_start;	/* start_time of the task being continued */
	u64		cont_exec_id;	/* and its self_exec_id: the same program image */
	int		error;		/* sent as NLMSG_ERROR before anything else */
	bool		sent;		/* a task message has been produced */
	bool		done;		/* NLMSG_DONE or NLMSG_ERROR has been sent */
};

/* Forget the task in progress: the next message starts a task. */
static inline void td_cursor_task_done(struct td_cursor *cur)
{
	cur->cont = false;
	cur->cmdline_done = false;
	cur->cmdline_off = 0;
	cur->vma_addr = 0;
}

/* Drop what is left of the task at pos (it is gone) and move past it. */
static inline void td_cursor_skip_task(struct td_cursor *cur)
{
	td_cursor_task_done(cur);
	cur->pos++;
}

struct td_dump {
	struct td_request	req;
	struct pid		*target;	/* ONE: the task, else its thread group */
	u32			target_nr;
	struct td_cursor	cur;
};

/* One open /proc/task_diag. */
struct td_file {
	struct mutex		lock;		/* serializes write() and read() */
	struct file		*file;		/* its f_cred decides everything */
	struct super_block	*sb;		/* the procfs mount: pid namespace, hidepid */
	struct pid_namespace	*ns;
	struct mm_struct	*opener_mm;	/* its memory at open (mmgrab()), or NULL */
	struct pid		*opener_tgid;	/* and its thread group, referenced */
	bool			active;		/* a request has been accepted */
	unsigned int		asks;		/* procfs asked during this read() */
	struct td_dump		dump;
	char			*buf;		/* the response being built */
	size_t			buf_size;
	char			*scratch;	/* one page: setproctitle() titles, paths */
	u64			boot_offset;	/* the opener's time namespace's, in ns */
	struct cgroup_namespace	*cgroup_ns;	/* the opener's, referenced */
};

/* file.c */
int td_proc_init(void);
void td_proc_exit(void);

/* access.c: what the opener may see */
enum td_verdict { TD_DENY, TD_ALLOW, TD_ASK };
enum td_verdict td_visible_fast(struct td_file *f, struct task_struct *task);
bool td_visible_ask(struct td_file *f, struct task_struct *task);
struct mm_struct *td_maps_mm(struct td_file *f, struct task_struct *task);

/* procfs's ptrace verdict on one task, asked at most once per message. */
struct td_ptrace {
	bool	asked;
	bool	allowed;
	bool	own;		/* one of the opener's threads */
	u64	mnt;		/* the inode number of its ns/mnt link, 0 if none */
};

bool td_ptrace_allowed(struct td_file *f, struct task_struct *task, struct td_ptrace *p);
bool td_io_allowed(struct td_file *f, struct task_struct *task, struct td_ptrace *p, pid_t *nr);
bool td_still_nr(struct td_file *f, struct task_struct *task, pid_t nr);
u64 td_ns_link(struct td_file *f, struct task_struct *task, struct td_ptrace *p,
	       const char *link);

/* vma.c and vma_stat.c */
int td_fill_vmas(struct td_file *f, struct mm_struct *mm, struct td_out *out);
void td_vma_stat(struct vm_area_struct *vma, struct task_diag_vma_stat *stat);
void td_walker_probe(void);

/* iter.c */
void td_iter_start(struct td_file *f);
struct task_struct *td_iter_next(struct td_file *f);
bool td_iter_whole_process(const struct td_dump *d);

/* fill.c: the message; a task's times, whole process or thread, in ns */
struct td_times {
	unsigned long	minflt, majflt;
	u64		utime, stime, gtime;
};

int td_fill_task(struct td_file *f, struct task_struct *task, struct td_out *out);
void td_task_times(struct task_struct *task, bool whole, struct td_times *tt);
void td_under_stats_lock(struct task_struct *task,
			 void (*fn)(struct task_struct *task, void *arg), void *arg);
u64 td_clock_t(u64 ns);

/* sched.c, mem.c, io.c: the groups from /proc/PID/stat, status, statm, io */
void td_fill_sched(struct td_file *f, struct task_struct *task, const struct td_times *tt,
		   struct task_diag_sched *s);
void td_fill_mem(struct task_struct *task, struct task_diag_mem *m);
bool td_fill_io(struct td_file *f, struct task_struct *task, bool whole,
		struct td_ptrace *p, struct task_diag_io *io);

/* status.c, ns.c: the rest of status, the namespaces, the cgroup */
bool td_under_siglock(struct task_struct *task,
		      void (*fn)(struct task_struct *task, void *arg), void *arg);
void td_fill_status(struct td_file *f, struct task_struct *task, struct task_diag_status *st);
bool td_fill_groups(struct td_file *f, struct task_struct *task, struct td_out *out, bool *cut);
bool td_fill_nspid(struct td_file *f, struct task_struct *task, struct td_out *out);
bool td_fill_ns(struct td_file *f, struct task_struct *task, struct td_ptrace *p,
		struct task_diag_ns *ns);
int td_fill_cgroup(struct td_file *f, struct task_struct *task, struct td_out *out);

/* access.c, name.c: what only procfs can say, read from it */
extern struct workqueue_struct *td_ask_wq;
ssize_t td_read_procfs(struct td_file *f, struct task_struct *task, const char *file, char *buf,
		       size_t size, bool ptrace);
int td_fill_name(struct td_file *f, struct task_struct *task, struct td_out *out);
int td_fill_wchan(struct td_file *f, struct task_struct *task, struct td_out *out);

/* dump.c */
ssize_t td_dump_fill(struct td_file *f, struct td_out *out);

#endif /* TASK_DIAG_INTERNAL_H */
