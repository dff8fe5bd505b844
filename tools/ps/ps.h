/* SPDX-License-Identifier: GPL-2.0 */
/*
 * task-diag-ps: procps's ps, its options, columns and output, read through
 * libtaskdiag (the module, or procfs where it is not loaded).
 */
#ifndef TASK_DIAG_PS_H
#define TASK_DIAG_PS_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* A task as ps prints it. */
struct row {
	int		pid, tgid, ppid, pgid, sid, tpgid;
	char		state;
	char		comm[64];
	char		*cmdline;	/* args joined by spaces, escaped; "[comm]" if none */
	char		*wchan;		/* /proc/PID/wchan's text, NULL where none */
	unsigned int	uid, euid, suid, fuid, gid, egid, sgid, fgid;
	int		nice, prio, policy, rt_priority, processor;
	unsigned int	flags, tty;
	unsigned int	nlwp;
	unsigned long long start_ticks, ticks;	/* utime + stime, in clock ticks */
	unsigned long long minflt, majflt;
	unsigned long	vsz, rss, locked;	/* kB */
	double		elapsed;		/* seconds since it started */
};

/* The machine, read once (sys.c). */
struct sys {
	long		hertz;
	unsigned long	boot_time;	/* /proc/stat's btime */
	double		uptime;
	unsigned long	mem_total;	/* kB */
	int		pid_len;
	unsigned long	page_kb;
	time_t		now;
	int		utf8;
};

struct column;

/* One column of the output: a spec, its header and width. */
struct fmt {
	const struct column *col;
	char		*header;
	int		width;
	struct fmt	*next;
};

struct sort_key {
	const struct column *col;
	int		reverse;
};

struct ps_ctx {
	struct sys	sys;
	struct fmt	*fmt;
	int		cols;		/* screen width */
	int		unix_f;		/* -f: comm shows the command line */
	int		forest;		/* 0, 'b' (f, --forest) or 'u' (-H) */
	char		prefix[128];	/* the forest's, while printing */
	int		rightward;	/* room the column being printed may take */
	FILE		*out;
};

/* columns.c */
const struct column *column_find(const char *name);
int column_print(const struct column *c, struct ps_ctx *ctx, const struct row *r, char *buf,
		 size_t size);
const char *column_head(const struct column *c);
int column_width(const struct column *c, const struct sys *sys);
int column_just(const struct column *c);
int column_compare(const struct column *c, const struct row *a, const struct row *b);
int column_wants(const struct column *c);
void column_list(FILE *f);

/* What a column needs beyond the groups always asked for. */
#define NEED_WCHAN	1

/* Justification. */
#define J_RIGHT		1
#define J_LEFT		2
#define J_USER		3
#define J_UNLIMITED	4
#define J_WCHAN		5	/* left, cut to its room */

/* sys.c */
int sys_read(struct sys *sys);
const char *tty_name(unsigned int dev, char *buf, size_t size);
const char *user_name(unsigned int uid);
const char *group_name(unsigned int gid);
int name_to_uid(const char *name, unsigned int *uid);
int name_to_gid(const char *name, unsigned int *gid);
int tty_to_dev(const char *name, unsigned int *dev);
void escape(char *s, int utf8);

/* output.c */
void print_header(struct ps_ctx *ctx);
void print_row(struct ps_ctx *ctx, const struct row *r);
void print_forest(struct ps_ctx *ctx, struct row **rows, size_t n);

#endif
