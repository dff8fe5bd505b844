// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtaskdiag's procfs backend: the tasks and groups the module gives, read
 * from @procdir/PID/... (stat, status, statm, cmdline, io, oom_score_adj,
 * ns/, cgroup; smaps in procfs_maps.c), in the module's order and with its
 * units.  A process (ALL, ONE, CHILDREN) is @procdir/PID/, a thread
 * (ALL_THREAD, THREAD) @procdir/TID/task/TID/, whose stat and io are its
 * own, as the module reads them.  What procfs refuses the reader (io, ns/,
 * smaps) is absent, as the module leaves it absent for its opener; a task
 * whose stat or status cannot be read (gone, or hidden by hidepid=) is
 * skipped.  Values procfs prints coarser than the module gives them are in
 * backend.h.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "backend.h"

/* The most a file other than cmdline and smaps may hold (status with 65,536 groups: 720 KiB). */
#define TD_FILE_MAX	(16 << 20)
/* "TID/task/TID/", and a file's name under it. */
#define TD_DIR_MAX	32
#define TD_PATH_MAX	64
/* stat's fields, by their number in proc(5) (from 1). */
#define TD_STAT_FIELDS	53
#define TD_PF_WQ_WORKER	0x20

struct td_procfs {
	int		procfd;		/* @procdir */
	uint64_t	show;
	unsigned int	strategy;
	pid_t		target;		/* ONE: the pid; CHILDREN, THREAD: its tgid */
	int		err;		/* what the first td_procfs_next() says, 0 if nothing */
	int		done;
	DIR		*dir;		/* ALL, CHILDREN: @procdir's pids, ascending */
	pid_t		*tids;		/* ALL_THREAD, THREAD: the threads, ascending */
	size_t		ntids, pos;
	char		*buf;		/* one file's bytes */
	size_t		cap;
	int		cgfd;		/* the cgroup2 mount's root, -1 if none */
	char		*cgroot;	/* the cgroup it shows, as /proc/PID/cgroup names it */
	uint64_t	tick_ns, page;
};

/* What stat says, kept while the other files are read into the same buffer. */
struct td_stat {
	uint64_t	f[TD_STAT_FIELDS];
	char		state;
	char		comm[TASK_DIAG_COMM_LEN];
	char		name[TASK_DIAG_NAME_LEN];	/* stat's, whole: NAME */
};

/* The task is not there for this reader: gone, or hidden (hidepid=). */
static int td_gone(int err)
{
	return err == -ENOENT || err == -ESRCH || err == -EACCES || err == -EPERM;
}

/*
 * Read @fd to its end, or to @max bytes, into *@buf (of *@cap bytes, grown
 * as needed), NUL-terminated: the length, or -errno.
 */
static ssize_t td_read_fd(int fd, char **buf, size_t *cap, size_t max)
{
	size_t n = 0;

	while (n < max) {
		size_t room;
		ssize_t r;

		if (*cap < n + 2) {
			size_t c = *cap ? *cap * 2 : 4096;
			char *b;

			if (c > max + 1)
				c = max + 1;
			b = realloc(*buf, c);
			if (!b)
				return -ENOMEM;
			*buf = b;
			*cap = c;
		}
		room = *cap - n - 1 < max - n ? *cap - n - 1 : max - n;
		r = read(fd, *buf + n, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		n += r;
	}
	if (!*buf)
		return -EINVAL;	/* @max 0: never asked */
	(*buf)[n] = 0;
	return n;
}

/* @dir@name ("PID/stat") whole into p->buf, NUL-terminated: its length or -errno. */
static ssize_t td_slurp(struct td_procfs *p, const char *dir, const char *name)
{
	char path[TD_PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s%s", dir, name);
	fd = openat(p->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = td_read_fd(fd, &p->buf, &p->cap, TD_FILE_MAX);
	close(fd);
	if (n == TD_FILE_MAX)
		return -EFBIG;
	return n;
}

/* The value of @line's field @key ("Uid:\t..."), or NULL. */
static const char *td_val(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(line, key, n) && line[n] == ':' ? line + n + 1 : NULL;
}

/* How many numbers @s holds, up to its line's end. */
static size_t td_count(const char *s)
{
	size_t n = 0;
	char *end;

	for (;;) {
		strtoull(s, &end, 10);
		if (end == s)
			return n;
		n++;
		s = end;
	}
}

/*
 * The task's name as the module gives it (its comm): stat shows a
 * workqueue worker with its last work appended ("kworker/0:1-events",
 * '+' while it runs it) and a kernel thread by its full name.
 */
static void td_comm(char *comm, const char *name, size_t len, uint64_t flags)
{
	static const char kworker[] = "kworker/";

	if ((flags & TD_PF_WQ_WORKER) && len > sizeof(kworker) - 1 &&
	    !strncmp(name, kworker, sizeof(kworker) - 1)) {
		size_t from = sizeof(kworker) - 1, i;

		/*
		 * A rescuer (6.9) is "kworker/R-" and its workqueue's name,
		 * which may hold '-' itself: its comm is the first 15 bytes
		 * (what comes after is appended only past them, but for a
		 * workqueue of fewer than 5 characters).
		 */
		if (strncmp(name + from, "R-", 2)) {
			for (i = from; i < len && name[i] != '-' && name[i] != '+'; i++)
				;
			len = i;
		}
	}
	if (len > TASK_DIAG_COMM_LEN - 1)
		len = TASK_DIAG_COMM_LEN - 1;
	memset(comm, 0, TASK_DIAG_COMM_LEN);
	memcpy(comm, name, len);
}

/* "pid (comm) S ppid ...": the comm may hold anything, ')' and newlines included. */
static int td_parse_stat(const char *s, size_t len, struct td_stat *st)
{
	const char *open = strchr(s, '('), *close = memrchr(s, ')', len), *q;

	memset(st, 0, sizeof(*st));
	if (!open || !close || close < open || close[1] != ' ' || !close[2])
		return -EBADMSG;
	st->state = close[2];
	q = close + 3;
	for (int i = 4; i < TD_STAT_FIELDS && *q == ' '; i++) {
		char *end;

		st->f[i] = strtoull(q + 1, &end, 10);
		q = end;
	}
	td_comm(st->comm, open + 1, close - open - 1, st->f[9]);
	snprintf(st->name, sizeof(st->name), "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

static uint8_t td_state(char c)
{
	const char *s = strchr("RSDTtXZPI", c);

	return s && c ? s - "RSDTtXZPI" : TASK_DIAG_RUNNING;
}

static void td_caps(struct task_diag_caps *c, const char *v)
{
	uint64_t x = strtoull(v, NULL, 16);

	c->cap[0] = (uint32_t)x;
	c->cap[1] = x >> 32;
}

static void td_ids(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d, const char *v)
{
	char *end;

	*a = strtoul(v, &end, 10);
	*b = strtoul(end, &end, 10);
	*c = strtoul(end, &end, 10);
	*d = strtoul(end, NULL, 10);
}

/* Groups: the first TASK_DIAG_GROUPS_MAX, as the module cuts them. */
static int td_groups(struct taskdiag_task *t, const char *v)
{
	size_t n = td_count(v), keep = n < TASK_DIAG_GROUPS_MAX ? n : TASK_DIAG_GROUPS_MAX;
	char *end;

	t->status.ngroups = n;
	t->groups = malloc(keep ? keep * sizeof(*t->groups) : 1);
	if (!t->groups)
		return -ENOMEM;
	for (size_t i = 0; i < keep; i++, v = end)
		t->groups[i] = strtoul(v, &end, 10);
	t->ngroups = keep;
	t->groups_truncated = n > keep;
	if (t->groups_truncated)
		t->msg.flags |= TASK_DIAG_FLAG_GROUPS_TRUNC;
	return 0;
}

/* NStgid, NSpid, NSpgid or NSsid (@k 0 to 3): one column of NSPID. */
static int td_nspid(struct taskdiag_task *t, int k, const char *v)
{
	char *end;

	if (!t->nspid) {
		t->nnspid = td_count(v);
		t->nspid = calloc(t->nnspid ? t->nnspid : 1, sizeof(*t->nspid));
		if (!t->nspid)
			return -ENOMEM;
	}
	for (size_t i = 0; i < t->nnspid; i++, v = end) {
		uint32_t x = strtoul(v, &end, 10), *col[4] = {
			&t->nspid[i].tgid, &t->nspid[i].pid, &t->nspid[i].pgid, &t->nspid[i].sid };

		*col[k] = x;
	}
	return 0;
}

/* status's Vm and Rss lines, in struct task_diag_mem's order (kB). */
static const char *const td_mem_keys[] = {
	"VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile",
	"RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap",
};

/* /proc/PID/status, line by line, into BASE, CRED, SCHED's switches, MEM, STATUS, GROUPS, NSPID. */
static int td_parse_status(struct taskdiag_task *t, char *s)
{
	static const char *const ns[4] = { "NStgid", "NSpid", "NSpgid", "NSsid" };
	__u64 *mem[] = {
		&t->mem.vm_peak, &t->mem.vm_size, &t->mem.vm_lck, &t->mem.vm_pin, &t->mem.vm_hwm,
		&t->mem.vm_rss, &t->mem.rss_anon, &t->mem.rss_file, &t->mem.rss_shmem,
		&t->mem.vm_data, &t->mem.vm_stk, &t->mem.vm_exe, &t->mem.vm_lib,
		&t->mem.vm_pte, &t->mem.vm_swap,
	};
	struct task_diag_status *st = &t->status;
	struct task_diag_creds *c = &t->cred;
	char *l, *e, *v;
	int err = 0;

	st->umask = -1;
	for (l = s; *l && !err; l = e + 1) {
		e = strchr(l, '\n');
		if (!e)
			break;
		*e = 0;
		v = strchr(l, ':');
		if (!v)
			continue;
		*v++ = 0;	/* l: the key, v: its value */
		if (!strcmp(l, "Pid"))
			t->msg.pid = strtoul(v, NULL, 10);
		else if (!strcmp(l, "Tgid"))
			t->msg.tgid = strtoul(v, NULL, 10);
		else if (!strcmp(l, "TracerPid"))
			t->base.tpid = strtoul(v, NULL, 10);
		else if (!strcmp(l, "Uid"))
			td_ids(&c->uid, &c->euid, &c->suid, &c->fsuid, v);
		else if (!strcmp(l, "Gid"))
			td_ids(&c->gid, &c->egid, &c->sgid, &c->fsgid, v);
		else if (!strcmp(l, "Groups"))
			err = td_groups(t, v);
		else if (!strcmp(l, "CapInh"))
			td_caps(&c->cap_inheritable, v);
		else if (!strcmp(l, "CapPrm"))
			td_caps(&c->cap_permitted, v);
		else if (!strcmp(l, "CapEff"))
			td_caps(&c->cap_effective, v);
		else if (!strcmp(l, "CapBnd"))
			td_caps(&c->cap_bset, v);
		else if (!strcmp(l, "CapAmb"))
			td_caps(&st->cap_ambient, v);
		else if (!strcmp(l, "SigPnd"))
			st->sig_pending = strtoull(v, NULL, 16);
		else if (!strcmp(l, "ShdPnd"))
			st->shd_pending = strtoull(v, NULL, 16);
		else if (!strcmp(l, "SigBlk"))
			st->sig_blocked = strtoull(v, NULL, 16);
		else if (!strcmp(l, "SigIgn"))
			st->sig_ignored = strtoull(v, NULL, 16);
		else if (!strcmp(l, "SigCgt"))
			st->sig_caught = strtoull(v, NULL, 16);
		else if (!strcmp(l, "Umask"))
			st->umask = strtol(v, NULL, 8);
		else if (!strcmp(l, "NoNewPrivs"))
			st->no_new_privs = strtoul(v, NULL, 10);
		else if (!strcmp(l, "Seccomp"))
			st->seccomp = strtoul(v, NULL, 10);
		else if (!strcmp(l, "Seccomp_filters"))
			st->seccomp_filters = strtoul(v, NULL, 10);
		else if (!strcmp(l, "voluntary_ctxt_switches"))
			t->sched.nvcsw = strtoull(v, NULL, 10);
		else if (!strcmp(l, "nonvoluntary_ctxt_switches"))
			t->sched.nivcsw = strtoull(v, NULL, 10);
		for (int k = 0; k < 4 && !err; k++)
			if (!strcmp(l, ns[k]))
				err = td_nspid(t, k, v);
		for (size_t k = 0; k < sizeof(td_mem_keys) / sizeof(td_mem_keys[0]); k++)
			if (!strcmp(l, td_mem_keys[k]))
				*mem[k] = strtoull(v, NULL, 10) << 10;
	}
	return err;
}

/* BASE, STAT and SCHED's part of stat, times in the module's units. */
static void td_from_stat(struct td_procfs *p, const struct td_stat *s, struct taskdiag_task *t)
{
	const uint64_t *f = s->f;
	struct task_diag_sched *x = &t->sched;

	t->base.pid = t->msg.pid;
	t->base.tgid = t->msg.tgid;
	t->base.ppid = f[4];
	t->base.pgid = f[5];
	t->base.sid = f[6];
	t->base.state = td_state(s->state);
	memcpy(t->base.comm, s->comm, TASK_DIAG_COMM_LEN);

	t->stat.minflt = f[10];
	t->stat.cminflt = f[11];
	t->stat.majflt = f[12];
	t->stat.cmajflt = f[13];
	t->stat.utime = f[14];
	t->stat.stime = f[15];
	t->stat.cutime = f[16];
	t->stat.cstime = f[17];
	t->stat.threads = f[20];

	/* stat has clock ticks where SCHED has nanoseconds: its ticks, in ns. */
	x->start_ticks = f[22];
	x->start_time = f[22] * p->tick_ns;
	x->utime = f[14] * p->tick_ns;
	x->stime = f[15] * p->tick_ns;
	x->cutime = f[16] * p->tick_ns;
	x->cstime = f[17] * p->tick_ns;
	x->gtime = f[43] * p->tick_ns;
	x->cgtime = f[44] * p->tick_ns;
	x->tty_nr = f[7];
	x->tpgid = (int32_t)f[8];
	x->flags = f[9];
	x->prio = (int32_t)f[18];
	x->nice = (int32_t)f[19];
	x->exit_signal = (int32_t)f[38];
	x->processor = f[39];
	x->rt_priority = f[40];
	x->policy = f[41];
}

/* The command line, at most TASK_DIAG_CMDLINE_MAX of it, flagged where cut there. */
static int td_cmdline(struct td_procfs *p, const char *dir, struct taskdiag_task *t)
{
	char path[TD_PATH_MAX];
	size_t cap = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%scmdline", dir);
	fd = openat(p->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = td_read_fd(fd, &t->cmdline, &cap, TASK_DIAG_CMDLINE_MAX + 1);
	close(fd);
	if (n < 0)
		return n;
	if (n > TASK_DIAG_CMDLINE_MAX) {
		n = TASK_DIAG_CMDLINE_MAX;
		t->cmdline[n] = 0;
		t->cmdline_truncated = 1;
		t->msg.flags |= TASK_DIAG_FLAG_CMDLINE_TRUNC;
	}
	/* Most command lines are short: no more kept than they take. */
	if ((size_t)n + 1 < cap) {
		char *c = realloc(t->cmdline, n + 1);

		if (c)
			t->cmdline = c;
	}
	t->cmdline_len = n;
	t->has_cmdline = 1;
	return 0;
}

/* /proc/PID/io: 1 read, 0 refused or absent, or -errno. */
static int td_io(struct td_procfs *p, const char *dir, struct taskdiag_task *t)
{
	static const char *const keys[7] = {
		"rchar", "wchar", "syscr", "syscw", "read_bytes", "write_bytes",
		"cancelled_write_bytes",
	};
	__u64 *dst[7] = {
		&t->io.rchar, &t->io.wchar, &t->io.syscr, &t->io.syscw, &t->io.read_bytes,
		&t->io.write_bytes, &t->io.cancelled_write_bytes,
	};
	ssize_t n = td_slurp(p, dir, "io");
	int got = 0;

	if (n < 0)
		return td_gone(n) ? 0 : n;
	for (char *l = p->buf, *e; (e = strchr(l, '\n')); l = e + 1) {
		*e = 0;
		for (int k = 0; k < 7; k++) {
			const char *v = td_val(l, keys[k]);

			if (v) {
				*dst[k] = strtoull(v, NULL, 10);
				got |= 1 << k;
			}
		}
	}
	/* Without CONFIG_TASK_IO_ACCOUNTING the last three are not there: 0, as the module's. */
	t->has_io = (got & 0xf) == 0xf;
	return t->has_io;
}

/* The links of ns/: 1 given, 0 where procfs refuses them (its ptrace check), or -errno. */
static int td_ns(struct td_procfs *p, const char *dir, struct taskdiag_task *t)
{
	static const char *const name[10] = {
		"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time",
		"time_for_children", "user", "uts",
	};
	__u64 *dst[10] = {
		&t->ns.cgroup, &t->ns.ipc, &t->ns.mnt, &t->ns.net, &t->ns.pid,
		&t->ns.pid_for_children, &t->ns.time, &t->ns.time_for_children, &t->ns.user,
		&t->ns.uts,
	};

	for (int i = 0; i < 10; i++) {
		char path[TD_PATH_MAX], link[64], *b;
		ssize_t n;

		snprintf(path, sizeof(path), "%sns/%s", dir, name[i]);
		n = readlinkat(p->procfd, path, link, sizeof(link) - 1);
		/* Debian's 5.10 reads a refused link as empty. */
		if (n == 0 || (n < 0 && (errno == EACCES || errno == EPERM)))
			return 0;
		if (n < 0 && errno != ENOENT)
			return -errno;
		if (n < 0)
			continue;	/* no such namespace: 0, as the module's */
		link[n] = 0;
		b = strchr(link, '[');
		*dst[i] = b ? strtoull(b + 1, NULL, 10) : 0;
	}
	t->has_ns = 1;
	return 1;
}

/* Unescape mountinfo's octal escapes (\040) in place. */
static void td_unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = 0;
}

/* The first cgroup2 mount this process sees, for the ids of cgroups by their paths. */
static int td_cgroup_mount(struct td_procfs *p)
{
	ssize_t n = td_slurp(p, "self/", "mountinfo");

	if (n < 0)
		return n == -ENOMEM ? n : 0;
	for (char *l = p->buf, *e; (e = strchr(l, '\n')); l = e + 1) {
		char *f[5], *sep, *save = NULL;
		int i;

		*e = 0;
		sep = strstr(l, " - ");
		if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
			continue;
		f[0] = strtok_r(l, " ", &save);
		for (i = 1; i < 5 && f[i - 1]; i++)
			f[i] = strtok_r(NULL, " ", &save);
		if (i < 5 || !f[4])
			continue;
		td_unescape(f[3]);
		td_unescape(f[4]);
		p->cgfd = open(f[4], O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (p->cgfd < 0)
			continue;
		p->cgroot = strdup(f[3]);
		return p->cgroot ? 0 : -ENOMEM;
	}
	return 0;
}

/*
 * The cgroup's id: the inode number of its directory in cgroupfs, found
 * through the cgroup2 mount; 0 where it cannot be (removed, or not under
 * the mount).  Before cgroup2 is mounted every task is in the root, id 1.
 */
static uint64_t td_cgroup_id(struct td_procfs *p, const char *path)
{
	size_t root = p->cgroot ? strlen(p->cgroot) : 0, len = strlen(path);
	static const char deleted[] = " (deleted)";
	const char *rel;
	struct stat sb;

	if (p->cgfd < 0 || strncmp(path, p->cgroot, root) ||
	    (len >= sizeof(deleted) - 1 && !strcmp(path + len - sizeof(deleted) + 1, deleted)))
		return 0;
	rel = path + root;
	if (root > 1 && *rel && *rel != '/')
		return 0;
	while (*rel == '/')
		rel++;
	if (fstatat(p->cgfd, *rel ? rel : "", &sb, *rel ? 0 : AT_EMPTY_PATH))
		return 0;
	return sb.st_ino;
}

/* /proc/PID/cgroup's 0:: line; a path procfs cannot print (over a page) is left out. */
static int td_cgroup(struct td_procfs *p, const char *dir, struct taskdiag_task *t)
{
	ssize_t n = td_slurp(p, dir, "cgroup");

	t->has_cgroup = 1;
	if (n == -ENAMETOOLONG)
		return 0;
	if (n < 0)
		return n;
	for (char *l = p->buf, *e; (e = strchr(l, '\n')); l = e + 1) {
		*e = 0;
		if (!strncmp(l, "0::", 3)) {
			t->cgroup_path = strdup(l + 3);
			if (!t->cgroup_path)
				return -ENOMEM;
			t->cgroup_id = td_cgroup_id(p, l + 3);
			return 0;
		}
	}
	t->cgroup_path = strdup("/");
	t->cgroup_id = 1;
	return t->cgroup_path ? 0 : -ENOMEM;
}

/*
 * One task into @t: a process (@thread 0: @procdir/@pid/) or a thread
 * (@procdir/@pid/task/@pid/).  1 when given, 0 when the task is not there
 * (gone, hidden, or not a child of CHILDREN's process), or -errno.
 */
static int td_fill(struct td_procfs *p, pid_t pid, int thread, struct taskdiag_task *t)
{
	char dir[TD_DIR_MAX], pdir[TD_DIR_MAX], path[TD_PATH_MAX];
	uint64_t show = p->show;
	struct td_stat st;
	int err, refused = 0;
	ssize_t n;

	snprintf(pdir, sizeof(pdir), "%d/", pid);
	if (thread)
		snprintf(dir, sizeof(dir), "%d/task/%d/", pid, pid);
	else
		snprintf(dir, sizeof(dir), "%d/", pid);

	n = td_slurp(p, dir, "stat");
	if (n < 0)
		return td_gone(n) ? 0 : n;
	err = td_parse_stat(p->buf, n, &st);
	if (err)
		return err;
	if (p->strategy == TASK_DIAG_DUMP_CHILDREN && st.f[4] != (uint64_t)p->target)
		return 0;
	n = td_slurp(p, dir, "status");
	if (n < 0)
		return td_gone(n) ? 0 : n;
	err = td_parse_status(t, p->buf);
	if (err)
		return err;
	if (t->msg.pid != (uint32_t)pid)
		return 0;	/* not the task asked for: a pid reused meanwhile */
	td_from_stat(p, &st, t);
	t->has_base = !!(show & TASK_DIAG_SHOW_BASE);
	t->has_cred = !!(show & TASK_DIAG_SHOW_CRED);
	t->has_stat = !!(show & TASK_DIAG_SHOW_STAT);
	t->has_status = !!(show & TASK_DIAG_SHOW_STATUS);
	t->has_groups = !!(show & TASK_DIAG_SHOW_GROUPS);
	if (t->has_groups && !t->groups) {
		t->groups = malloc(1);
		if (!t->groups)
			return -ENOMEM;
	}
	if (!t->nspid) {
		/* A kernel without pid namespaces: the one level there is. */
		t->nspid = calloc(1, sizeof(*t->nspid));
		if (!t->nspid)
			return -ENOMEM;
		t->nnspid = 1;
		t->nspid[0] = (struct task_diag_nspid){ t->msg.tgid, t->msg.pid, st.f[5], st.f[6] };
	}
	t->status.pid_levels = t->nnspid;
	t->has_nspid = !!(show & TASK_DIAG_SHOW_NSPID);

	if (show & TASK_DIAG_SHOW_MEM) {
		char *q;

		n = td_slurp(p, dir, "statm");
		if (n < 0)
			return td_gone(n) ? 0 : n;
		/* statm's text, its fourth number, in pages */
		q = p->buf;
		for (int i = 0; i < 3; i++)
			strtoull(q, &q, 10);
		t->mem.text = strtoull(q, NULL, 10) * p->page;
		t->has_mem = 1;
	}
	if (show & TASK_DIAG_SHOW_SCHED) {
		n = td_slurp(p, dir, "oom_score_adj");
		if (n < 0)
			return td_gone(n) ? 0 : n;
		t->sched.oom_score_adj = strtol(p->buf, NULL, 10);
		t->has_sched = 1;
	}
	if (show & TASK_DIAG_SHOW_CGROUP) {
		err = td_cgroup(p, dir, t);
		if (err)
			return td_gone(err) ? 0 : err;
	}
	if (show & TASK_DIAG_SHOW_NAME) {
		t->name = strdup(st.name);
		if (!t->name)
			return -ENOMEM;
		t->has_name = 1;
	}
	if (show & TASK_DIAG_SHOW_WCHAN) {
		/*
		 * The file's text, where it could be read; none otherwise (a
		 * kernel without kallsyms has no such file), as the module.
		 */
		n = td_slurp(p, dir, "wchan");
		if (n >= 0) {
			t->wchan = strndup(p->buf, n < TASK_DIAG_WCHAN_LEN ? n : TASK_DIAG_WCHAN_LEN - 1);
			if (!t->wchan)
				return -ENOMEM;
			t->has_wchan = 1;
		}
	}
	if (show & TASK_DIAG_SHOW_CMDLINE) {
		err = td_cmdline(p, pdir, t);
		if (err)
			return td_gone(err) ? 0 : err;
	}
	if (show & TASK_DIAG_SHOW_IO) {
		err = td_io(p, dir, t);
		if (err < 0)
			return err;
		refused |= !err;
	}
	if (show & TASK_DIAG_SHOW_NS) {
		err = td_ns(p, dir, t);
		if (err < 0)
			return err;
		refused |= !err;
	}
	/* Maps describe processes: with a thread, its leader's only. */
	if ((show & TASK_DIAG_SHOW_VMA) && (!thread || t->msg.tgid == (uint32_t)pid)) {
		err = td_procfs_maps(p->procfd, pdir, !!(show & TASK_DIAG_SHOW_VMA_STAT), t);
		if (err < 0 && !td_gone(err))
			return err;
		t->has_vma = !err;
		refused |= !!err;
	}
	/* Refused, or gone meanwhile?  Gone is skipped, as the module skips it. */
	snprintf(path, sizeof(path), "%sstat", dir);
	if (refused && faccessat(p->procfd, path, F_OK, 0))
		return 0;
	return 1;
}

static int td_cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The number a directory entry names, 0 if none. */
static pid_t td_entry_pid(const struct dirent *de)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)de->d_name[0]))
		return 0;
	v = strtol(de->d_name, &end, 10);
	return *end || v <= 0 || v > 0x7fffffff ? 0 : (pid_t)v;
}

/* @path's entries, or NULL and errno. */
static DIR *td_opendir(struct td_procfs *p, const char *path)
{
	int fd = openat(p->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err;
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d) {
		err = errno;
		close(fd);
		errno = err;
	}
	return d;
}

/* The threads of @tgid onto p->tids. */
static int td_add_threads(struct td_procfs *p, pid_t tgid, size_t *cap)
{
	char path[TD_PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%d/task", tgid);
	d = td_opendir(p, path);
	if (!d)
		return td_gone(-errno) ? 0 : -errno;	/* gone or hidden: no threads */
	while ((de = readdir(d))) {
		pid_t tid = td_entry_pid(de);

		if (!tid)
			continue;
		if (p->ntids == *cap) {
			size_t c = *cap ? *cap * 2 : 256;
			pid_t *t = realloc(p->tids, c * sizeof(*t));

			if (!t) {
				closedir(d);
				return -ENOMEM;
			}
			p->tids = t;
			*cap = c;
		}
		p->tids[p->ntids++] = tid;
	}
	closedir(d);
	return 0;
}

/*
 * The threads of ALL_THREAD (every process's) or THREAD (p->target's), in
 * ascending order as the module walks pid numbers (procfs lists a
 * process's threads in the order of its thread list).
 */
static int td_list_threads(struct td_procfs *p)
{
	size_t cap = 0;
	int err = 0;

	if (p->strategy == TASK_DIAG_DUMP_THREAD) {
		err = td_add_threads(p, p->target, &cap);
	} else {
		struct dirent *de;
		DIR *d = td_opendir(p, ".");

		if (!d)
			return -errno;
		while (!err && (de = readdir(d)))
			if (td_entry_pid(de))
				err = td_add_threads(p, td_entry_pid(de), &cap);
		closedir(d);
	}
	if (!err && p->ntids)
		qsort(p->tids, p->ntids, sizeof(*p->tids), td_cmp_pid);
	return err;
}

int td_procfs_start(struct td_procfs **pp, const char *procdir, uint64_t show,
		    unsigned int strategy, pid_t pid)
{
	struct td_procfs *p;
	int err = 0;

	*pp = NULL;
	/* What the module's write() refuses, refused here too. */
	if (((show & TASK_DIAG_SHOW_VMA_STAT) && !(show & TASK_DIAG_SHOW_VMA)) ||
	    strategy > TASK_DIAG_DUMP_THREAD ||
	    (strategy != TASK_DIAG_DUMP_ALL && strategy != TASK_DIAG_DUMP_ALL_THREAD && pid <= 0))
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->cgfd = -1;
	p->show = show;
	p->strategy = strategy;
	p->tick_ns = 1000000000ULL / (sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100);
	p->page = sysconf(_SC_PAGESIZE) > 0 ? sysconf(_SC_PAGESIZE) : 4096;
	p->procfd = open(procdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (p->procfd < 0) {
		err = -errno;
		goto fail;
	}
	if (show & TASK_DIAG_SHOW_CGROUP) {
		err = td_cgroup_mount(p);
		if (err)
			goto fail;
	}
	if (strategy != TASK_DIAG_DUMP_ALL && strategy != TASK_DIAG_DUMP_ALL_THREAD) {
		char dir[TD_DIR_MAX];
		ssize_t n;

		/* As the module: a pid procfs does not show is -ESRCH, said by the first next. */
		snprintf(dir, sizeof(dir), "%d/", pid);
		n = td_slurp(p, dir, "status");
		if (n < 0 && !td_gone(n)) {
			err = n;
			goto fail;
		}
		p->target = pid;
		if (n < 0) {
			p->err = -ESRCH;
		} else if (strategy != TASK_DIAG_DUMP_ONE) {
			for (char *l = p->buf, *e; (e = strchr(l, '\n')); l = e + 1)
				if (td_val(l, "Tgid"))
					p->target = strtol(l + 5, NULL, 10);
		}
	}
	if (!p->err && (strategy == TASK_DIAG_DUMP_ALL || strategy == TASK_DIAG_DUMP_CHILDREN)) {
		p->dir = td_opendir(p, ".");
		if (!p->dir) {
			err = -errno;
			goto fail;
		}
	}
	if (!p->err &&
	    (strategy == TASK_DIAG_DUMP_ALL_THREAD || strategy == TASK_DIAG_DUMP_THREAD)) {
		err = td_list_threads(p);
		if (err)
			goto fail;
	}
	*pp = p;
	return 0;
fail:
	td_procfs_end(p);
	return err;
}

int td_procfs_next(struct td_procfs *p, struct taskdiag_task *t)
{
	int ret;

	if (p->err || p->done) {
		ret = p->err;
		p->err = 0;
		p->done = 1;
		return ret;
	}
	for (;;) {
		pid_t pid;
		int thread = 0;

		if (p->strategy == TASK_DIAG_DUMP_ONE) {
			if (p->pos++)
				break;
			pid = p->target;
		} else if (p->dir) {
			struct dirent *de;

			errno = 0;
			de = readdir(p->dir);
			if (!de) {
				if (errno)
					return -errno;
				break;
			}
			pid = td_entry_pid(de);
			if (!pid)
				continue;
		} else {
			if (p->pos == p->ntids)
				break;
			pid = p->tids[p->pos++];
			thread = 1;
		}
		ret = td_fill(p, pid, thread, t);
		if (ret)
			return ret;
		taskdiag_task_free(t);	/* not there: what was read of it goes */
	}
	p->done = 1;
	return 0;
}

void td_procfs_end(struct td_procfs *p)
{
	if (!p)
		return;
	if (p->dir)
		closedir(p->dir);
	if (p->procfd >= 0)
		close(p->procfd);
	if (p->cgfd >= 0)
		close(p->cgfd);
	free(p->cgroot);
	free(p->tids);
	free(p->buf);
	free(p);
}
