// SPDX-License-Identifier: GPL-2.0
/*
 * The columns: procps's names, headers, widths and justification, and each
 * value formatted as procps formats it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ps.h"

enum what {
	W_PID, W_TID, W_PPID, W_PGID, W_SID, W_TPGID, W_NLWP,
	W_EUID, W_RUID, W_SUID, W_FUID, W_EGID, W_RGID, W_SGID, W_FGID,
	W_EUSER, W_RUSER, W_SUSER, W_FUSER, W_EGROUP, W_RGROUP, W_SGROUP, W_FGROUP,
	W_TTY, W_TIME, W_TIMES, W_BSDTIME, W_ETIME, W_ETIMES, W_STIME, W_START, W_LSTART,
	W_BSDSTART, W_ARGS, W_COMM, W_FNAME, W_STAT, W_S, W_F, W_PRI, W_OPRI, W_PRIORITY,
	W_NI, W_CLASS, W_RTPRIO, W_SCHED, W_PSR, W_C, W_PCPU, W_CP, W_PMEM, W_VSZ, W_RSS, W_SZ,
	W_MINFLT, W_MAJFLT, W_WCHAN, W_NOP,
};

struct column {
	const char	*name;
	const char	*head;
	enum what	what;
	int		width;
	int		just;
	int		pidmax;
};

/* Sorted by name, for bsearch(). */
static const struct column columns[] = {
	{ "%cpu", "%CPU", W_PCPU, 4, J_RIGHT, 0 },
	{ "%mem", "%MEM", W_PMEM, 4, J_RIGHT, 0 },
	{ "addr", "ADDR", W_NOP, 4, J_RIGHT, 0 },
	{ "addr_1", "ADDR", W_NOP, 1, J_LEFT, 0 },
	{ "args", "COMMAND", W_ARGS, 27, J_UNLIMITED, 0 },
	{ "bsdstart", "START", W_BSDSTART, 6, J_RIGHT, 0 },
	{ "bsdtime", "TIME", W_BSDTIME, 6, J_RIGHT, 0 },
	{ "c", "C", W_C, 2, J_RIGHT, 0 },
	{ "class", "CLS", W_CLASS, 3, J_LEFT, 0 },
	{ "cls", "CLS", W_CLASS, 3, J_RIGHT, 0 },
	{ "cmd", "CMD", W_ARGS, 27, J_UNLIMITED, 0 },
	{ "comm", "COMMAND", W_COMM, 15, J_UNLIMITED, 0 },
	{ "command", "COMMAND", W_ARGS, 27, J_UNLIMITED, 0 },
	{ "cp", "CP", W_CP, 3, J_RIGHT, 0 },
	{ "cputime", "TIME", W_TIME, 8, J_RIGHT, 0 },
	{ "cputimes", "TIME", W_TIMES, 8, J_RIGHT, 0 },
	{ "egid", "EGID", W_EGID, 5, J_RIGHT, 0 },
	{ "egroup", "EGROUP", W_EGROUP, 8, J_USER, 0 },
	{ "etime", "ELAPSED", W_ETIME, 11, J_RIGHT, 0 },
	{ "etimes", "ELAPSED", W_ETIMES, 7, J_RIGHT, 0 },
	{ "euid", "EUID", W_EUID, 5, J_RIGHT, 0 },
	{ "euser", "EUSER", W_EUSER, 8, J_USER, 0 },
	{ "f", "F", W_F, 1, J_RIGHT, 0 },
	{ "fgid", "FGID", W_FGID, 5, J_RIGHT, 0 },
	{ "fgroup", "FGROUP", W_FGROUP, 8, J_USER, 0 },
	{ "flag", "F", W_F, 1, J_RIGHT, 0 },
	{ "flags", "F", W_F, 1, J_RIGHT, 0 },
	{ "fname", "COMMAND", W_FNAME, 8, J_LEFT, 0 },
	{ "fsgid", "FSGID", W_FGID, 5, J_RIGHT, 0 },
	{ "fsgroup", "FSGROUP", W_FGROUP, 8, J_USER, 0 },
	{ "fsuid", "FSUID", W_FUID, 5, J_RIGHT, 0 },
	{ "fsuser", "FSUSER", W_FUSER, 8, J_USER, 0 },
	{ "fuid", "FUID", W_FUID, 5, J_RIGHT, 0 },
	{ "fuser", "FUSER", W_FUSER, 8, J_USER, 0 },
	{ "gid", "GID", W_EGID, 5, J_RIGHT, 0 },
	{ "group", "GROUP", W_EGROUP, 8, J_USER, 0 },
	{ "intpri", "PRI", W_OPRI, 3, J_RIGHT, 0 },
	{ "lstart", "STARTED", W_LSTART, 24, J_RIGHT, 0 },
	{ "lwp", "LWP", W_TID, 5, J_RIGHT, 1 },
	{ "maj_flt", "MAJFL", W_MAJFLT, 6, J_RIGHT, 0 },
	{ "majflt", "MAJFLT", W_MAJFLT, 6, J_RIGHT, 0 },
	{ "min_flt", "MINFL", W_MINFLT, 6, J_RIGHT, 0 },
	{ "minflt", "MINFLT", W_MINFLT, 6, J_RIGHT, 0 },
	{ "ni", "NI", W_NI, 3, J_RIGHT, 0 },
	{ "nice", "NI", W_NI, 3, J_RIGHT, 0 },
	{ "nlwp", "NLWP", W_NLWP, 4, J_RIGHT, 0 },
	{ "opri", "PRI", W_OPRI, 3, J_RIGHT, 0 },
	{ "pcpu", "%CPU", W_PCPU, 4, J_RIGHT, 0 },
	{ "pgid", "PGID", W_PGID, 5, J_RIGHT, 1 },
	{ "pgrp", "PGRP", W_PGID, 5, J_RIGHT, 1 },
	{ "pid", "PID", W_PID, 5, J_RIGHT, 1 },
	{ "pmem", "%MEM", W_PMEM, 4, J_RIGHT, 0 },
	{ "policy", "POL", W_CLASS, 3, J_LEFT, 0 },
	{ "ppid", "PPID", W_PPID, 5, J_RIGHT, 1 },
	{ "pri", "PRI", W_PRI, 3, J_RIGHT, 0 },
	{ "priority", "PRI", W_PRIORITY, 3, J_RIGHT, 0 },
	{ "psr", "PSR", W_PSR, 3, J_RIGHT, 0 },
	{ "rgid", "RGID", W_RGID, 5, J_RIGHT, 0 },
	{ "rgroup", "RGROUP", W_RGROUP, 8, J_USER, 0 },
	{ "rss", "RSS", W_RSS, 5, J_RIGHT, 0 },
	{ "rssize", "RSS", W_RSS, 5, J_RIGHT, 0 },
	{ "rsz", "RSZ", W_RSS, 5, J_RIGHT, 0 },
	{ "rtprio", "RTPRIO", W_RTPRIO, 6, J_RIGHT, 0 },
	{ "ruid", "RUID", W_RUID, 5, J_RIGHT, 0 },
	{ "ruser", "RUSER", W_RUSER, 8, J_USER, 0 },
	{ "s", "S", W_S, 1, J_LEFT, 0 },
	{ "sched", "SCH", W_SCHED, 3, J_RIGHT, 0 },
	{ "sess", "SESS", W_SID, 5, J_RIGHT, 1 },
	{ "session", "SESS", W_SID, 5, J_RIGHT, 1 },
	{ "sgid", "SGID", W_SGID, 5, J_RIGHT, 0 },
	{ "sgroup", "SGROUP", W_SGROUP, 8, J_USER, 0 },
	{ "sid", "SID", W_SID, 5, J_RIGHT, 1 },
	{ "spid", "SPID", W_TID, 5, J_RIGHT, 1 },
	{ "start", "STARTED", W_START, 8, J_RIGHT, 0 },
	{ "start_time", "START", W_STIME, 5, J_RIGHT, 0 },
	{ "stat", "STAT", W_STAT, 4, J_LEFT, 0 },
	{ "state", "S", W_S, 1, J_LEFT, 0 },
	{ "stime", "STIME", W_STIME, 5, J_RIGHT, 0 },
	{ "suid", "SUID", W_SUID, 5, J_RIGHT, 0 },
	{ "suser", "SUSER", W_SUSER, 8, J_USER, 0 },
	{ "svgid", "SVGID", W_SGID, 5, J_RIGHT, 0 },
	{ "svgroup", "SVGROUP", W_SGROUP, 8, J_USER, 0 },
	{ "svuid", "SVUID", W_SUID, 5, J_RIGHT, 0 },
	{ "svuser", "SVUSER", W_SUSER, 8, J_USER, 0 },
	{ "sz", "SZ", W_SZ, 5, J_RIGHT, 0 },
	{ "thcount", "THCNT", W_NLWP, 5, J_RIGHT, 0 },
	{ "tid", "TID", W_TID, 5, J_RIGHT, 1 },
	{ "time", "TIME", W_TIME, 8, J_RIGHT, 0 },
	{ "times", "TIME", W_TIMES, 8, J_RIGHT, 0 },
	{ "tname", "TTY", W_TTY, 8, J_LEFT, 0 },
	{ "tpgid", "TPGID", W_TPGID, 5, J_RIGHT, 1 },
	{ "tt", "TT", W_TTY, 8, J_LEFT, 0 },
	{ "tty", "TT", W_TTY, 8, J_LEFT, 0 },
	{ "tty8", "TTY", W_TTY, 8, J_LEFT, 0 },
	{ "ucmd", "CMD", W_COMM, 15, J_UNLIMITED, 0 },
	{ "ucomm", "COMMAND", W_COMM, 15, J_UNLIMITED, 0 },
	{ "uid", "UID", W_EUID, 5, J_RIGHT, 0 },
	{ "uid_hack", "UID", W_EUSER, 8, J_USER, 0 },
	{ "uname", "USER", W_EUSER, 8, J_USER, 0 },
	{ "user", "USER", W_EUSER, 8, J_USER, 0 },
	{ "vsize", "VSZ", W_VSZ, 6, J_RIGHT, 0 },
	{ "vsz", "VSZ", W_VSZ, 6, J_RIGHT, 0 },
	{ "wchan", "WCHAN", W_WCHAN, 6, J_WCHAN, 0 },
};

static int by_name(const void *key, const void *c)
{
	return strcmp(key, ((const struct column *)c)->name);
}

const struct column *column_find(const char *name)
{
	return bsearch(name, columns, sizeof(columns) / sizeof(columns[0]), sizeof(columns[0]),
		       by_name);
}

const char *column_head(const struct column *c)
{
	return c->head;
}

int column_width(const struct column *c, const struct sys *sys)
{
	int head = strlen(c->head);

	if (!c->pidmax)
		return c->width;
	return sys->pid_len > head ? sys->pid_len : head;
}

int column_just(const struct column *c)
{
	return c->just;
}

int column_wants(const struct column *c)
{
	return c->what == W_WCHAN ? NEED_WCHAN : 0;
}

void column_list(FILE *f)
{
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		if (columns[i].what != W_NOP && strcmp(columns[i].name, "uid_hack") &&
		    strcmp(columns[i].name, "addr_1"))
			fprintf(f, "%-12.12s %-8.8s\n", columns[i].name, columns[i].head);
}

/* A user or group name, cut with a '+' where it is wider than the column. */
static int name_or_id(char *buf, size_t size, const char *name, unsigned int id, int room)
{
	int len;

	if (!name)
		return snprintf(buf, size, "%u", id);
	len = snprintf(buf, size, "%s", name);
	if (len <= room)
		return len;
	if (room >= 1 && (size_t)room < size) {
		buf[room - 1] = '+';
		buf[room] = '\0';
		return room;
	}
	return snprintf(buf, size, "%u", id);
}

static unsigned long long pcpu_permille(const struct ps_ctx *ctx, const struct row *r)
{
	unsigned long long jiffies = (unsigned long long)(r->elapsed * ctx->sys.hertz);

	return jiffies ? r->ticks * 1000ULL / jiffies : 0;
}

/* The forest's prefix, for the command columns. */
static int forest(const struct ps_ctx *ctx, char *buf, size_t size, int *room)
{
	int n = 0, step = ctx->forest == 'u' ? 2 : 4;

	for (const char *p = ctx->prefix; *p && *room >= step && (size_t)n + step < size; p++) {
		const char *art = "    ";

		if (ctx->forest == 'u')
			art = "  ";
		else if (*p == 'L' || *p == '+')
			art = " \\_ ";
		else if (*p == '|')
			art = " |  ";
		memcpy(buf + n, art, step);
		n += step;
		*room -= step;
	}
	buf[n] = '\0';
	return n;
}

/* Text within the room left, as procps cuts it. */
static int text(char *buf, size_t size, const char *s, int room)
{
	size_t len = strlen(s);

	if (room < 0)
		room = 0;
	if (len > (size_t)room)
		len = room;
	if (len >= size)
		len = size - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return len;
}

/* When the task started, as procps counts it: boot time plus whole seconds. */
static time_t started(const struct ps_ctx *ctx, const struct row *r)
{
	return ctx->sys.boot_time + r->start_ticks / ctx->sys.hertz;
}

int column_print(const struct column *c, struct ps_ctx *ctx, const struct row *r, char *buf,
		 size_t size)
{
	unsigned long long u;
	unsigned long t;
	struct tm tm, now;
	time_t when;
	char tmp[64];
	int n, room;

	switch (c->what) {
	case W_PID: return snprintf(buf, size, "%d", r->tgid);
	case W_TID: return snprintf(buf, size, "%d", r->pid);
	case W_PPID: return snprintf(buf, size, "%d", r->ppid);
	case W_PGID: return snprintf(buf, size, "%d", r->pgid);
	case W_SID: return snprintf(buf, size, "%d", r->sid);
	case W_TPGID: return snprintf(buf, size, "%d", r->tpgid);
	case W_NLWP: return snprintf(buf, size, "%u", r->nlwp);
	case W_EUID: return snprintf(buf, size, "%u", r->euid);
	case W_RUID: return snprintf(buf, size, "%u", r->uid);
	case W_SUID: return snprintf(buf, size, "%u", r->suid);
	case W_FUID: return snprintf(buf, size, "%u", r->fuid);
	case W_EGID: return snprintf(buf, size, "%u", r->egid);
	case W_RGID: return snprintf(buf, size, "%u", r->gid);
	case W_SGID: return snprintf(buf, size, "%u", r->sgid);
	case W_FGID: return snprintf(buf, size, "%u", r->fgid);
	case W_EUSER: return name_or_id(buf, size, user_name(r->euid), r->euid, ctx->rightward);
	case W_RUSER: return name_or_id(buf, size, user_name(r->uid), r->uid, ctx->rightward);
	case W_SUSER: return name_or_id(buf, size, user_name(r->suid), r->suid, ctx->rightward);
	case W_FUSER: return name_or_id(buf, size, user_name(r->fuid), r->fuid, ctx->rightward);
	case W_EGROUP: return name_or_id(buf, size, group_name(r->egid), r->egid, ctx->rightward);
	case W_RGROUP: return name_or_id(buf, size, group_name(r->gid), r->gid, ctx->rightward);
	case W_SGROUP: return name_or_id(buf, size, group_name(r->sgid), r->sgid, ctx->rightward);
	case W_FGROUP: return name_or_id(buf, size, group_name(r->fgid), r->fgid, ctx->rightward);
	case W_TTY: return snprintf(buf, size, "%s", tty_name(r->tty, tmp, sizeof(tmp)));
	case W_TIME:
	case W_TIMES:
		t = r->ticks / ctx->sys.hertz;
		if (c->what == W_TIMES)
			return snprintf(buf, size, "%lu", t);
		n = t >= 86400 ? snprintf(buf, size, "%lu-", t / 86400) : 0;
		return n + snprintf(buf + n, size - n, "%02lu:%02lu:%02lu", t / 3600 % 24,
				    t / 60 % 60, t % 60);
	case W_BSDTIME:
		t = r->ticks / ctx->sys.hertz;
		return snprintf(buf, size, "%3lu:%02lu", t / 60, t % 60);
	case W_ETIME:
	case W_ETIMES:
		t = (unsigned long)r->elapsed;
		if (c->what == W_ETIMES)
			return snprintf(buf, size, "%lu", t);
		n = 0;
		if (t >= 86400)
			n += snprintf(buf + n, size - n, "%lu-", t / 86400);
		if (t >= 3600)
			n += snprintf(buf + n, size - n, "%02lu:", t / 3600 % 24);
		return n + snprintf(buf + n, size - n, "%02lu:%02lu", t / 60 % 60, t % 60);
	case W_STIME:
		when = started(ctx, r);
		if (!localtime_r(&ctx->sys.now, &now) || !localtime_r(&when, &tm))
			return 0;
		n = strftime(buf, size, now.tm_year != tm.tm_year ? "%Y" :
				       now.tm_yday != tm.tm_yday ? "%b%d" : "%H:%M", &tm);
		return n;
	case W_START:
		when = started(ctx, r);
		if (!ctime_r(&when, tmp))
			return 0;
		if (tmp[8] == ' ')
			tmp[8] = '0';
		if (tmp[11] == ' ')
			tmp[11] = '0';
		if ((unsigned long)when + 86400 > (unsigned long)ctx->sys.now)
			return snprintf(buf, size, "%8.8s", tmp + 11);
		return snprintf(buf, size, "  %6.6s", tmp + 4);
	case W_LSTART:
		when = started(ctx, r);
		if (!ctime_r(&when, tmp))
			return 0;
		return snprintf(buf, size, "%24.24s", tmp);
	case W_BSDSTART:
		when = started(ctx, r);
		if (!ctime_r(&when, tmp))
			return 0;
		n = snprintf(buf, size, "%s",
			     ctx->sys.now - when > 86400 ? tmp + 4 : tmp + 10);
		if (size > 6)
			buf[6] = '\0';
		return n < 6 ? n : 6;
	case W_ARGS:
	case W_COMM:
	case W_FNAME:
		room = ctx->rightward;
		n = forest(ctx, buf, size, &room);
		if (c->what == W_FNAME && room > 8)
			room = 8;
		return n + text(buf + n, size - n,
				c->what == W_ARGS || (c->what == W_COMM && ctx->unix_f) ?
				r->cmdline : r->comm, room);
	case W_STAT:
		n = 0;
		buf[n++] = r->state;
		if (r->nice < 0)
			buf[n++] = '<';
		if (r->nice > 0)
			buf[n++] = 'N';
		if (r->locked)
			buf[n++] = 'L';
		if (r->sid == r->tgid)
			buf[n++] = 's';
		if (r->nlwp > 1)
			buf[n++] = 'l';
		if (r->pgid == r->tpgid)
			buf[n++] = '+';
		buf[n] = '\0';
		return n;
	case W_S:
		return snprintf(buf, size, "%c", r->state);
	case W_F:
		return snprintf(buf, size, "%o", (r->flags >> 6) & 7);
	case W_PRI: return snprintf(buf, size, "%d", 39 - r->prio);
	case W_OPRI: return snprintf(buf, size, "%d", 60 + r->prio);
	case W_PRIORITY: return snprintf(buf, size, "%d", r->prio);
	case W_NI:
		if (r->policy != 0 && r->policy != 3)
			return snprintf(buf, size, "-");
		return snprintf(buf, size, "%d", r->nice);
	case W_CLASS: {
		static const char *const cls[] = { "TS", "FF", "RR", "B", "ISO", "IDL", "DLN",
						   "#7", "#8", "#9" };

		return snprintf(buf, size, "%s", r->policy < 10 ? cls[r->policy] : "?");
	}
	case W_RTPRIO:
		if (r->policy == 0)
			return snprintf(buf, size, "-");
		return snprintf(buf, size, "%d", r->rt_priority);
	case W_SCHED: return snprintf(buf, size, "%d", r->policy);
	case W_PSR: return snprintf(buf, size, "%d", r->processor);
	case W_C:
		u = pcpu_permille(ctx, r) / 10;
		return snprintf(buf, size, "%2llu", u > 99 ? 99 : u);
	case W_PCPU:
		u = pcpu_permille(ctx, r);
		if (u > 999)
			return snprintf(buf, size, "%llu", u / 10);
		return snprintf(buf, size, "%llu.%llu", u / 10, u % 10);
	case W_CP:
		u = pcpu_permille(ctx, r);
		return snprintf(buf, size, "%3llu", u > 999 ? 999 : u);
	case W_PMEM:
		u = ctx->sys.mem_total ? r->rss * 1000ULL / ctx->sys.mem_total : 0;
		if (u > 999)
			u = 999;
		return snprintf(buf, size, "%2u.%u", (unsigned int)(u / 10), (unsigned int)(u % 10));
	case W_VSZ: return snprintf(buf, size, "%lu", r->vsz);
	case W_RSS: return snprintf(buf, size, "%lu", r->rss);
	case W_SZ: return snprintf(buf, size, "%lu", r->vsz / ctx->sys.page_kb);
	case W_MINFLT: return snprintf(buf, size, "%llu", r->minflt);
	case W_MAJFLT: return snprintf(buf, size, "%llu", r->majflt);
	case W_WCHAN: {
		/* As procps reads the file: "-" for "0", "?" where it could not. */
		const char *w = r->wchan;

		if (!w)
			w = "?";
		else if (!strcmp(w, "0"))
			w = "-";
		if (*w == '.')
			w++;
		while (*w == '_')
			w++;
		return text(buf, size, w, ctx->rightward);
	}
	case W_NOP: return snprintf(buf, size, "-");
	}
	return 0;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b))

int column_compare(const struct column *c, const struct row *a, const struct row *b)
{
	switch (c->what) {
	case W_PID: return CMP(a->tgid, b->tgid);
	case W_TID: return CMP(a->pid, b->pid);
	case W_PPID: return CMP(a->ppid, b->ppid);
	case W_PGID: return CMP(a->pgid, b->pgid);
	case W_SID: return CMP(a->sid, b->sid);
	case W_TPGID: return CMP(a->tpgid, b->tpgid);
	case W_NLWP: return CMP(a->nlwp, b->nlwp);
	case W_EUID: case W_EUSER: return CMP(a->euid, b->euid);
	case W_RUID: case W_RUSER: return CMP(a->uid, b->uid);
	case W_SUID: case W_SUSER: return CMP(a->suid, b->suid);
	case W_FUID: case W_FUSER: return CMP(a->fuid, b->fuid);
	case W_EGID: case W_EGROUP: return CMP(a->egid, b->egid);
	case W_RGID: case W_RGROUP: return CMP(a->gid, b->gid);
	case W_SGID: case W_SGROUP: return CMP(a->sgid, b->sgid);
	case W_FGID: case W_FGROUP: return CMP(a->fgid, b->fgid);
	case W_TTY: return CMP(a->tty, b->tty);
	case W_TIME: case W_TIMES: case W_BSDTIME: return CMP(a->ticks, b->ticks);
	case W_ETIME: case W_ETIMES: return CMP(a->elapsed, b->elapsed);
	case W_STIME: case W_START: case W_LSTART: case W_BSDSTART:
		return CMP(a->start_ticks, b->start_ticks);
	case W_ARGS: return strcoll(a->cmdline, b->cmdline);
	case W_COMM: case W_FNAME: return strcoll(a->comm, b->comm);
	case W_STAT: case W_S: return CMP(a->state, b->state);
	case W_F: return CMP(a->flags, b->flags);
	case W_PRI: case W_OPRI: case W_PRIORITY: return CMP(a->prio, b->prio);
	case W_NI: return CMP(a->nice, b->nice);
	case W_CLASS: case W_SCHED: return CMP(a->policy, b->policy);
	case W_RTPRIO: return CMP(a->rt_priority, b->rt_priority);
	case W_PSR: return CMP(a->processor, b->processor);
	case W_C: case W_PCPU: case W_CP:
		return CMP(a->elapsed > 0 ? a->ticks / a->elapsed : 0,
			   b->elapsed > 0 ? b->ticks / b->elapsed : 0);
	case W_PMEM: case W_RSS: return CMP(a->rss, b->rss);
	case W_VSZ: case W_SZ: return CMP(a->vsz, b->vsz);
	case W_MINFLT: return CMP(a->minflt, b->minflt);
	case W_MAJFLT: return CMP(a->majflt, b->majflt);
	case W_WCHAN: return strcmp(a->wchan ? a->wchan : "", b->wchan ? b->wchan : "");
	case W_NOP: return 0;
	}
	return 0;
}
