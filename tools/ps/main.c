// SPDX-License-Identifier: GPL-2.0
/*
 * task-diag-ps: procps's ps, read through libtaskdiag.  The options are
 * procps-ng's (Unix, BSD and GNU styles), the output is procps's; where the
 * task_diag module is loaded nothing under /proc/PID/ is read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <taskdiag/taskdiag.h>
#include "ps.h"
#include "../../module/version.h"

#define OUTBUF_COLS	(2 * 64 * 1024)

enum sel_type { SEL_PID, SEL_QPID, SEL_PPID, SEL_EUID, SEL_RUID, SEL_EGID, SEL_RGID, SEL_SESS,
		SEL_TTY, SEL_COMM };

struct sel {
	enum sel_type	type;
	size_t		n;
	unsigned int	*ids;
	char		**names;
	struct sel	*next;
};

/* The options, as procps's parser leaves them. */
struct opts {
	int		all, neg, running, ua, ud, ba, bx, bsd;
	int		uf, ul, fm_F, fm_j, fm_y, bu, bj, bl;
	int		threads;	/* 'L', 'T' or 'H' */
	int		forest;
	int		headers;	/* 1, 0 (--no-headers) */
	int		w;
	int		cols;
	char		**format;	/* the -o lists */
	size_t		nformat;
	char		*sort;		/* --sort lists, joined */
	struct sel	*sel;
	unsigned int	procfs;		/* --procfs: libtaskdiag's fallback */
};

static const char *me = "task-diag-ps";

static void usage(FILE *f)
{
	fprintf(f, "\nUsage:\n %s [options]\n\n"
		" Try '%s --help <simple|list|output|threads|misc|all>'\n"
		"  or '%s --help <s|l|o|t|m|a>'\n for additional help text.\n\n"
		"For more details see %s(1).\n", me, me, me, me);
}

static void help(void)
{
	printf("\nUsage:\n %s [options]\n\n"
	       "Basic options:\n"
	       " -A, -e               all processes\n"
	       " -a                   all with tty, except session leaders\n"
	       "  a                   all with tty, including other users\n"
	       " -d                   all except session leaders\n"
	       " -N, --deselect       negate selection\n"
	       "  r                   only running processes\n"
	       "  x                   processes without controlling ttys\n"
	       "\nSelection by list:\n"
	       " -C <command>         command name\n"
	       " -G, --Group <GID>    real group id or name\n"
	       " -g, --group <group>  session or effective group name\n"
	       " -p, p, --pid <PID>   process id\n"
	       "        --ppid <PID>  parent process id\n"
	       " -q, q, --quick-pid <PID>\n"
	       "                      process id (quick mode)\n"
	       " -s, --sid <session>  session id\n"
	       " -t, t, --tty <tty>   terminal\n"
	       " -u, U, --user <UID>  effective user id or name\n"
	       " -U, --User <UID>     real user id or name\n"
	       "\n  The selection options take as their argument either:\n"
	       "    a comma-separated list e.g. '-u root,nobody' or\n"
	       "    a blank-separated list e.g. '-p \"1 2\"'.\n"
	       "\nOutput formats:\n"
	       " -F                   extra full\n"
	       " -f                   full-format, including command lines\n"
	       "  f, --forest         ascii art process tree\n"
	       " -H                   show process hierarchy\n"
	       " -j                   jobs format\n"
	       "  j                   BSD job control format\n"
	       " -l                   long format\n"
	       "  l                   BSD long format\n"
	       " -o, o, --format <format>\n"
	       "                      user-defined format\n"
	       "  u                   user-oriented format\n"
	       " -y                   do not show flags, show rss vs. addr (used with -l)\n"
	       "     --no-headers     do not print header at all\n"
	       "     --headers        repeat header lines, one per page\n"
	       "     --cols, --columns, --width <num>\n"
	       "                      set screen width\n"
	       " -w, w                unlimited output width\n"
	       "\nShow threads:\n"
	       "  H                   as if they were processes\n"
	       " -L                   possibly with LWP and NLWP columns\n"
	       " -T                   possibly with SPID column\n"
	       "\nMiscellaneous options:\n"
	       "  L                   show format specifiers\n"
	       "     --sort <spec>    specify sort order\n"
	       "     --procfs         read /proc/PID/* even where /proc/task_diag exists\n"
	       " -V, V, --version     display version information and exit\n"
	       " -?, --help <s|l|o|t|m|a>\n"
	       "                      display help and exit\n"
	       "\nFor more details see %s(1).\n", me, me);
}

static void __attribute__((noreturn)) fail(const char *msg)
{
	fprintf(stderr, "error: %s\n", msg);
	usage(stderr);
	exit(EXIT_FAILURE);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p) {
		fprintf(stderr, "%s: %s\n", me, strerror(ENOMEM));
		exit(EXIT_FAILURE);
	}
	return p;
}

static char *append(char *old, const char *more)
{
	size_t a = old ? strlen(old) : 0, b = strlen(more);
	char *s = xmalloc(a + b + 2);

	if (old) {
		memcpy(s, old, a);
		s[a++] = ',';
		free(old);
	}
	memcpy(s + a, more, b + 1);
	return s;
}

static void add_format(struct opts *o, const char *arg)
{
	char **v = realloc(o->format, (o->nformat + 1) * sizeof(*v));

	if (!v)
		fail("out of memory");
	o->format = v;
	o->format[o->nformat++] = (char *)arg;
}

/* A selection list ("1,2" or "1 2"), each member checked as procps checks it. */
static void add_list(struct opts *o, enum sel_type type, const char *arg)
{
	struct sel *s = xmalloc(sizeof(*s));
	char *copy = strdup(arg), *save = NULL, *tok;
	size_t len = strlen(arg);

	if (!copy)
		fail("out of memory");
	/* An empty member (",," or a trailing comma) is an improper list. */
	for (size_t i = 0; i <= len; i++) {
		int sep = !arg[i] || strchr(" ,\t", arg[i]);

		if (sep && (i == 0 || strchr(" ,\t", arg[i - 1])))
			fail("improper list");
	}
	s->type = type;
	s->ids = xmalloc(len * sizeof(*s->ids) + sizeof(*s->ids));
	s->names = xmalloc(len * sizeof(*s->names) + sizeof(*s->names));
	for (tok = strtok_r(copy, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		unsigned int *id = &s->ids[s->n];
		char *end;
		unsigned long v;
		int err;

		switch (type) {
		case SEL_PID:
		case SEL_QPID:
		case SEL_PPID:
		case SEL_SESS:
			errno = 0;
			v = strtoul(tok, &end, 10);
			if (*end)
				fail("process ID list syntax error");
			if (v < 1 || v > 0x7fffffffUL || errno)
				fail("process ID out of range");
			*id = v;
			break;
		case SEL_EUID:
		case SEL_RUID:
			err = name_to_uid(tok, id);
			if (err == -ENOENT)
				fail("user name does not exist");
			if (err)
				fail("user ID out of range");
			break;
		case SEL_EGID:
		case SEL_RGID:
			err = name_to_gid(tok, id);
			if (err == -ENOENT)
				fail("group name does not exist");
			if (err)
				fail("group ID out of range");
			break;
		case SEL_TTY:
			err = tty_to_dev(tok, id);
			if (err == -ENOTTY)
				fail("list member was not a TTY");
			if (err)
				fail("TTY could not be found");
			break;
		case SEL_COMM:
			s->names[s->n] = strdup(tok);
			break;
		}
		s->n++;
	}
	free(copy);
	s->next = o->sel;
	o->sel = s;
}

/*
 * -g's list, as procps takes it: sessions where every member is a pid,
 * else effective groups where every member is a group, else an error.
 */
static enum sel_type g_list_type(const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int pids = 1, gids = 1;

	if (!copy)
		fail("out of memory");
	for (tok = strtok_r(copy, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
		char *end;
		unsigned long v = strtoul(tok, &end, 10);
		unsigned int gid;

		if (*end || v < 1 || v > 0x7fffffffUL)
			pids = 0;
		if (name_to_gid(tok, &gid))
			gids = 0;
	}
	free(copy);
	if (pids)
		return SEL_SESS;
	if (gids)
		return SEL_EGID;
	fail("list of session leaders OR effective group IDs was invalid");
}

/* The argument of an option: the rest of this word, or the next one. */
static const char *opt_arg(const char *rest, int argc, char **argv, int *i, const char *missing)
{
	if (*rest)
		return rest;
	if (*i + 1 >= argc)
		fail(missing);
	return argv[++*i];
}

static void unix_options(struct opts *o, const char *s, int argc, char **argv, int *i)
{
	for (; *s; s++) {
		const char *a;

		switch (*s) {
		case 'A': case 'e': o->all = 1; break;
		case 'a': o->ua = 1; break;
		case 'd': o->ud = 1; break;
		case 'N': o->neg = 1; break;
		case 'f': o->uf = 1; break;
		case 'F': o->uf = 1; o->fm_F = 1; break;
		case 'l': o->ul = 1; break;
		case 'j': o->fm_j = 1; break;
		case 'y': o->fm_y = 1; break;
		case 'H': o->forest = 'u'; break;
		case 'L': case 'T':
			if (o->threads && o->threads != *s)
				fail("thread flags conflict; can't use both -L and -T");
			o->threads = *s;
			break;
		case 'w': o->w++; break;
		case 'V': printf("%s from task_diag %s\n", me, TASK_DIAG_VERSION); exit(0);
		case 'o':
			a = opt_arg(s + 1, argc, argv, i, "format specification must follow -o");
			add_format(o, a);
			return;
		case 'p': case 'q': case 'u': case 'U': case 'g': case 'G': case 's': case 't':
		case 'C': {
			static const char *const what[] = {
				['p'] = "list of process IDs must follow -p",
				['q'] = "list of process IDs must follow -q",
				['u'] = "list of users must follow -u",
				['U'] = "list of real users must follow -U",
				['g'] = "list of session leaders OR effective group names must follow -g",
				['G'] = "list of real groups must follow -G",
				['s'] = "list of session IDs must follow -s",
				['t'] = "list of terminals (pty, tty...) must follow -t",
				['C'] = "list of command names must follow -C",
			};
			static const enum sel_type type[] = {
				['p'] = SEL_PID, ['q'] = SEL_QPID, ['u'] = SEL_EUID, ['U'] = SEL_RUID,
				['g'] = SEL_EGID, ['G'] = SEL_RGID, ['s'] = SEL_SESS, ['t'] = SEL_TTY,
				['C'] = SEL_COMM,
			};

			a = opt_arg(s + 1, argc, argv, i, what[(int)*s]);
			if (*s == 'g')
				add_list(o, g_list_type(a), a);
			else
				add_list(o, type[(int)*s], a);
			return;
		}
		case '-': fail("embedded '-' among SysV options makes no sense");
		case '?': help(); exit(0);
		default: fail("unsupported SysV option");
		}
	}
}

static void bsd_options(struct opts *o, const char *s, int argc, char **argv, int *i)
{
	o->bsd = 1;
	for (; *s; s++) {
		const char *a;

		switch (*s) {
		case 'a': o->ba = 1; break;
		case 'x': o->bx = 1; break;
		case 'r': o->running = 1; break;
		case 'u': o->bu = 1; break;
		case 'j': o->bj = 1; break;
		case 'l': o->bl = 1; break;
		case 'f': o->forest = 'b'; break;
		case 'H': o->threads = 'H'; break;
		case 'L': column_list(stdout); exit(0);
		case 'w': o->w++; break;
		case 'V': printf("%s from task_diag %s\n", me, TASK_DIAG_VERSION); exit(0);
		case 'o':
			a = opt_arg(s + 1, argc, argv, i, "format specification must follow o");
			add_format(o, a);
			return;
		case 'p': case 'q': case 'U': case 't':
			a = opt_arg(s + 1, argc, argv, i, *s == 'U' ? "list of users must follow U" :
				    *s == 't' ? "list of terminals (pty, tty...) must follow t" :
				    "list of process IDs must follow p");
			add_list(o, *s == 'p' ? SEL_PID : *s == 'q' ? SEL_QPID :
				 *s == 'U' ? SEL_EUID : SEL_TTY, a);
			return;
		case 'k':
			a = opt_arg(s + 1, argc, argv, i, "long sort specification must follow 'k'");
			o->sort = append(o->sort, a);
			return;
		case '-': fail("embedded '-' among BSD options makes no sense");
		default: fail("unsupported option (BSD syntax)");
		}
	}
}

static void gnu_option(struct opts *o, const char *s, int argc, char **argv, int *i)
{
	static const struct { const char *name; int type; const char *missing; } lists[] = {
		{ "pid", SEL_PID, "list of process IDs must follow --pid" },
		{ "quick-pid", SEL_QPID, "list of process IDs must follow --quick-pid" },
		{ "ppid", SEL_PPID, "list of process IDs must follow --ppid" },
		{ "user", SEL_EUID, "list of users must follow --user" },
		{ "User", SEL_RUID, "list of real users must follow --User" },
		{ "group", SEL_EGID, "list of effective groups must follow --group" },
		{ "Group", SEL_RGID, "list of real groups must follow --Group" },
		{ "sid", SEL_SESS, "list of session IDs must follow --sid" },
		{ "tty", SEL_TTY, "list of terminals (pty, tty...) must follow --tty" },
	};
	const char *eq = strchr(s, '=');
	size_t len = eq ? (size_t)(eq - s) : strlen(s);
	const char *val = eq ? eq + 1 : "";
	char name[32];

	if (len >= sizeof(name))
		fail("unknown gnu long option");
	memcpy(name, s, len);
	name[len] = '\0';
#define TAKES(missing) (*val ? val : opt_arg("", argc, argv, i, missing))
	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
		if (!strcmp(name, lists[k].name)) {
			add_list(o, lists[k].type, TAKES(lists[k].missing));
			return;
		}
	if (!strcmp(name, "help")) {
		help();
		exit(0);
	} else if (!strcmp(name, "version")) {
		printf("%s from task_diag %s\n", me, TASK_DIAG_VERSION);
		exit(0);
	} else if (!strcmp(name, "format")) {
		add_format(o, TAKES("format specification must follow --format"));
	} else if (!strcmp(name, "sort")) {
		o->sort = append(o->sort, TAKES("long sort specification must follow --sort"));
	} else if (!strcmp(name, "forest")) {
		o->forest = 'b';
	} else if (!strcmp(name, "deselect")) {
		o->neg = 1;
	} else if (!strncmp(name, "no-header", 9) || !strncmp(name, "noheader", 8)) {
		o->headers = 0;
	} else if (!strncmp(name, "header", 6)) {
		o->headers = 1;
	} else if (!strcmp(name, "cols") || !strcmp(name, "columns") || !strcmp(name, "width")) {
		const char *v = TAKES("number of columns must follow --cols, --width, or --columns");
		char *end;
		long c = strtol(v, &end, 0);

		if (*end || c < 1 || c >= OUTBUF_COLS)
			fail("number of columns must follow --cols, --width, or --columns");
		o->cols = c;
	} else if (!strcmp(name, "procfs")) {
		o->procfs = TASKDIAG_OPEN_PROCFS;
	} else {
		fail("unknown gnu long option");
	}
#undef TAKES
}

/* procps's default columns for the options given (its SysV list, or a BSD format). */
static const char *default_format(const struct opts *o, char *buf, size_t size)
{
	const char *cols[24];
	int n = 0;
	size_t len = 0;

	if (o->bu + o->bj + o->bl > 1 || ((o->bu || o->bj || o->bl) && (o->uf || o->ul)))
		fail("conflicting format options");
	if (o->bu)
		return "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args";
	if (o->bj)
		return "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args";
	if (o->bl)
		return "flags,uid,pid,ppid,priority,nice,vsz,rss,wchan,stat,tname,bsdtime,args";
	if (o->ul && !o->fm_y)
		cols[n++] = "f";
	if (o->ul)
		cols[n++] = "s";
	if (o->uf)
		cols[n++] = "uid_hack";
	else if (o->ul)
		cols[n++] = "uid";
	cols[n++] = "pid";
	if (o->threads == 'T')
		cols[n++] = "spid";
	if (o->uf || o->ul)
		cols[n++] = "ppid";
	if (o->fm_j) {
		cols[n++] = "pgid";
		cols[n++] = "sid";
	}
	if (o->threads == 'L')
		cols[n++] = "lwp";
	if (o->uf || o->ul)
		cols[n++] = "c";
	if (o->threads == 'L' && o->uf)
		cols[n++] = "nlwp";
	if (o->ul) {
		cols[n++] = "opri";
		cols[n++] = "ni";
		cols[n++] = o->fm_y ? "rss" : "addr_1";
	}
	if (o->fm_F || o->ul)
		cols[n++] = "sz";
	if (o->ul)
		cols[n++] = "wchan";
	if (o->fm_F) {
		if (!(o->ul && o->fm_y))
			cols[n++] = "rss";
		cols[n++] = "psr";
	}
	if (o->uf)
		cols[n++] = "stime";
	cols[n++] = "tname";
	if (o->bsd) {
		if (!o->ul)
			cols[n++] = "stat";
		cols[n++] = "bsdtime";
		cols[n++] = o->uf || o->ul || o->fm_j ? "cmd" : "args";
	} else {
		cols[n++] = "time";
		cols[n++] = o->uf ? "cmd" : "ucmd";
	}
	buf[0] = '\0';
	for (int k = 0; k < n; k++)
		len += snprintf(buf + len, size - len, "%s%s", k ? "," : "", cols[k]);
	return buf;
}

/* A -o list's error, as procps words it. */
static void __attribute__((noreturn)) bad_format(const char *msg, const char *spec)
{
	if (spec)
		fprintf(stderr, "error: unknown user-defined format specifier \"%s\"\n", spec);
	else
		fprintf(stderr, "error: %s\n", msg);
	usage(stderr);
	exit(EXIT_FAILURE);
}

/*
 * The -o lists, one argument each, parsed as procps parses them: the items
 * are counted first, and the last one keeps the rest of the argument, so
 * that its header (after '=') may hold separators; a width after ':'.
 */
static struct fmt *parse_format(struct ps_ctx *ctx, char *const *args, size_t nargs,
				int *headers)
{
	struct fmt *head = NULL, **tail = &head;
	int any_header = 0;

	for (size_t k = 0; k < nargs; k++) {
		char *copy = strdup(args[k]), *walk = copy, *p;
		int items = 0, need = 1;

		if (!copy)
			fail("out of memory");
		for (p = copy; ; p++) {
			if (!*p || strchr(" ,\t\n", *p)) {
				if (need)
					bad_format("improper format list", NULL);
				need = 1;
			} else {
				items += need;
				need = 0;
			}
			if (!*p || !p[1])
				break;
		}
		if (!items)
			bad_format("empty format list", NULL);
		if (need)
			p[0] = '\0';	/* one trailing separator is allowed */
		while (items--) {
			char *sep = strpbrk(walk, " ,\t\n"), *eq, *colon;
			const struct column *c;
			struct fmt *f;

			if (items && sep)
				*sep = '\0';
			eq = strchr(walk, '=');
			if (eq)
				*eq++ = '\0';
			colon = strchr(walk, ':');
			if (colon) {
				*colon++ = '\0';
				if (!*colon || *colon == '0' ||
				    strspn(colon, "0123456789") != strlen(colon) || atoi(colon) <= 0)
					bad_format("column widths must be unsigned decimal numbers", NULL);
			}
			c = column_find(walk);
			if (!c)
				bad_format(NULL, walk);
			f = xmalloc(sizeof(*f));
			f->col = c;
			f->width = column_width(c, &ctx->sys);
			f->header = strdup(eq ? eq : column_head(c));
			if (eq && (int)strlen(eq) > f->width)
				f->width = strlen(eq);
			if (colon)
				f->width = atoi(colon);
			if (f->header[0])
				any_header = 1;
			*tail = f;
			tail = &f->next;
			walk = sep ? sep + 1 : NULL;
			if (!walk)
				break;
		}
		free(copy);
	}
	if (!any_header)
		*headers = 0;
	return head;
}

/* Internal specs (uid_hack, addr_1) are allowed in procps's own defaults only. */
static struct fmt *default_fmt(struct ps_ctx *ctx, const char *spec)
{
	struct fmt *head = NULL, **tail = &head;
	char *copy = strdup(spec), *save = NULL;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		struct fmt *f = xmalloc(sizeof(*f));

		f->col = column_find(t);
		f->header = strdup(column_head(f->col));
		f->width = column_width(f->col, &ctx->sys);
		*tail = f;
		tail = &f->next;
	}
	free(copy);
	return head;
}

struct rows {
	struct row	*v;
	size_t		n, cap;
};

/*
 * The command line as procps prints it: at most what its 128 KiB buffer
 * holds, trailing NULs dropped, the others and newlines spaces, escaped;
 * "[comm]" (and " <defunct>" for a zombie) where there is none.
 */
static char *cmdline_text(const struct row *r, const char *cmd, size_t len, int utf8)
{
	size_t n = len < 128 * 1024 - 1 ? len : 128 * 1024 - 1, i = n;
	char *s;

	if (!cmd || !n) {
		s = malloc(strlen(r->comm) + sizeof("[] <defunct>"));
		if (s)
			sprintf(s, "[%s]%s", r->comm, r->state == 'Z' ? " <defunct>" : "");
		return s;
	}
	s = malloc(n + 2);
	if (!s)
		return NULL;
	memcpy(s, cmd, n);
	s[n] = '\0';
	while (i && s[i - 1] == '\0')
		i--;
	while (i--)
		if (s[i] == '\n' || s[i] == '\0')
			s[i] = ' ';
	escape(s, utf8);
	if (!s[0])
		strcpy(s, "?");
	return s;
}

/* A task as a row: 0, -ENODATA where a group is absent (not a task ps shows), -ENOMEM. */
static int to_row(struct row *r, const struct taskdiag_task *t, const struct sys *sys)
{
	struct task_diag_base b;
	struct task_diag_creds c;
	struct task_diag_stat st;
	struct task_diag_sched s;
	struct task_diag_mem m;
	const char *cmd;
	size_t len;
	unsigned long long now;

	if (taskdiag_task_base(t, &b) || taskdiag_task_cred(t, &c) || taskdiag_task_stat(t, &st) ||
	    taskdiag_task_sched(t, &s) || taskdiag_task_mem(t, &m))
		return -ENODATA;
	memset(r, 0, sizeof(*r));
	r->pid = b.pid;
	r->tgid = b.tgid;
	r->ppid = b.ppid;
	r->pgid = b.pgid;
	r->sid = b.sid;
	r->state = taskdiag_state_char(b.state);
	/* stat's name: a kernel thread's whole (NAME), as procps shows it. */
	snprintf(r->comm, sizeof(r->comm), "%s", taskdiag_task_name(t) ?: b.comm);
	escape(r->comm, sys->utf8);
	r->uid = c.uid, r->euid = c.euid, r->suid = c.suid, r->fuid = c.fsuid;
	r->gid = c.gid, r->egid = c.egid, r->sgid = c.sgid, r->fgid = c.fsgid;
	r->nlwp = st.threads;
	r->minflt = st.minflt;
	r->majflt = st.majflt;
	r->nice = s.nice;
	r->prio = s.prio;
	r->policy = s.policy;
	r->rt_priority = s.rt_priority;
	r->processor = s.processor;
	r->flags = s.flags;
	r->tty = s.tty_nr;
	r->tpgid = s.tpgid;
	r->start_ticks = s.start_ticks;
	/*
	 * STAT's ticks, not SCHED's nanoseconds rounded apart: a process's
	 * sum there is rounded once, so it is procfs's or one tick more, never
	 * less (README, known differences); a thread's is procfs's.
	 */
	r->ticks = st.utime + st.stime;
	r->vsz = m.vm_size >> 10;
	r->rss = m.vm_rss >> 10;
	r->locked = m.vm_lck >> 10;
	now = (unsigned long long)(sys->uptime * sys->hertz);
	r->elapsed = now > r->start_ticks ? (double)(now - r->start_ticks) / sys->hertz : 0;
	if (taskdiag_task_wchan(t)) {
		r->wchan = strdup(taskdiag_task_wchan(t));
		if (!r->wchan)
			return -ENOMEM;
	}
	cmd = taskdiag_task_cmdline(t, &len);
	r->cmdline = cmdline_text(r, cmd, cmd ? len : 0, sys->utf8);
	return r->cmdline ? 0 : -ENOMEM;
}

static int add_task(struct rows *rows, const struct taskdiag_task *t, const struct sys *sys)
{
	int err;

	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 1024;
		struct row *v = realloc(rows->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		rows->v = v;
		rows->cap = cap;
	}
	err = to_row(&rows->v[rows->n], t, sys);
	if (err == -ENODATA)
		return 0;	/* a group absent: not a task ps can show */
	if (!err)
		rows->n++;
	return err;
}

static int fetch(struct taskdiag *td, struct rows *rows, const struct sys *sys, unsigned int strategy,
		 pid_t pid, uint64_t more)
{
	uint64_t show = TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_CRED | TASK_DIAG_SHOW_STAT |
			TASK_DIAG_SHOW_SCHED | TASK_DIAG_SHOW_MEM | TASK_DIAG_SHOW_CMDLINE | more;
	const struct taskdiag_task *t;
	int err;

	err = taskdiag_query(td, show, strategy, pid);
	if (err)
		return err;
	while ((err = taskdiag_next(td, &t)) > 0) {
		err = add_task(rows, t, sys);
		if (err)
			return err;
	}
	return err;
}

static int listed(const struct sel *s, const struct row *r)
{
	for (; s; s = s->next)
		for (size_t i = 0; i < s->n; i++) {
			unsigned int id = s->ids[i];

			switch (s->type) {
			case SEL_PID: case SEL_QPID: if ((unsigned int)r->tgid == id) return 1; break;
			case SEL_PPID: if ((unsigned int)r->ppid == id) return 1; break;
			case SEL_SESS: if ((unsigned int)r->sid == id) return 1; break;
			case SEL_EUID: if (r->euid == id) return 1; break;
			case SEL_RUID: if (r->uid == id) return 1; break;
			case SEL_EGID: if (r->egid == id) return 1; break;
			case SEL_RGID: if (r->gid == id) return 1; break;
			case SEL_TTY: if (r->tty == id) return 1; break;
			case SEL_COMM:
				if (strlen(r->comm) == 15 && strlen(s->names[i]) >= 15 &&
				    !strncmp(r->comm, s->names[i], 15))
					return 1;
				if (!strncmp(r->comm, s->names[i], 63))
					return 1;
				break;
			}
		}
	return 0;
}

/* procps's table of the simple selections: a bit per (own euid, leader, no tty, our tty). */
static unsigned int select_bits(const struct opts *o, int *all)
{
	int ss_a = o->ua, ss_d = o->ud, b_a = o->ba, b_x = o->bx;

	*all = o->all;
	if (!(ss_a || ss_d || b_a || b_x) && !o->bsd)
		return 0xaa00;
	if (ss_a && ss_d)
		return 0x3f3f;
	if (ss_a)
		return 0x0303;
	if (ss_d)
		return 0x3333;
	if (b_x && b_a) {
		*all = 1;
		return 0;
	}
	if (b_x)
		return 0xaaaa;
	if (b_a)
		return 0x0f0f;
	return 0x0a0a;
}

static int wanted(const struct opts *o, const struct row *r, unsigned int bits, int all,
		  unsigned int our_tty)
{
	int ok = 1;

	if (!all) {
		int simple = o->ua || o->ud || o->ba || o->bx;
		unsigned int idx = (r->euid == geteuid()) | (r->sid == r->tgid) << 1 |
				   (!r->tty) << 2 | (r->tty == our_tty) << 3;

		if (!((simple || !o->sel) && (bits & (1u << idx))) && !listed(o->sel, r))
			ok = 0;
	}
	if (o->running && r->state != 'R' && r->state != 'D')
		ok = 0;
	return o->neg ? !ok : ok;
}

static const struct sort_key *parse_sort(const char *spec, size_t *n)
{
	struct sort_key *keys;
	char *copy = strdup(spec), *save = NULL;
	size_t k = 0;

	keys = xmalloc((strlen(spec) + 1) * sizeof(*keys));
	for (char *t = strtok_r(copy, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save)) {
		int rev = 0;

		if (*t == '-' || *t == '+')
			rev = *t++ == '-';
		keys[k].col = column_find(t);
		if (!keys[k].col)
			fail("unknown sort specifier");
		keys[k++].reverse = rev;
	}
	free(copy);
	*n = k;
	return keys;
}

static const struct sort_key *sort_keys;
static size_t nsort_keys;

static int by_keys(const void *pa, const void *pb)
{
	const struct row *a = *(struct row *const *)pa, *b = *(struct row *const *)pb;

	for (size_t k = 0; k < nsort_keys; k++) {
		int c = column_compare(sort_keys[k].col, a, b);

		if (c)
			return sort_keys[k].reverse ? -c : c;
	}
	/* procps's sorts are stable: ties keep the order read. */
	return a < b ? -1 : a > b;
}

/* Threads by process (the tgid), the leader first, then by tid. */
static int by_process(const void *pa, const void *pb)
{
	const struct row *a = *(struct row *const *)pa, *b = *(struct row *const *)pb;

	if (a->tgid != b->tgid)
		return a->tgid < b->tgid ? -1 : 1;
	if ((a->pid == a->tgid) != (b->pid == b->tgid))
		return a->pid == a->tgid ? -1 : 1;
	return a->pid < b->pid ? -1 : a->pid > b->pid;
}

int main(int argc, char **argv)
{
	struct opts o = { .headers = 1 };
	struct ps_ctx ctx = { .out = stdout };
	struct rows rows = { 0 };
	struct row **list;
	struct taskdiag *td;
	char defbuf[512];
	const char *spec;
	unsigned int bits, our_tty = 0, strategy;
	uint64_t more = 0;
	int all, err, printed = 0;
	size_t n = 0;

	setlocale(LC_ALL, "");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (a[0] == '-' && a[1] == '-' && a[2])
			gnu_option(&o, a + 2, argc, argv, &i);
		else if (a[0] == '-' && a[1])
			unix_options(&o, a + 1, argc, argv, &i);
		else if ((a[0] >= 'a' && a[0] <= 'z') || (a[0] >= 'A' && a[0] <= 'Z'))
			bsd_options(&o, a, argc, argv, &i);
		else if (a[0] >= '0' && a[0] <= '9')
			add_list(&o, SEL_PID, a), o.bsd = 1;
		else
			fail("garbage option");
	}
	if (o.threads && o.forest)
		fail("thread display conflicts with forest display");
	if (o.format && (o.uf || o.ul || o.bu || o.bj || o.bl))
		fail("conflicting format options");
	if (o.format && (o.fm_F || o.fm_j || o.fm_y))
		fail("can not use output modifiers with user-defined output");
	if (sys_read(&ctx.sys)) {
		fprintf(stderr, "%s: cannot read /proc/stat, /proc/uptime or /proc/meminfo\n", me);
		return EXIT_FAILURE;
	}
	{
		const char *enc = nl_langinfo(CODESET);

		ctx.sys.utf8 = enc && !strcasecmp(enc, "UTF-8") && MB_CUR_MAX > 1;
	}
	/* The screen: unlimited when stdout is no terminal, as procps's. */
	{
		struct winsize ws;
		const char *c = getenv("COLUMNS");

		ctx.cols = 80;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != -1 && ws.ws_col > 0)
			ctx.cols = ws.ws_col;
		if (!isatty(STDOUT_FILENO))
			ctx.cols = OUTBUF_COLS;
		if (c && *c) {
			char *end;
			long v = strtol(c, &end, 0);

			if (!*end && v > 0 && v < OUTBUF_COLS)
				ctx.cols = v;
		}
		if (o.cols)
			ctx.cols = o.cols;
		if (o.w && ctx.cols < 132)
			ctx.cols = 132;
		if (o.w > 1)
			ctx.cols = OUTBUF_COLS;
	}
	ctx.unix_f = o.uf;
	ctx.forest = o.forest;
	if (o.format) {
		ctx.fmt = parse_format(&ctx, o.format, o.nformat, &o.headers);
	} else {
		spec = default_format(&o, defbuf, sizeof(defbuf));
		ctx.fmt = default_fmt(&ctx, spec);
	}
	if (o.sort)
		sort_keys = parse_sort(o.sort, &nsort_keys);

	err = taskdiag_open(&td, NULL, o.procfs);
	if (err) {
		fprintf(stderr, "%s: /proc/task_diag: %s\n", me, taskdiag_strerror(err));
		return EXIT_FAILURE;
	}
	strategy = o.threads ? TASK_DIAG_DUMP_ALL_THREAD : TASK_DIAG_DUMP_ALL;
	/* A module before 0.4.0 has no NAME (names are then the comm) and no WCHAN ("?"). */
	more = TASK_DIAG_SHOW_NAME;
	/* WCHAN costs procfs a file per task: asked only for a column that shows it. */
	for (const struct fmt *f = ctx.fmt; f; f = f->next)
		if (column_wants(f->col) & NEED_WCHAN)
			more |= TASK_DIAG_SHOW_WCHAN;
	for (size_t k = 0; k < nsort_keys; k++)
		if (column_wants(sort_keys[k].col) & NEED_WCHAN)
			more |= TASK_DIAG_SHOW_WCHAN;
	more &= taskdiag_supported(td);
	if (o.sel && o.sel->type == SEL_QPID && !o.sel->next) {
		/* -q: each pid asked for alone, in the order given. */
		for (size_t k = o.sel->n; k--;) {
			err = fetch(td, &rows, &ctx.sys, o.threads ? TASK_DIAG_DUMP_THREAD :
				    TASK_DIAG_DUMP_ONE, o.sel->ids[o.sel->n - 1 - k], more);
			if (err == -ESRCH || err == -ENOENT)
				err = 0;
			if (err)
				break;
		}
		o.all = 1;
	} else {
		err = fetch(td, &rows, &ctx.sys, strategy, 0, more);
	}
	taskdiag_close(td);
	if (err) {
		fprintf(stderr, "%s: %s\n", me, taskdiag_strerror(err));
		return EXIT_FAILURE;
	}
	for (size_t k = 0; k < rows.n; k++)
		if (rows.v[k].pid == getpid())
			our_tty = rows.v[k].tty;
	bits = select_bits(&o, &all);
	list = xmalloc(rows.n * sizeof(*list));
	for (size_t k = 0; k < rows.n; k++)
		if (wanted(&o, &rows.v[k], bits, all, our_tty))
			list[n++] = &rows.v[k];
	if (o.headers)
		print_header(&ctx);
	if (o.forest && !o.sort) {
		static struct sort_key forest_keys[2];

		forest_keys[0].col = column_find("ppid");
		forest_keys[1].col = column_find("start_time");
		sort_keys = forest_keys;
		nsort_keys = 2;
	} else if (o.forest) {
		/* procps sorts by start time first, then by the keys given. */
		struct sort_key *k = xmalloc((nsort_keys + 1) * sizeof(*k));

		memcpy(k, sort_keys, nsort_keys * sizeof(*k));
		k[nsort_keys].col = column_find("start_time");
		k[nsort_keys].reverse = 0;
		sort_keys = k;
		nsort_keys++;
	}
	if (nsort_keys)
		qsort(list, n, sizeof(*list), by_keys);
	else if (o.threads)
		/* procps lists a process's threads together, its leader first. */
		qsort(list, n, sizeof(*list), by_process);
	if (o.forest)
		print_forest(&ctx, list, n);
	else
		for (size_t k = 0; k < n; k++)
			print_row(&ctx, list[k]);
	printed = n > 0;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error: %s\n", me, strerror(errno));
		return EXIT_FAILURE;
	}
	if (close(STDOUT_FILENO) && errno != EBADF) {
		fprintf(stderr, "%s: write error: %s\n", me, strerror(errno));
		return EXIT_FAILURE;
	}
	return printed ? 0 : EXIT_FAILURE;
}
