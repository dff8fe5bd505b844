// SPDX-License-Identifier: GPL-2.0
/*
 * What ps reads besides the tasks, all of it machine-wide (nothing under
 * /proc/PID/): the clock, boot time, uptime and memory, terminal names and
 * user and group names.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "ps.h"

static int read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

int sys_read(struct sys *sys)
{
	char buf[8192], *p;
	int n;

	sys->hertz = sysconf(_SC_CLK_TCK);
	sys->page_kb = sysconf(_SC_PAGESIZE) / 1024;
	sys->now = time(NULL);
	if (read_small("/proc/stat", buf, sizeof(buf)) < 0 || !(p = strstr(buf, "\nbtime ")))
		return -1;
	sys->boot_time = strtoul(p + 7, NULL, 10);
	if (read_small("/proc/uptime", buf, sizeof(buf)) < 0)
		return -1;
	sys->uptime = strtod(buf, NULL);
	if (read_small("/proc/meminfo", buf, sizeof(buf)) < 0 || strncmp(buf, "MemTotal:", 9))
		return -1;
	sys->mem_total = strtoul(buf + 9, NULL, 10);
	sys->pid_len = 5;
	n = read_small("/proc/sys/kernel/pid_max", buf, sizeof(buf));
	if (n > 0) {
		if (buf[n - 1] == '\n')
			n--;
		sys->pid_len = n;
	}
	return 0;
}

/* A character device @path is @dev. */
static int is_dev(const char *path, unsigned int dev)
{
	struct stat st;

	return stat(path, &st) == 0 && major(st.st_rdev) == major(dev) &&
	       minor(st.st_rdev) == minor(dev);
}

/* A line of /proc/tty/drivers: a device name and the numbers it has. */
struct driver {
	char		name[16];
	int		devfs;		/* "name%d": only name<N> and name/<N> */
	unsigned int	major, first, last;
};

/* /proc/tty/drivers, read once. */
static const struct driver *drivers(size_t *n)
{
	static struct driver *v;
	static size_t count;
	static int loaded;
	char buf[16384], *line, *save = NULL;

	if (loaded) {
		*n = count;
		return v;
	}
	loaded = 1;
	if (read_small("/proc/tty/drivers", buf, sizeof(buf)) <= 0)
		buf[0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p = strstr(line, " /dev/");
		struct driver d = { 0 }, *nv;
		size_t len;
		int k;

		if (!p)
			continue;
		p += 6;
		len = strcspn(p, " ");
		if (len >= 2 && !strncmp(p + len - 2, "%d", 2)) {
			len -= 2;
			d.devfs = 1;
		}
		if (len > sizeof(d.name) - 1)
			len = sizeof(d.name) - 1;
		memcpy(d.name, p, len);
		p += strcspn(p, " ");
		k = sscanf(p, " %u %u-%u", &d.major, &d.first, &d.last);
		if (k < 2)
			continue;
		if (k == 2)
			d.last = d.first;
		nv = realloc(v, (count + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[count++] = d;
	}
	*n = count;
	return v;
}

/*
 * /proc/tty/drivers's name for @dev, where /dev has it (procps's first
 * guess): of the lines whose numbers hold @dev the last decides, as procps
 * keeps them in a list, newest first.
 */
static int driver_name(unsigned int dev, char *buf, size_t size)
{
	unsigned int maj = major(dev), min = minor(dev);
	size_t n;
	const struct driver *d = drivers(&n);

	while (n--) {
		if (d[n].major != maj || min < d[n].first || min > d[n].last)
			continue;
		snprintf(buf, size, "/dev/%s%u", d[n].name, min);
		if (is_dev(buf, dev))
			return 1;
		snprintf(buf, size, "/dev/%s/%u", d[n].name, min);
		if (is_dev(buf, dev))
			return 1;
		snprintf(buf, size, "/dev/%s", d[n].name);
		return !d[n].devfs && is_dev(buf, dev);
	}
	return 0;
}

/* The usual names of the usual majors (procps's second guess). */
static int guess_name(unsigned int dev, char *buf, size_t size)
{
	unsigned int maj = major(dev), min = minor(dev);

	if (maj == 4)
		snprintf(buf, size, min < 64 ? "/dev/tty%u" : "/dev/ttyS%u", min < 64 ? min : min - 64);
	else if (maj >= 136 && maj <= 143)
		snprintf(buf, size, "/dev/pts/%u", min + (maj - 136) * 256);
	else if (maj == 188)
		snprintf(buf, size, "/dev/ttyUSB%u", min);
	else if (maj == 166)
		snprintf(buf, size, "/dev/ttyACM%u", min);
	else
		return 0;
	return is_dev(buf, dev);
}

const char *tty_name(unsigned int dev, char *out, size_t size)
{
	/* The names found so far: a host has few terminals. */
	static struct {
		unsigned int	dev;
		char		name[64];
	} cache[64];
	static size_t cached;
	char buf[128];
	const char *p;
	size_t i, k;

	for (k = 0; k < cached; k++)
		if (cache[k].dev == dev)
			return cache[k].name;
	if (!dev || (!driver_name(dev, buf, sizeof(buf)) && !guess_name(dev, buf, sizeof(buf)))) {
		snprintf(out, size, "?");
		return out;
	}
	p = buf;
	if (!strncmp(p, "/dev/", 5) && p[5])
		p += 5;
	k = cached < sizeof(cache) / sizeof(cache[0]) ? cached++ : 0;
	for (i = 0; p[i] && i + 1 < sizeof(cache[k].name); i++)
		cache[k].name[i] = p[i] <= ' ' || p[i] > 126 ? '?' : p[i];
	cache[k].name[i] = '\0';
	cache[k].dev = dev;
	return cache[k].name;
}

struct name {
	unsigned int	id;
	char		*name;		/* NULL: no such entry */
};

static const char *cached_name(struct name **cache, size_t *n, unsigned int id, int group)
{
	struct name *c;

	for (size_t i = 0; i < *n; i++)
		if ((*cache)[i].id == id)
			return (*cache)[i].name;
	c = realloc(*cache, (*n + 1) * sizeof(**cache));
	if (!c)
		return NULL;
	*cache = c;
	c = &c[(*n)++];
	c->id = id;
	c->name = NULL;
	if (group) {
		struct group *g = getgrgid(id);

		if (g)
			c->name = strdup(g->gr_name);
	} else {
		struct passwd *pw = getpwuid(id);

		if (pw)
			c->name = strdup(pw->pw_name);
	}
	return c->name;
}

const char *user_name(unsigned int uid)
{
	static struct name *cache;
	static size_t n;

	return cached_name(&cache, &n, uid, 0);
}

const char *group_name(unsigned int gid)
{
	static struct name *cache;
	static size_t n;

	return cached_name(&cache, &n, gid, 1);
}

static int parse_id(const char *s, unsigned int *id)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (*end || errno)
		return 0;
	if (v > 0xfffffffeUL)
		return -1;
	*id = v;
	return 1;
}

int name_to_uid(const char *name, unsigned int *uid)
{
	struct passwd *pw;
	int r = parse_id(name, uid);

	if (r)
		return r > 0 ? 0 : -ERANGE;
	pw = getpwnam(name);
	if (!pw)
		return -ENOENT;
	*uid = pw->pw_uid;
	return 0;
}

int name_to_gid(const char *name, unsigned int *gid)
{
	struct group *g;
	int r = parse_id(name, gid);

	if (r)
		return r > 0 ? 0 : -ERANGE;
	g = getgrnam(name);
	if (!g)
		return -ENOENT;
	*gid = g->gr_gid;
	return 0;
}

/* A -t list's member as procps finds it; 0 for "-" and "?", -ENOENT or -ENOTTY. */
int tty_to_dev(const char *name, unsigned int *dev)
{
	static const char *const where[] = { "/dev/pts/%s", "/dev/%s", "/dev/tty%s", "/dev/pty%s",
					     "/dev/%snsole" };
	char path[4096];
	struct stat st;

	if (name[0] == '/') {
		if (stat(name, &st) < 0)
			return -ENOENT;
		goto found;
	}
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		snprintf(path, sizeof(path), where[i], name);
		if (stat(path, &st) == 0)
			goto found;
	}
	if (!strcmp(name, "-") || !strcmp(name, "?") || (!name[1] && stat(name, &st) == 0)) {
		*dev = 0;
		return 0;
	}
	return -ENOENT;
found:
	if (!S_ISCHR(st.st_mode))
		return -ENOTTY;
	*dev = st.st_rdev;
	return 0;
}

/*
 * A command line or name made printable as procps makes it: in a UTF-8
 * locale control characters become '?' (and a string that is not UTF-8 is
 * escaped whole, as below); otherwise control characters become '.' and
 * bytes past ASCII '?'.
 */
void escape(char *dst, int utf8)
{
	size_t n = strlen(dst), i;
	int valid = 1;

	if (utf8) {
		for (i = 0; i < n && valid;) {
			unsigned char c = dst[i];
			int len = c < 0x80 ? 1 : c < 0xc2 ? -1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 :
				  c < 0xf5 ? 4 : -1;

			if (len < 0 || i + len > n)
				valid = 0;
			else if (c < 0x20 || c == 0x7f)
				dst[i] = '?';
			i += len > 0 ? len : 1;
		}
		if (valid)
			return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = dst[i];

		if (c < 0x20 || c == 0x7f)
			dst[i] = '.';
		else if (c >= 0x80)
			dst[i] = '?';
	}
}
