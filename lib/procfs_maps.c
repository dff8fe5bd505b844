// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libtaskdiag's procfs backend: a process's maps, from /proc/PID/smaps,
 * whose VmFlags give the flags maps's "rwxp" lacks, with the page
 * statistics where VMA_STAT is asked.  Records are filled as lib/decode.c
 * keeps the module's (the offsets and lengths of the record it came in).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"

/* Where maps starts a mapping's name: after its header, padded to 25 + 6 pointers' digits - 1. */
#define TD_MAPS_NAME_COL	(25 + 6 * sizeof(void *) - 1 + 1)

/* smaps's VmFlags mnemonics (show_smap_vma_flags()) for the series' bits. */
static const struct {
	char		mn[3];
	uint64_t	bit;
} td_vmflags[] = {
	{ "rd", TASK_DIAG_VMA_F_READ }, { "wr", TASK_DIAG_VMA_F_WRITE },
	{ "ex", TASK_DIAG_VMA_F_EXEC }, { "sh", TASK_DIAG_VMA_F_SHARED },
	{ "mr", TASK_DIAG_VMA_F_MAYREAD }, { "mw", TASK_DIAG_VMA_F_MAYWRITE },
	{ "me", TASK_DIAG_VMA_F_MAYEXEC }, { "ms", TASK_DIAG_VMA_F_MAYSHARE },
	{ "gd", TASK_DIAG_VMA_F_GROWSDOWN }, { "pf", TASK_DIAG_VMA_F_PFNMAP },
	{ "dw", TASK_DIAG_VMA_F_DENYWRITE }, { "mp", TASK_DIAG_VMA_F_MPX },
	{ "lo", TASK_DIAG_VMA_F_LOCKED }, { "io", TASK_DIAG_VMA_F_IO },
	{ "sr", TASK_DIAG_VMA_F_SEQ_READ }, { "rr", TASK_DIAG_VMA_F_RAND_READ },
	{ "dc", TASK_DIAG_VMA_F_DONTCOPY }, { "de", TASK_DIAG_VMA_F_DONTEXPAND },
	{ "ac", TASK_DIAG_VMA_F_ACCOUNT }, { "nr", TASK_DIAG_VMA_F_NORESERVE },
	{ "ht", TASK_DIAG_VMA_F_HUGETLB }, { "ar", TASK_DIAG_VMA_F_ARCH_1 },
	{ "dd", TASK_DIAG_VMA_F_DONTDUMP }, { "sd", TASK_DIAG_VMA_F_SOFTDIRTY },
	{ "mm", TASK_DIAG_VMA_F_MIXEDMAP }, { "hg", TASK_DIAG_VMA_F_HUGEPAGE },
	{ "nh", TASK_DIAG_VMA_F_NOHUGEPAGE }, { "mg", TASK_DIAG_VMA_F_MERGEABLE },
};

/* smaps's lines for struct task_diag_vma_stat's fields, in its order (kB). */
static const char *const td_smaps_keys[10] = {
	"Rss:", "Shared_Clean:", "Shared_Dirty:", "Private_Clean:", "Private_Dirty:",
	"Referenced:", "Anonymous:", "AnonHugePages:", "Swap:", "Pss:",
};

/* @l into @s's field @k where it is that field's line; Pss as the module's, << PSS_SHIFT. */
static void td_smaps_stat(struct task_diag_vma_stat *s, int k, const char *l)
{
	__u64 *dst[10] = {
		&s->resident, &s->shared_clean, &s->shared_dirty, &s->private_clean,
		&s->private_dirty, &s->referenced, &s->anonymous, &s->anonymous_thp, &s->swap,
		&s->pss,
	};
	size_t n = strlen(td_smaps_keys[k]);

	if (strncmp(l, td_smaps_keys[k], n))
		return;
	*dst[k] = strtoull(l + n, NULL, 10) << 10;
	if (k == 9)
		*dst[k] <<= TASK_DIAG_PSS_SHIFT;
}

static uint64_t td_vm_flags(char *v)
{
	uint64_t flags = 0;
	char *save = NULL;

	for (char *w = strtok_r(v, " ", &save); w; w = strtok_r(NULL, " ", &save))
		for (size_t i = 0; i < sizeof(td_vmflags) / sizeof(td_vmflags[0]); i++)
			if (!strcmp(w, td_vmflags[i].mn))
				flags |= td_vmflags[i].bit;
	return flags;
}

/*
 * A mapping's header line ("start-end perms pgoff major:minor inode  name")
 * into a new record of @t: 1, 0 if @l is no header, -ENOMEM.  The name
 * starts at a fixed column (maps pads to it), or after one space past a
 * longer header: a name's own leading spaces are kept.
 */
static int td_vma_header(struct taskdiag_task *t, const char *l, size_t len, int stats)
{
	size_t base = sizeof(struct task_diag_vma) +
		      (stats ? sizeof(struct task_diag_vma_stat) : 0);
	struct taskdiag_vma *x;
	struct task_diag_vma v;
	char perms[5];
	size_t at, i;
	int off = 0;

	memset(&v, 0, sizeof(v));
	if (sscanf(l, "%llx-%llx %4s %llx %x:%x %llu%n", &v.start, &v.end, perms, &v.pgoff,
		   &v.major, &v.minor, &v.inode, &off) != 7 || !off)
		return 0;
	at = off + (l[off] == ' ');
	if (at < len) {
		size_t col = at < TD_MAPS_NAME_COL ? TD_MAPS_NAME_COL : at + 1;

		for (i = at; i < col && i < len && l[i] == ' '; i++)
			;
		/* Not padded as expected (another pointer size): the name after the spaces. */
		at = i == col ? col : i;
	}
	if (at < len && !strcmp(l + at, "[vsyscall]"))
		return 2;	/* the kernel's gate area, which the module leaves out */
	if (t->nvmas == t->vma_cap) {
		size_t cap = t->vma_cap ? t->vma_cap * 2 : 32;
		struct taskdiag_vma *vmas = realloc(t->vmas, cap * sizeof(*vmas));

		if (!vmas)
			return -ENOMEM;
		t->vmas = vmas;
		t->vma_cap = cap;
	}
	x = &t->vmas[t->nvmas];
	memset(x, 0, sizeof(*x));
	if (at < len) {
		x->name = strdup(l + at);
		if (!x->name)
			return -ENOMEM;
		v.name_off = base;
		v.name_len = len - at + 1;
	}
	v.vma_len = NLA_ALIGN(base + v.name_len);
	if (stats) {
		v.stat_off = sizeof(v);
		v.stat_len = sizeof(struct task_diag_vma_stat);
	}
	x->v = v;
	x->has_stat = stats;
	t->nvmas++;
	return 1;
}

int td_procfs_maps(int procfd, const char *dir, int stats, struct taskdiag_task *t)
{
	struct taskdiag_vma *cur = NULL;
	char path[64], *l = NULL;
	size_t cap = 0;
	ssize_t n;
	int fd, err = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%ssmaps", dir);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "r");
	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	errno = 0;
	while (!err && (n = getline(&l, &cap, f)) > 0) {
		if (l[n - 1] == '\n')
			l[--n] = 0;
		if (l[0] >= 'A' && l[0] <= 'Z') {
			if (!cur)
				continue;
			if (!strncmp(l, "VmFlags:", 8))
				cur->v.vm_flags = td_vm_flags(l + 8);
			for (int k = 0; stats && k < 10; k++)
				td_smaps_stat(&cur->stat, k, l);
			continue;
		}
		err = td_vma_header(t, l, n, stats);
		cur = err == 1 ? &t->vmas[t->nvmas - 1] : NULL;
		err = err < 0 ? err : 0;
	}
	if (!err && ferror(f))
		err = errno ? -errno : -EIO;
	free(l);
	fclose(f);
	return err;
}
