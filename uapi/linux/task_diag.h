/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * task_diag: a binary, batched interface to process information.
 *
 * A client opens /proc/task_diag, write()s one request (a struct nlmsghdr of
 * type TASK_DIAG_CMD_GET followed by a struct task_diag_pid) and read()s the
 * answer: netlink messages, one or more per task, then NLMSG_DONE.  Each
 * per-task message is a struct nlmsghdr, a struct task_diag_msg and one
 * netlink attribute per group asked for in show_flags.
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

/* Attribute groups: netlink attribute types of a per-task reply. */
enum {
	TASK_DIAG_BASE	= 0,
	TASK_DIAG_CRED,
	TASK_DIAG_VMA,
	TASK_DIAG_VMA_STAT,
	TASK_DIAG_STAT,
	TASK_DIAG_CMDLINE,

	__TASK_DIAG_ATTR_MAX
#define TASK_DIAG_ATTR_MAX (__TASK_DIAG_ATTR_MAX - 1)
};

#define TASK_DIAG_SHOW_BASE	_BITULL(TASK_DIAG_BASE)
#define TASK_DIAG_SHOW_CRED	_BITULL(TASK_DIAG_CRED)
#define TASK_DIAG_SHOW_VMA	_BITULL(TASK_DIAG_VMA)
#define TASK_DIAG_SHOW_VMA_STAT	_BITULL(TASK_DIAG_VMA_STAT)
#define TASK_DIAG_SHOW_STAT	_BITULL(TASK_DIAG_STAT)
#define TASK_DIAG_SHOW_CMDLINE	_BITULL(TASK_DIAG_CMDLINE)

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

/* TASK_DIAG_STAT: as /proc/PID/stat, with times in nanoseconds. */
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
 * TASK_DIAG_CMDLINE carries the bytes of /proc/PID/cmdline, without any
 * struct around them.  A command line that does not fit one message is
 * continued in the following TASK_DIAG_FLAG_CONT messages: concatenate the
 * attribute payloads of a task's messages to get the whole of it.
 */

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
