/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * task_diag: a binary, batched interface to process information.
 *
 * A client opens /proc/task_diag, write()s one request (a struct nlmsghdr of
 * type TASK_DIAG_CMD_GET followed by a struct task_diag_pid) and read()s the
 * answer: netlink messages, one or more per task, then NLMSG_DONE.  Each
 * per-task message is a struct nlmsghdr, a struct task_diag_msg and one
 * netlink attribute per group asked for in show_flags (TASK_DIAG_VMA only
 * where the opener may read the task's maps, TASK_DIAG_IO its io file).
 *
 * Wire-compatible with the task_diag patch series (2016-2018).
 */
#ifndef _UAPI_LINUX_TASK_DIAG_H
#define _UAPI_LINUX_TASK_DIAG_H

#include <linux/const.h>
#include <linux/types.h>
#include <linux/netlink.h>

/* nlmsg_type of requests and of per-task replies. */
#define TASK_DIAG_CMD_GET	0xd101

/* Heads every per-task reply. */
struct task_diag_msg {
	__u32	pid;
	__u32	tgid;
	__u32	flags;
};

/* The message continues the attributes of the previous message's task. */
#define TASK_DIAG_FLAG_CONT	0x00000001
/*
 * The task's command line is longer than TASK_DIAG_CMDLINE_MAX and was cut
 * there; set on the message that carries its last piece.  /proc/PID/cmdline
 * has the rest.
 */
#define TASK_DIAG_FLAG_CMDLINE_TRUNC	0x00000002

/* Attribute groups: netlink attribute types of a per-task reply. */
enum {
	TASK_DIAG_BASE	= 0,
	TASK_DIAG_CRED,
	TASK_DIAG_VMA,
	TASK_DIAG_VMA_STAT,
	TASK_DIAG_STAT,
	TASK_DIAG_CMDLINE,
	TASK_DIAG_SCHED,	/* from version 0.3.0 */
	TASK_DIAG_MEM,
	TASK_DIAG_IO,
	TASK_DIAG_STATUS,
	TASK_DIAG_GROUPS,
	TASK_DIAG_NSPID,
	TASK_DIAG_NS,
	TASK_DIAG_CGROUP,
	TASK_DIAG_NAME,		/* from version 0.4.0 */
	TASK_DIAG_WCHAN,

	__TASK_DIAG_ATTR_MAX
#define TASK_DIAG_ATTR_MAX (__TASK_DIAG_ATTR_MAX - 1)
};

#define TASK_DIAG_SHOW_BASE	_BITULL(TASK_DIAG_BASE)
#define TASK_DIAG_SHOW_CRED	_BITULL(TASK_DIAG_CRED)
#define TASK_DIAG_SHOW_VMA	_BITULL(TASK_DIAG_VMA)
#define TASK_DIAG_SHOW_VMA_STAT	_BITULL(TASK_DIAG_VMA_STAT)
#define TASK_DIAG_SHOW_STAT	_BITULL(TASK_DIAG_STAT)
#define TASK_DIAG_SHOW_CMDLINE	_BITULL(TASK_DIAG_CMDLINE)
#define TASK_DIAG_SHOW_SCHED	_BITULL(TASK_DIAG_SCHED)
#define TASK_DIAG_SHOW_MEM	_BITULL(TASK_DIAG_MEM)
#define TASK_DIAG_SHOW_IO	_BITULL(TASK_DIAG_IO)
#define TASK_DIAG_SHOW_STATUS	_BITULL(TASK_DIAG_STATUS)
#define TASK_DIAG_SHOW_GROUPS	_BITULL(TASK_DIAG_GROUPS)
#define TASK_DIAG_SHOW_NSPID	_BITULL(TASK_DIAG_NSPID)
#define TASK_DIAG_SHOW_NS	_BITULL(TASK_DIAG_NS)
#define TASK_DIAG_SHOW_CGROUP	_BITULL(TASK_DIAG_CGROUP)
#define TASK_DIAG_SHOW_NAME	_BITULL(TASK_DIAG_NAME)
#define TASK_DIAG_SHOW_WCHAN	_BITULL(TASK_DIAG_WCHAN)

/*
 * How the ABI grows.  A new group is a new attribute type and SHOW bit; a
 * group's struct grows only at its end, and no field ever changes meaning
 * or goes away.  So a reader takes min(nla_len, sizeof) bytes of an
 * attribute and zero-fills the rest: a newer module's longer struct then
 * reads as the struct the reader knows, an older module's as one whose
 * newer fields are 0.  Attribute types a reader does not know are skipped.
 * A module refuses a request with a SHOW bit it does not know (EINVAL), so
 * a client learns whether a module gives a group by asking for it.
 */

/* Task states, as the state letter of /proc/PID/stat ("RSDTtXZPI"). */
enum {
	TASK_DIAG_RUNNING	= 0,	/* R */
	TASK_DIAG_INTERRUPTIBLE	= 1,	/* S */
	TASK_DIAG_UNINTERRUPTIBLE = 2,	/* D */
	TASK_DIAG_STOPPED	= 3,	/* T */
	TASK_DIAG_TRACE_STOP	= 4,	/* t */
	TASK_DIAG_DEAD		= 5,	/* X */
	TASK_DIAG_ZOMBIE	= 6,	/* Z */
	TASK_DIAG_PARKED	= 7,	/* P */
	TASK_DIAG_IDLE		= 8,	/* I */
};

#define TASK_DIAG_COMM_LEN	16

/* TASK_DIAG_BASE: identity and state, as /proc/PID/stat and status. */
struct task_diag_base {
	__u32	tgid;
	__u32	pid;
	__u32	ppid;
	__u32	tpid;		/* the tracer's pid, 0 if none */
	__u32	sid;
	__u32	pgid;
	__u8	state;		/* TASK_DIAG_RUNNING ... TASK_DIAG_IDLE */
	char	comm[TASK_DIAG_COMM_LEN];	/* NUL-terminated, zero-padded */
};

struct task_diag_caps {
	__u32	cap[2];		/* cap[0]: capabilities 0-31, cap[1]: 32-63 */
};

/* TASK_DIAG_CRED: as the Uid, Gid and Cap lines of /proc/PID/status. */
struct task_diag_creds {
	struct task_diag_caps	cap_inheritable;
	struct task_diag_caps	cap_permitted;
	struct task_diag_caps	cap_effective;
	struct task_diag_caps	cap_bset;

	__u32	uid;
	__u32	euid;
	__u32	suid;
	__u32	fsuid;
	__u32	gid;
	__u32	egid;
	__u32	sgid;
	__u32	fsgid;
};

/*
 * TASK_DIAG_STAT: as /proc/PID/stat, times in USER_HZ clock ticks as there
 * (sysconf(_SC_CLK_TCK)), as the series sent them.
 */
struct task_diag_stat {
	__u64	minflt;
	__u64	cminflt;
	__u64	majflt;
	__u64	cmajflt;
	__u64	utime;
	__u64	stime;
	__u64	cutime;
	__u64	cstime;

	__u32	threads;
};

/*
 * TASK_DIAG_SCHED: scheduling, start and times, as /proc/PID/stat and
 * status show them: for a process (ALL, ONE, CHILDREN) its
 * /proc/PID/stat, whose times add up its threads, and its leader's
 * status; for a thread (ALL_THREAD, THREAD) /proc/PID/task/TID/stat and
 * status.  Times in nanoseconds: those of TASK_DIAG_STAT (clock ticks)
 * before rounding.
 */
struct task_diag_sched {
	__u64	start_time;	/* ns after boot, as stat's starttime (field 22) */
	__u64	start_ticks;	/* the same in clock ticks: stat's field 22 */
	__u64	utime;		/* stat's fields 14 to 17, 43 and 44, in ns */
	__u64	stime;
	__u64	cutime;
	__u64	cstime;
	__u64	gtime;		/* guest time */
	__u64	cgtime;
	__u64	nvcsw;		/* status's voluntary_ctxt_switches (the task's own) */
	__u64	nivcsw;		/* and nonvoluntary_ctxt_switches */
	__u32	flags;		/* stat's field 9: PF_* */
	__s32	exit_signal;	/* field 38 */
	__s32	prio;		/* field 18 */
	__s32	nice;		/* field 19 */
	__u32	policy;		/* field 41: SCHED_* */
	__u32	rt_priority;	/* field 40 */
	__u32	processor;	/* field 39: the CPU it last ran on */
	__u32	tty_nr;		/* field 7: the controlling terminal, 0 if none */
	__s32	tpgid;		/* field 8: its foreground process group, -1 if none */
	__s32	oom_score_adj;	/* /proc/PID/oom_score_adj */
};

/*
 * TASK_DIAG_MEM: the memory's figures, as the Vm and Rss lines of
 * /proc/PID/status, in bytes; all 0 for a task without memory (a kernel
 * thread, a zombie), whose status has no such lines.  /proc/PID/statm in
 * pages is size = vm_size, resident = vm_rss, shared = rss_file +
 * rss_shmem, text = text, data = vm_data + vm_stk.  The same for every
 * thread of a process.
 */
struct task_diag_mem {
	__u64	vm_peak;
	__u64	vm_size;
	__u64	vm_lck;
	__u64	vm_pin;
	__u64	vm_hwm;
	__u64	vm_rss;
	__u64	rss_anon;
	__u64	rss_file;
	__u64	rss_shmem;
	__u64	vm_data;
	__u64	vm_stk;
	__u64	vm_exe;
	__u64	vm_lib;
	__u64	vm_pte;
	__u64	vm_swap;
	__u64	text;		/* statm's text: the code's span, page-aligned */
};

/*
 * TASK_DIAG_IO: as /proc/PID/io (a process: its threads' and its dead
 * threads' added up) and /proc/PID/task/TID/io (a thread), given where the
 * opener could read that file.
 */
struct task_diag_io {
	__u64	rchar;
	__u64	wchar;
	__u64	syscr;
	__u64	syscw;
	__u64	read_bytes;
	__u64	write_bytes;
	__u64	cancelled_write_bytes;
};

/*
 * TASK_DIAG_STATUS: the rest of /proc/PID/status that tools read.  Signal
 * sets have signal n at bit n - 1, as status's hexadecimal masks.
 */
struct task_diag_status {
	struct task_diag_caps	cap_ambient;	/* CapAmb */
	__u64	sig_pending;	/* SigPnd: the task's own */
	__u64	shd_pending;	/* ShdPnd: its process's */
	__u64	sig_blocked;	/* SigBlk */
	__u64	sig_ignored;	/* SigIgn */
	__u64	sig_caught;	/* SigCgt */
	__s32	umask;		/* Umask, -1 where status has none (no fs_struct) */
	__u32	no_new_privs;	/* NoNewPrivs */
	__u32	seccomp;	/* Seccomp: SECCOMP_MODE_* */
	__u32	seccomp_filters; /* Seccomp_filters */
	__u32	ngroups;	/* how many supplementary groups (TASK_DIAG_GROUPS) */
	__u32	pid_levels;	/* how many pid namespaces (TASK_DIAG_NSPID) */
};

/*
 * TASK_DIAG_GROUPS: the supplementary groups, as status's Groups line: an
 * array of __u32 gids as the opener's user namespace sees them.  At most
 * TASK_DIAG_GROUPS_MAX of them; a task with more (NGROUPS_MAX is 65536)
 * has them cut there, its message flagged TASK_DIAG_FLAG_GROUPS_TRUNC.
 */
#define TASK_DIAG_GROUPS_MAX		4096
#define TASK_DIAG_FLAG_GROUPS_TRUNC	0x00000004

/*
 * TASK_DIAG_NSPID: the task's ids in every pid namespace from the file's
 * down to the task's own, as status's NStgid, NSpid, NSpgid and NSsid: an
 * array of struct task_diag_nspid, the file's namespace first.
 */
struct task_diag_nspid {
	__u32	tgid;
	__u32	pid;
	__u32	pgid;
	__u32	sid;
};

/*
 * TASK_DIAG_NS: the inode numbers of the task's namespaces, as the links
 * of /proc/PID/ns/ name them ("net:[4026531840]"); 0 where the link does
 * not resolve (a zombie has none but user and pid).  Given where the
 * opener may read those links (procfs's ptrace check).
 */
struct task_diag_ns {
	__u64	cgroup;
	__u64	ipc;
	__u64	mnt;
	__u64	net;
	__u64	pid;
	__u64	pid_for_children;
	__u64	time;
	__u64	time_for_children;
	__u64	user;
	__u64	uts;
};

/*
 * TASK_DIAG_CGROUP: the task's cgroup v2, as the "0::" line of
 * /proc/PID/cgroup: a struct task_diag_cgroup, then the path (relative
 * to the opener's cgroup namespace, NUL-terminated, ending in
 * " (deleted)" for a removed cgroup) at path_off.  Refused (EINVAL) by a
 * module built for a kernel without cgroups.
 */
struct task_diag_cgroup {
	__u64	id;		/* the cgroup's id: its inode number in cgroupfs */
	__u16	path_off;	/* from the start of this struct; path_len 0: none */
	__u16	path_len;	/* with its NUL */
	__u32	__reserved;	/* 0 */
};

/*
 * TASK_DIAG_NAME: the task's name as /proc/PID/stat and /proc/PID/comm
 * print it, NUL-terminated, at most TASK_DIAG_NAME_LEN bytes with the NUL:
 * BASE's comm for a user task; for a kernel thread its whole name, and for
 * a workqueue worker the workqueue it serves ("kworker/0:1-events"), which
 * BASE's 16 bytes cut.
 */
#define TASK_DIAG_NAME_LEN	64

/*
 * TASK_DIAG_WCHAN: the text of /proc/PID/wchan, NUL-terminated, at most
 * TASK_DIAG_WCHAN_LEN bytes with the NUL: the kernel function the task
 * waits in, or "0" (running, or not the opener's to see: procfs makes its
 * ptrace check); absent where procfs would not open the file.
 */
#define TASK_DIAG_WCHAN_LEN	512

/*
 * TASK_DIAG_CMDLINE carries the bytes of /proc/PID/cmdline, without any
 * struct around them.  A command line that does not fit one message is
 * continued in the following TASK_DIAG_FLAG_CONT messages: concatenate the
 * attribute payloads of a task's messages to get the whole of it.  At most
 * TASK_DIAG_CMDLINE_MAX bytes are given per task: no command line that
 * execve() can make is longer (it caps arguments and environment together
 * at 6 MiB), only ones that a process points at other memory itself
 * (prctl(PR_SET_MM)); those are cut, and flagged TASK_DIAG_FLAG_CMDLINE_TRUNC.
 */
#define TASK_DIAG_CMDLINE_MAX	(6 << 20)

/*
 * TASK_DIAG_VMA: the process's memory mappings, as /proc/PID/maps shows
 * them, in an array of variable-length records, each aligned to
 * NLA_ALIGNTO.  A record is a struct task_diag_vma followed by its optional
 * struct task_diag_vma_stat (TASK_DIAG_VMA_STAT) and its optional name
 * (NUL-terminated; name_len counts the NUL).  Offsets are from the start of
 * the record; a length of 0 means absent.  Given with the thread-group
 * leader only.  Mappings that do not fit one message continue in the next,
 * flagged TASK_DIAG_FLAG_CONT.
 */
struct task_diag_vma {
	__u64	start;
	__u64	end;
	__u64	vm_flags;	/* TASK_DIAG_VMA_F_* */
	__u64	pgoff;		/* file offset in bytes */
	__u32	major;		/* the mapped file's device */
	__u32	minor;
	__u64	inode;
	__u32	generation;
	__u16	vma_len;	/* the whole record, aligned */
	__u16	name_off;
	__u16	name_len;
	__u16	stat_off;
	__u16	stat_len;
};

/*
 * TASK_DIAG_VMA_STAT: as the mapping's lines of /proc/PID/smaps, in bytes,
 * but pss, which is in bytes << TASK_DIAG_PSS_SHIFT (smaps's own sum of
 * fractions of pages, as the series sent it): pss >> TASK_DIAG_PSS_SHIFT
 * is bytes.
 */
#define TASK_DIAG_PSS_SHIFT	12

struct task_diag_vma_stat {
	__u64	resident;
	__u64	shared_clean;
	__u64	shared_dirty;
	__u64	private_clean;
	__u64	private_dirty;
	__u64	referenced;
	__u64	anonymous;
	__u64	anonymous_thp;
	__u64	swap;
	__u64	pss;
};

/* vm_flags: the series' own bits, whatever the kernel's are. */
#define TASK_DIAG_VMA_F_READ		_BITULL(0)
#define TASK_DIAG_VMA_F_WRITE		_BITULL(1)
#define TASK_DIAG_VMA_F_EXEC		_BITULL(2)
#define TASK_DIAG_VMA_F_SHARED		_BITULL(3)
#define TASK_DIAG_VMA_F_MAYREAD		_BITULL(4)
#define TASK_DIAG_VMA_F_MAYWRITE	_BITULL(5)
#define TASK_DIAG_VMA_F_MAYEXEC		_BITULL(6)
#define TASK_DIAG_VMA_F_MAYSHARE	_BITULL(7)
#define TASK_DIAG_VMA_F_GROWSDOWN	_BITULL(8)
#define TASK_DIAG_VMA_F_PFNMAP		_BITULL(9)
#define TASK_DIAG_VMA_F_DENYWRITE	_BITULL(10)
#define TASK_DIAG_VMA_F_MPX		_BITULL(11)
#define TASK_DIAG_VMA_F_LOCKED		_BITULL(12)
#define TASK_DIAG_VMA_F_IO		_BITULL(13)
#define TASK_DIAG_VMA_F_SEQ_READ	_BITULL(14)
#define TASK_DIAG_VMA_F_RAND_READ	_BITULL(15)
#define TASK_DIAG_VMA_F_DONTCOPY	_BITULL(16)
#define TASK_DIAG_VMA_F_DONTEXPAND	_BITULL(17)
#define TASK_DIAG_VMA_F_ACCOUNT		_BITULL(18)
#define TASK_DIAG_VMA_F_NORESERVE	_BITULL(19)
#define TASK_DIAG_VMA_F_HUGETLB		_BITULL(20)
#define TASK_DIAG_VMA_F_ARCH_1		_BITULL(21)
#define TASK_DIAG_VMA_F_DONTDUMP	_BITULL(22)
#define TASK_DIAG_VMA_F_SOFTDIRTY	_BITULL(23)
#define TASK_DIAG_VMA_F_MIXEDMAP	_BITULL(24)
#define TASK_DIAG_VMA_F_HUGEPAGE	_BITULL(25)
#define TASK_DIAG_VMA_F_NOHUGEPAGE	_BITULL(26)
#define TASK_DIAG_VMA_F_MERGEABLE	_BITULL(27)

/* Walk the records of a TASK_DIAG_VMA attribute (a struct nlattr *). */
#define task_diag_for_each_vma(vma, attr)					\
	for ((vma) = (struct task_diag_vma *)((char *)(attr) + NLA_HDRLEN);	\
	     (char *)(vma) + sizeof(*(vma)) <= (char *)(attr) + (attr)->nla_len &&	\
	     (vma)->vma_len >= sizeof(*(vma));					\
	     (vma) = (struct task_diag_vma *)((char *)(vma) + (vma)->vma_len))

static inline const char *task_diag_vma_name(const struct task_diag_vma *vma)
{
	return vma->name_len ? (const char *)vma + vma->name_off : (const char *)0;
}

static inline const struct task_diag_vma_stat *
task_diag_vma_stat(const struct task_diag_vma *vma)
{
	return vma->stat_len ?
		(const struct task_diag_vma_stat *)((const char *)vma + vma->stat_off) :
		(const struct task_diag_vma_stat *)0;
}

/* Which tasks a request asks for. */
enum {
	TASK_DIAG_DUMP_ALL		= 0,	/* every process */
	TASK_DIAG_DUMP_ONE		= 1,	/* the task pid */
	TASK_DIAG_DUMP_ALL_THREAD	= 2,	/* every thread */
	TASK_DIAG_DUMP_CHILDREN		= 3,	/* the processes whose parent is pid */
	TASK_DIAG_DUMP_THREAD		= 4,	/* every thread of pid's process */
};

/* The payload of a request, after its struct nlmsghdr. */
struct task_diag_pid {
	__u64	show_flags;	/* TASK_DIAG_SHOW_* */
	__u64	dump_strategy;	/* TASK_DIAG_DUMP_* */
	__u32	pid;		/* for DUMP_ONE, DUMP_CHILDREN, DUMP_THREAD */
};

#endif /* _UAPI_LINUX_TASK_DIAG_H */
