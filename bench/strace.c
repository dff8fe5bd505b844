// SPDX-License-Identifier: GPL-2.0
/* td_bench: syscall counts of one pass of a way, under strace. */
#include "bench.h"

/* One pass of one way ("METHOD.ref", "METHOD.td" or "none"), for -o: the tasks it saw. */
long one_pass(const char *way)
{
	struct set s;

	set_init(&s);
	if (!strcmp(way, "none"))
		return 0;
	if (!strcmp(way, "bpf.load")) {
		bpf_init();
		return 0;
	}
	for (size_t k = 0; k < NMETHODS; k++) {
		const struct method *m = &methods[k];
		size_t len = strlen(m->name);

		if (strncmp(way, m->name, len) || way[len] != '.')
			continue;
		if (!strcmp(way + len + 1, "ref"))
			m->read_ref(&s);
		else if (!strcmp(way + len + 1, "td"))
			via_task_diag(&s, m->show, m->strategy);
		else
			break;
		return s.n;
	}
	fprintf(stderr, "td_bench: no way \"%s\"\n", way);
	exit(2);
}

/*
 * The system calls of one pass of @way, as strace -c -f counts them: the
 * calls of the whole program, and those over an empty pass ("none": start,
 * allocate, exit), which are the pass's own.
 */
long strace_count(const char *strace, const char *self, const char *way, size_t size)
{
	char out[] = "/tmp/td_bench.strace.XXXXXX", sz[32], line[256];
	long calls = -1;
	pid_t pid;
	FILE *f;
	int fd, status;

	fd = mkstemp(out);
	if (fd < 0)
		die("mkstemp");
	close(fd);
	snprintf(sz, sizeof(sz), "%zu", size);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl(strace, strace, "-f", "-c", "-o", out, self, "-o", way, "-b", sz,
		      "-B", bpf_obj_path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "td_bench: strace of %s failed\n", way);
		unlink(out);
		return -1;
	}
	f = fopen(out, "r");
	while (f && fgets(line, sizeof(line), f)) {
		double pct, sec;
		long usecs, c;

		/* "100.00    0.001234           1       123        4 total": calls, 4th column. */
		if (strstr(line, " total") &&
		    sscanf(line, "%lf %lf %ld %ld", &pct, &sec, &usecs, &c) == 4)
			calls = c;
	}
	if (f)
		fclose(f);
	unlink(out);
	return calls;
}

/* The calls of the empty pass with a buffer of @size, counted once per size. */
long empty_pass(const char *strace, const char *self, size_t size)
{
	static struct {
		size_t size;
		long calls;
	} seen[8];
	static int nseen;

	for (int i = 0; i < nseen; i++)
		if (seen[i].size == size)
			return seen[i].calls;
	if (nseen == 8)
		return strace_count(strace, self, "none", size);
	seen[nseen].size = size;
	seen[nseen].calls = strace_count(strace, self, "none", size);
	return seen[nseen++].calls;
}
