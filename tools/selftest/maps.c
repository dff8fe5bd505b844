// SPDX-License-Identifier: GPL-2.0
/*
 * task_diag_test: memory maps: VMA and VMA_STAT against maps and smaps.
 */
#include "selftest.h"

/* ---- memory maps ---- */

/* smaps's names for struct task_diag_vma_stat's fields, in order. */
static const char *const smaps_fields[10] = {
	"Rss:", "Shared_Clean:", "Shared_Dirty:", "Private_Clean:", "Private_Dirty:",
	"Referenced:", "Anonymous:", "AnonHugePages:", "Swap:", "Pss:",
};

static const struct {
	const char *mn;
	unsigned long long bit;
} vmflag_names[] = {
	{ "rd", TASK_DIAG_VMA_F_READ }, { "wr", TASK_DIAG_VMA_F_WRITE },
	{ "ex", TASK_DIAG_VMA_F_EXEC }, { "sh", TASK_DIAG_VMA_F_SHARED },
	{ "mr", TASK_DIAG_VMA_F_MAYREAD }, { "mw", TASK_DIAG_VMA_F_MAYWRITE },
	{ "me", TASK_DIAG_VMA_F_MAYEXEC }, { "ms", TASK_DIAG_VMA_F_MAYSHARE },
	{ "gd", TASK_DIAG_VMA_F_GROWSDOWN }, { "pf", TASK_DIAG_VMA_F_PFNMAP },
	{ "lo", TASK_DIAG_VMA_F_LOCKED }, { "io", TASK_DIAG_VMA_F_IO },
	{ "sr", TASK_DIAG_VMA_F_SEQ_READ }, { "rr", TASK_DIAG_VMA_F_RAND_READ },
	{ "dc", TASK_DIAG_VMA_F_DONTCOPY }, { "de", TASK_DIAG_VMA_F_DONTEXPAND },
	{ "ac", TASK_DIAG_VMA_F_ACCOUNT }, { "nr", TASK_DIAG_VMA_F_NORESERVE },
	{ "ht", TASK_DIAG_VMA_F_HUGETLB }, { "ar", TASK_DIAG_VMA_F_ARCH_1 },
	{ "dd", TASK_DIAG_VMA_F_DONTDUMP }, { "sd", TASK_DIAG_VMA_F_SOFTDIRTY },
	{ "mm", TASK_DIAG_VMA_F_MIXEDMAP }, { "hg", TASK_DIAG_VMA_F_HUGEPAGE },
	{ "nh", TASK_DIAG_VMA_F_NOHUGEPAGE }, { "mg", TASK_DIAG_VMA_F_MERGEABLE },
};

/* /proc/PID/maps, or smaps with flags: the ground truth, line by line. */
static int read_maps(int pid, int smaps, struct mline **out)
{
	char path[64], *s, *l, *e;
	struct mline *m = NULL;
	int n = 0, skipping = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, smaps ? "smaps" : "maps");
	s = read_file(path, NULL);
	if (!s)
		return -1;
	for (l = s; *l; l = e + 1) {
		struct mline x;
		int off = 0;

		e = strchr(l, '\n');
		if (!e)
			break;
		*e = 0;
		memset(&x, 0, sizeof(x));
		if (sscanf(l, "%llx-%llx %4s %llx %x:%x %llu %n", &x.start, &x.end, x.perms,
			   &x.pgoff, &x.major, &x.minor, &x.inode, &off) == 7 && off) {
			/*
			 * The x86 vsyscall page (booted with vsyscall=xonly or
			 * emulate) is no mapping of the process: maps appends the
			 * kernel's gate area, which modules cannot reach.
			 */
			skipping = !strcmp(l + off, "[vsyscall]");
			if (skipping)
				continue;
			x.name = strdup(l + off);
			m = realloc(m, (n + 1) * sizeof(*m));
			m[n++] = x;
		} else if (skipping) {
			continue;	/* the lines of a mapping left out */
		} else if (smaps && n && strchr(l, ':') && strstr(l, " kB")) {
			for (int f = 0; f < 10; f++)
				if (!strncmp(l, smaps_fields[f], strlen(smaps_fields[f])))
					m[n - 1].st[f] = strtoull(l + strlen(smaps_fields[f]), NULL, 10);
		} else if (smaps && n && !strncmp(l, "VmFlags:", 8)) {
			for (char *w = strtok(l + 8, " "); w; w = strtok(NULL, " "))
				for (size_t i = 0; i < sizeof(vmflag_names) / sizeof(vmflag_names[0]); i++)
					if (!strcmp(w, vmflag_names[i].mn))
						m[n - 1].flags |= vmflag_names[i].bit;
			m[n - 1].has_flags = 1;
		}
	}
	free(s);
	*out = m;
	return n;
}

static void free_maps(struct mline *m, int n)
{
	for (int i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}

/* Every record equal to maps (and smaps's VmFlags where read); NULL or what differs. */
static const char *compare_maps(const struct taskdiag_task *t, struct mline *m, int n)
{
	static char why[200];

	if ((size_t)n != t->nvmas) {
		snprintf(why, sizeof(why), "%zu mappings, maps has %d", t->nvmas, n);
		return why;
	}
	for (int i = 0; i < n; i++) {
		const struct task_diag_vma *v = &t->vmas[i].v;
		const char *name = t->vmas[i].name ? t->vmas[i].name : "";
		char perms[5] = {
			v->vm_flags & TASK_DIAG_VMA_F_READ ? 'r' : '-',
			v->vm_flags & TASK_DIAG_VMA_F_WRITE ? 'w' : '-',
			v->vm_flags & TASK_DIAG_VMA_F_EXEC ? 'x' : '-',
			v->vm_flags & TASK_DIAG_VMA_F_MAYSHARE ? 's' : 'p', 0 };

		if (v->start != m[i].start || v->end != m[i].end || strcmp(perms, m[i].perms) ||
		    v->pgoff != m[i].pgoff || v->major != m[i].major || v->minor != m[i].minor ||
		    v->inode != m[i].inode || strcmp(name, m[i].name)) {
			snprintf(why, sizeof(why), "mapping %d: %llx-%llx %s %llx %x:%x %llu '%s' vs '%s'", i,
				 (unsigned long long)v->start, (unsigned long long)v->end, perms,
				 (unsigned long long)v->pgoff, v->major, v->minor,
				 (unsigned long long)v->inode, name, m[i].name);
			return why;
		}
		if (t->vmas[i].has_stat) {
			const __u64 *x = &t->vmas[i].stat.resident;

			for (int f = 0; f < 10; f++) {
				/* Pss, the last, comes as smaps sums it: bytes << TASK_DIAG_PSS_SHIFT. */
				unsigned long long kb = (f == 9 ? x[f] >> TASK_DIAG_PSS_SHIFT : x[f]) / 1024;

				if (kb != m[i].st[f]) {
					snprintf(why, sizeof(why), "mapping %d (%llx %s): %s %llu kB, smaps %llu kB",
						 i, (unsigned long long)v->start, name, smaps_fields[f],
						 kb, m[i].st[f]);
					return why;
				}
			}
		}
		if (m[i].has_flags) {
			unsigned long long known = 0;

			for (size_t k = 0; k < sizeof(vmflag_names) / sizeof(vmflag_names[0]); k++)
				known |= vmflag_names[k].bit;
			if ((v->vm_flags & known) != m[i].flags) {
				snprintf(why, sizeof(why), "mapping %d: flags %#llx, VmFlags say %#llx", i,
					 (unsigned long long)v->vm_flags, m[i].flags);
				return why;
			}
		}
	}
	return NULL;
}

static const char *one_maps_show(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
				 struct mline *known, int nknown, uint64_t extra);

/*
 * ONE with VMA of @pid, compared with its maps or smaps, or with @known
 * (@nknown lines) for a process that does not change.
 */
const char *one_maps(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
			    struct mline *known, int nknown)
{
	return one_maps_show(fd, pid, smaps, bufsize, reads, known, nknown,
			     smaps ? TASK_DIAG_SHOW_VMA_STAT : 0);
}

static const char *one_maps_show(int fd, pid_t pid, int smaps, size_t bufsize, int *reads,
				 struct mline *known, int nknown, uint64_t extra)
{
	static char why[256];
	struct taskdiag_result res;
	struct mline *m = known;
	const char *w;
	int n = nknown;

	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA | extra, TASK_DIAG_DUMP_ONE, pid,
		      bufsize, &res);
	if (!known)
		n = read_maps(pid, smaps, &m);
	if (reads)
		*reads = res.reads;
	if (res.violation[0] || !res.done || res.n != 1 || !res.tasks[0].has_vma || n < 0) {
		snprintf(why, sizeof(why), "no good answer (%.200s, errno %d)", res.violation, res.read_errno);
		w = why;
	} else {
		w = compare_maps(&res.tasks[0], m, n);
		if (w)
			w = strcpy(why, w);
	}
	if (n >= 0 && !known)
		free_maps(m, n);
	taskdiag_result_free(&res);
	return w;
}

/*
 * The mappings of the fixture with many: 65,000 (near the default
 * vm.max_map_count), or TD_MANY_MAPS, for a kernel on which making them takes
 * minutes (the debug kernel: 4.6 ms a mapping under emulation).  At least
 * 20,000: their records must still take more than one read of TD_READ_MAX
 * (1 MiB), and their attribute more than one message.
 */
static int many_maps(void)
{
	const char *s = getenv("TD_MANY_MAPS");
	int n = s ? atoi(s) : 65000;

	return n < 20000 ? 20000 : n > 65000 ? 65000 : n;
}

void test_maps(void)
{
	int nmany = many_maps();
	pid_t maps, many;
	struct taskdiag_result res;
	int fd = open_rdwr(TASKDIAG_PATH), bad = 0, procs = 0, reads;
	long mappings = 0;
	char want[64];

	maps = spawn_self((char *[]){ "td-maps", "--maps", NULL });
	snprintf(want, sizeof(want), "%d", nmany);
	many = spawn_self((char *[]){ "td-many", "--many", want, NULL });

	/*
	 * Pss of its shared libraries moves when another process maps or unmaps
	 * them between the two reads (a test process exiting): three tries.
	 */
	const char *why = one_maps(fd, maps, 1, BIG, NULL, NULL, 0);

	for (int tries = 1; why && tries < 3; tries++)
		why = one_maps(fd, maps, 1, BIG, NULL, NULL, 0);
	check(!why, "VMA and VMA_STAT of a process with file, shared, deleted, named, COW-shared, "
	      "huge and swapped memory equal smaps%s%s", why ? ": " : "", why ? why : "");
	taskdiag_dump(fd, TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT, TASK_DIAG_DUMP_ONE, maps, BIG, &res);
	{
		unsigned long long thp = 0, swap = 0, shared = 0, resident = 0, pss = 0;

		for (size_t i = 0; res.n == 1 && i < res.tasks[0].nvmas; i++) {
			const struct task_diag_vma_stat *st = &res.tasks[0].vmas[i].stat;

			thp += st->anonymous_thp;
			swap += st->swap;
			shared += st->shared_dirty + st->shared_clean;
			resident += st->resident;
			pss += st->pss >> TASK_DIAG_PSS_SHIFT;
		}
		check(res.n == 1 && shared && pss < resident,
		      "the fixture's statistics: %llu kB resident, %llu kB Pss, %llu kB shared, "
		      "%llu kB THP%s, %llu kB swapped%s", resident >> 10, pss >> 10, shared >> 10,
		      thp >> 10, thp ? "" : " (none given by this kernel)", swap >> 10,
		      swap ? "" : " (no swap in this VM)");
	}
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE, maps, BIG, &res);
	{
		int deleted = 0, heap = 0, stack = 0, vdso = 0, named = 0;

		for (size_t i = 0; res.n == 1 && i < res.tasks[0].nvmas; i++) {
			const char *nm = res.tasks[0].vmas[i].name;

			deleted |= nm && strstr(nm, "td-deleted (deleted)") != NULL;
			heap |= nm && !strcmp(nm, "[heap]");
			stack |= nm && !strcmp(nm, "[stack]");
			vdso |= nm && !strcmp(nm, "[vdso]");
			named |= nm && !strcmp(nm, "[anon:td-named]");
		}
		snprintf(want, sizeof(want), "/proc/%d/maps", maps);
		{
			char *s = read_file(want, NULL);
			int kernel_names = s && strstr(s, "[anon:td-named]");

			free(s);
			check(deleted && heap && stack && vdso && named == kernel_names,
			      "names: a deleted file, [heap], [stack], [vdso]%s",
			      kernel_names ? ", [anon:td-named]" : " (no named anonymous memory in this kernel)");
		}
	}
	taskdiag_result_free(&res);

	static const size_t sizes[] = { 160, 4096, 65536, BIG };
	struct mline *m;
	int n = read_maps(many, 0, &m);

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct timespec t0, t1;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		why = n < nmany ? "maps are short" : one_maps(fd, many, 0, sizes[i], &reads, m, n);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		check(!why, "%d mappings, buffer %zu: equal to maps in %d reads (%.1fs)%s%s",
		      nmany, sizes[i], reads, t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		      why ? ": " : "", why ? why : "");
	}

	if (n >= 0)
		free_maps(m, n);

	/* Every process of the system (less the many mappings, checked above). */
	kill(many, SIGKILL);
	waitpid(many, NULL, 0);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA | TASK_DIAG_SHOW_VMA_STAT,
		      TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	for (size_t i = 0; i < res.n; i++) {
		struct taskdiag_task *t = &res.tasks[i];
		struct mline *m;
		int n = read_maps(t->msg.pid, 1, &m);

		if (n < 0)
			continue;	/* gone */
		procs++;
		mappings += n;
		why = t->has_vma ? compare_maps(t, m, n) : "no VMA attribute";
		if (why && t->msg.pid != (uint32_t)getpid()) {
			if (bad++ < 5)
				diag("pid %u (%s): %s", t->msg.pid, t->base.comm, why);
		}
		free_maps(m, n);
	}
	check(!bad && !res.violation[0] && res.done && procs > 10,
	      "ALL with VMA and VMA_STAT: %d processes, %ld mappings, equal to /proc/PID/smaps",
	      procs, mappings);
	taskdiag_result_free(&res);

	/* With threads: maps once per process, with its leader. */
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL_THREAD, 0, BIG, &res);
	bad = 0;
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].has_vma != (res.tasks[i].msg.pid == res.tasks[i].msg.tgid))
			bad++;
	check(!bad && res.done && !res.violation[0], "ALL_THREAD: VMA with the leaders only");
	taskdiag_result_free(&res);

	kill(maps, SIGKILL);
	waitpid(maps, NULL, 0);
	close(fd);
}

/* Does procfs at @procdir give this process /proc/PID/@file with content? */
int procfs_gives(const char *procdir, pid_t pid, const char *file, int content)
{
	char path[96], b;
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%d/%s", procdir, pid, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	ok = !content || read(fd, &b, 1) == 1;
	close(fd);
	return ok;
}

/* Unprivileged, undumpable: its own maps, and no other process's, as procfs. */
static void unpriv_maps(void)
{
	struct taskdiag_result res;
	int fd, others = 0;
	pid_t sib;

	become_user(0);
	sib = fork();
	if (sib == 0) {
		for (;;)
			pause();
	}
	fd = open_rdwr(TASKDIAG_PATH);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	/* Kernel threads come with an empty VMA attribute, as their maps are empty to all. */
	for (size_t i = 0; i < res.n; i++)
		if (res.tasks[i].has_vma && res.tasks[i].nvmas &&
		    res.tasks[i].msg.pid != (uint32_t)getpid())
			others++;
	check(taskdiag_find(&res, getpid()) && taskdiag_find(&res, getpid())->has_vma && !others &&
	      taskdiag_find(&res, 1) && taskdiag_find(&res, 1)->has_base,
	      "its own maps, and no other process's (%zu processes listed)", res.n);
	taskdiag_result_free(&res);
	taskdiag_dump(fd, TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ONE, 1, BIG, &res);
	check(res.n == 1 && !res.tasks[0].has_vma && res.done,
	      "ONE of root's init: answered, without VMA");
	taskdiag_result_free(&res);
	close(fd);
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
}

static void unpriv_owner(void)
{
	struct taskdiag_result res;
	pid_t sib, nodump;
	int fd;

	become_user(0);
	/* Changing ids made this process undumpable; a sibling that says it is dumpable. */
	sib = fork();
	if (sib == 0) {
		prctl(PR_SET_DUMPABLE, 1);
		for (;;)
			pause();
	}
	nodump = fork();
	if (nodump == 0) {
		for (;;)
			pause();
	}
	usleep(100000);
	fd = open_rdwr(TASKDIAG_PATH);
	taskdiag_dump(fd, TASK_DIAG_SHOW_BASE | TASK_DIAG_SHOW_VMA, TASK_DIAG_DUMP_ALL, 0, BIG, &res);
	check(taskdiag_find(&res, sib) && taskdiag_find(&res, sib)->has_vma && procfs_gives("/proc", sib, "maps", 0),
	      "a dumpable same-user process's maps, as procfs gives them");
	check(taskdiag_find(&res, nodump) && !taskdiag_find(&res, nodump)->has_vma &&
	      !procfs_gives("/proc", nodump, "maps", 0),
	      "not an undumpable one's, which procfs refuses too");
	check(taskdiag_find(&res, 1) && !taskdiag_find(&res, 1)->has_vma && !procfs_gives("/proc", 1, "maps", 0),
	      "never root's");
	kill(nodump, SIGKILL);
	waitpid(nodump, NULL, 0);
	taskdiag_result_free(&res);
	close(fd);
	kill(sib, SIGKILL);
	waitpid(sib, NULL, 0);
}

void test_maps_access(void)
{
	in_child(unpriv_maps, "uid 1000 maps");
	in_child(unpriv_owner, "uid 1000 maps");
}
