// SPDX-License-Identifier: GPL-2.0
/*
 * td_bench: the same facts about every task, read through procfs (or
 * taskstats) and through /proc/task_diag, timed side by side in one run.
 *
 * It first fills the machine with PROCS sleeping processes of THREADS
 * threads each, then, per method, reads once each way and checks that both
 * describe the same tasks with the same values (a method whose data differ
 * is reported and not timed), then times RUNS rounds, alternating the two
 * ways.  Results go to stdout: a table for people, and "@" lines for
 * bench/run.sh.  See -h, and bench/README.md.
 */
#include "bench.h"

/* Memory in use (MemTotal - MemAvailable), in KiB. */
static long mem_used_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	long total = 0, avail = 0, v;
	char name[64];

	while (f && fscanf(f, "%63s %ld kB ", name, &v) == 2) {
		if (!strcmp(name, "MemTotal:"))
			total = v;
		else if (!strcmp(name, "MemAvailable:"))
			avail = v;
	}
	if (f)
		fclose(f);
	return total - avail;
}

/* Fill the machine: @procs processes of @threads threads each, all asleep. */
static pid_t *spawn(long procs, int threads)
{
	pid_t *kids = calloc(procs ? procs : 1, sizeof(*kids));

	if (!kids)
		die("spawn");
	spawn_sleepers(kids, 0, procs, threads, 64 << 10);
	return kids;
}

/*
 * Or with td_proc beside this program: @procs dynamically linked processes,
 * @heavy of them with thousands of mappings (bench/td_proc.c).  They are
 * its forks, this program's once it is killed (a subreaper).
 */
static pid_t *spawn_dynamic(const char *prog, long procs, int threads, long heavy)
{
	pid_t *kids = calloc(procs ? procs : 1, sizeof(*kids));
	char n[24], t[24], h[24], w[24];
	int ready[2];
	int32_t pid;
	pid_t first;

	if (!kids || pipe(ready))
		die("spawn");
	snprintf(n, sizeof(n), "%ld", procs);
	snprintf(t, sizeof(t), "%d", threads);
	snprintf(h, sizeof(h), "%ld", heavy);
	snprintf(w, sizeof(w), "%d", ready[1]);
	first = fork();
	if (first < 0)
		die("fork");
	if (first == 0) {
		close(ready[0]);
		execl(prog, "td_proc", "-n", n, "-t", t, "-H", h, "-w", w, (char *)NULL);
		die(prog);
	}
	close(ready[1]);
	for (long i = 0; i < procs; i++) {
		if (read(ready[0], &pid, sizeof(pid)) != sizeof(pid))
			die("spawn: td_proc did not make its processes");
		kids[i] = pid;
	}
	close(ready[0]);
	return kids;
}

static void usage(FILE *f, const char *me)
{
	fprintf(f, "usage: %s [-p PROCS] [-t THREADS] [-r RUNS] [-m METHOD,...] [-b BYTES,...] [-l LABEL]\n"
		"Fill the machine with PROCS sleeping processes (default 1000) of THREADS threads\n"
		"each (default 1), then time reading the same facts about every task through\n"
		"procfs or taskstats and through /proc/task_diag, RUNS rounds each (default 5)\n"
		"after a warm-up that checks both ways give the same data.\n"
		"  -m  methods (default all):", me);
	for (size_t i = 0; i < NMETHODS; i++)
		fprintf(f, " %s", methods[i].name);
	fprintf(f, "\n  -b  task_diag read sizes for the ps method (default 4096,65536,1048576);\n"
		"      the other methods read 1 MiB at a time\n"
		"  -l  a label for the \"@\" result lines (default PROCSxTHREADS)\n"
		"  -d HEAVY  the processes are td_proc's (beside this program): dynamically\n"
		"      linked, with a heap, anonymous regions and their threads' stacks and\n"
		"      arenas; HEAVY of them with 2,000 more mappings each\n"
		"  -B  the BPF object of the bpf method (default td_iter.bpf.o beside this program)\n"
		"  -s STRACE  afterwards, count each way's system calls: one pass under\n"
		"      \"STRACE -f -c\" per way (and per -b size for ps)\n"
		"  -o WAY  no tasks made, no timing: one pass of WAY (METHOD.ref, METHOD.td or\n"
		"      none), at read size -b; prints the number of tasks seen and the pass's\n"
		"      time in seconds (used by -s, and to compare modules)\n"
		"Needs root (taskstats, BPF, and every process's maps) and task_diag loaded.\n");
}

int main(int argc, char **argv)
{
	size_t sizes[8] = { 4096, 65536, 1 << 20 }, nsizes = 3;
	const char *only = NULL, *label = NULL, *strace = NULL, *way = NULL;
	char self[4096], obj[4096], prog[4096];
	long procs = 1000, heavy = -1;
	int threads = 1, runs = 5, opt, failed = 0;
	char lbl[64], why[160];
	struct set ref, td;
	pid_t *kids;
	double t0;
	FILE *f;

	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0)
		die("/proc/self/exe");
	self[len] = 0;
	snprintf(obj, sizeof(obj), "%.*s/td_iter.bpf.o", (int)(strrchr(self, '/') - self), self);
	bpf_obj_path = obj;
	while ((opt = getopt(argc, argv, "p:t:r:m:b:l:B:s:o:d:h")) != -1) {
		switch (opt) {
		case 'p': procs = atol(optarg); break;
		case 't': threads = atoi(optarg); break;
		case 'r': runs = atoi(optarg); break;
		case 'm': only = optarg; break;
		case 'l': label = optarg; break;
		case 'B': bpf_obj_path = optarg; break;
		case 's': strace = optarg; break;
		case 'o': way = optarg; break;
		case 'd': heavy = atol(optarg); break;
		case 'b': {
			char *p = optarg;

			for (nsizes = 0; *p && nsizes < 8; p += *p == ',')
				sizes[nsizes++] = strtoul(p, &p, 10);
			break;
		}
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind != argc || procs < 0 || threads < 1 || runs < 1 || runs > 99 ||
	    (heavy >= 0 && !procs)) {
		usage(stderr, argv[0]);
		return 2;
	}
	if (!label) {
		snprintf(lbl, sizeof(lbl), "%ldx%d", procs, threads);
		label = lbl;
	}
	f = fopen("/proc/sys/kernel/pid_max", "r");
	if (!f || fscanf(f, "%u", &pid_max) != 1)
		die("/proc/sys/kernel/pid_max");
	fclose(f);
	if (way) {
		buf_size = sizes[0];
		buf = malloc(buf_size);
		if (!buf)
			die("malloc");
		long n;

		t0 = now();
		n = one_pass(way);
		printf("%ld %.6f\n", n, now() - t0);
		return 0;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	/* The children first, so that they inherit none of the big tables below. */
	t0 = now();
	kid_threads = threads;
	snprintf(prog, sizeof(prog), "%.*s/td_proc", (int)(strrchr(self, '/') - self), self);
	kids = heavy >= 0 ? spawn_dynamic(prog, procs, threads, heavy) : spawn(procs, threads);
	for (size_t i = 0; i < nsizes; i++)
		if (sizes[i] > buf_size)
			buf_size = sizes[i];
	buf = malloc(buf_size);
	is_kid = calloc(pid_max + 1, 1);
	if (!buf || !is_kid)
		die("malloc");
	for (long i = 0; i < procs; i++)
		is_kid[kids[i]] = 1;
	set_init(&ref);
	set_init(&td);
	printf("@spawn\t%s\t%ld\t%d\t%.3f\t%ld\n", label, procs, threads, now() - t0,
	       mem_used_kb());
	printf("# %ld processes of %d thread(s) made in %.1f s; memory in use: %ld MiB\n", procs,
	       threads, now() - t0, mem_used_kb() >> 10);
	printf("| method | reference | task_diag | read size | tasks | reference s median (min-max) | task_diag s median (min-max) | ratio | bytes/task ref, td | td reads |\n");
	printf("|---|---|---|---|---|---|---|---|---|---|\n");
	for (size_t k = 0; k < NMETHODS; k++) {
		const struct method *m = &methods[k];
		double tr[100], tt[100];
		int ok = 0;

		if (only && !wanted(only, m->name))
			continue;
		/* The check, also the warm-up; tasks that come and go (kworkers) get three tries. */
		buf_size = 1 << 20;
		for (int tries = 0; tries < 3; tries++) {
			set_clear(&ref);
			set_clear(&td);
			m->read_ref(&ref);
			via_task_diag(&td, m->show, m->strategy);
			ok = same(m, &ref, &td, why, sizeof(why));
			if (ok)
				break;
		}
		if (!ok) {
			printf("| %s | %s | %s | | | data differ: %s | | | | |\n", m->name, md(m->ref),
			       md(m->td), why);
			printf("@invalid\t%s\t%s\t%s\n", label, m->name, why);
			failed = 1;
			continue;
		}
		for (size_t b = 0; b < (strcmp(m->name, "ps") ? 1 : nsizes); b++) {
			struct timing a, d;

			buf_size = strcmp(m->name, "ps") ? 1 << 20 : sizes[b];
			for (int r = 0; r < runs; r++) {
				set_clear(&ref);
				t0 = now();
				m->read_ref(&ref);
				tr[r] = now() - t0;
				set_clear(&td);
				t0 = now();
				via_task_diag(&td, m->show, m->strategy);
				tt[r] = now() - t0;
			}
			a = summarize(tr, runs);
			d = summarize(tt, runs);
			printf("| %s | %s | %s | %zu | %zu | %.4f (%.4f-%.4f) | %.4f (%.4f-%.4f) | %.1fx | %.0f, %.0f | %u |\n",
			       m->name, md(m->ref), md(m->td), buf_size, td.n, a.median, a.min, a.max,
			       d.median, d.min, d.max, a.median / d.median,
			       (double)ref.bytes / ref.n, (double)td.bytes / td.n, td.reads);
			printf("@result\t%s\t%s\t%zu\t%zu\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\t%.1f\t%.1f\t%u\t%s\t%s\n",
			       label, m->name, buf_size, td.n, a.median, a.min, a.max, d.median,
			       d.min, d.max, (double)ref.bytes / ref.n, (double)td.bytes / td.n,
			       td.reads, m->ref, m->td);
		}
		fflush(stdout);
	}
	if (strace) {
		printf("\n# system calls of one pass (strace -f -c), less those of an empty pass\n");
		printf("| method | way | read size | calls |\n|---|---|---|---|\n");
		for (size_t k = 0; k < NMETHODS; k++) {
			const struct method *m = &methods[k];

			if (only && !wanted(only, m->name))
				continue;
			for (int td_way = 0; td_way < 2; td_way++) {
				int sweep = td_way && !strcmp(m->name, "ps");

				for (size_t b = 0; b < (sweep ? nsizes : 1); b++) {
					size_t size = sweep ? sizes[b] : 1 << 20;
					char w[64];
					long c, base;

					snprintf(w, sizeof(w), "%s.%s", m->name, td_way ? "td" : "ref");
					/* The empty pass allocates the same buffer. */
					base = empty_pass(strace, self, size);
					c = strace_count(strace, self, w, size);
					if (c < 0 || base < 0) {
						failed = 1;
						continue;
					}
					/* The iterator's pass without the one loading of it. */
					if (!td_way && (m->read_ref == via_bpf_iter ||
							m->read_ref == via_bpf_walk)) {
						long load = strace_count(strace, self, "bpf.load", size);

						if (load < 0) {
							failed = 1;
							continue;
						}
						printf("| %s | loading the program (once) | | %ld |\n",
						       m->name, load - base);
						printf("@syscalls\t%s\t%s\tload\t0\t%ld\t%ld\n", label,
						       m->name, load, load - base);
						c -= load - base;
					}
					printf("| %s | %s | %zu | %ld |\n", m->name,
					       md(td_way ? m->td : m->ref), size, c - base);
					printf("@syscalls\t%s\t%s\t%s\t%zu\t%ld\t%ld\n", label, m->name,
					       td_way ? "td" : "ref", size, c, c - base);
					fflush(stdout);
				}
			}
		}
	}
	for (long i = 0; i < procs; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return failed;
}

