// SPDX-License-Identifier: GPL-2.0
/*
 * Memory maps: TASK_DIAG_VMA records, field for field what /proc/PID/maps
 * shows (show_map_vma() in fs/proc/task_mmu.c).  The mmap lock is taken
 * killably and held only while one buffer is filled; between reads only
 * the address to resume at is kept.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/string.h>
#include "compat.h"
#include "internal.h"

static const struct {
	unsigned long	vm;
	u64		td;
} td_vm_flags[] = {
	{ VM_READ, TASK_DIAG_VMA_F_READ },
	{ VM_WRITE, TASK_DIAG_VMA_F_WRITE },
	{ VM_EXEC, TASK_DIAG_VMA_F_EXEC },
	{ VM_SHARED, TASK_DIAG_VMA_F_SHARED },
	{ VM_MAYREAD, TASK_DIAG_VMA_F_MAYREAD },
	{ VM_MAYWRITE, TASK_DIAG_VMA_F_MAYWRITE },
	{ VM_MAYEXEC, TASK_DIAG_VMA_F_MAYEXEC },
	{ VM_MAYSHARE, TASK_DIAG_VMA_F_MAYSHARE },
	{ VM_GROWSDOWN, TASK_DIAG_VMA_F_GROWSDOWN },
	{ VM_PFNMAP, TASK_DIAG_VMA_F_PFNMAP },
	{ TD_VM_DENYWRITE, TASK_DIAG_VMA_F_DENYWRITE },
	{ TD_VM_MPX, TASK_DIAG_VMA_F_MPX },
	{ VM_LOCKED, TASK_DIAG_VMA_F_LOCKED },
	{ VM_IO, TASK_DIAG_VMA_F_IO },
	{ VM_SEQ_READ, TASK_DIAG_VMA_F_SEQ_READ },
	{ VM_RAND_READ, TASK_DIAG_VMA_F_RAND_READ },
	{ VM_DONTCOPY, TASK_DIAG_VMA_F_DONTCOPY },
	{ VM_DONTEXPAND, TASK_DIAG_VMA_F_DONTEXPAND },
	{ VM_ACCOUNT, TASK_DIAG_VMA_F_ACCOUNT },
	{ VM_NORESERVE, TASK_DIAG_VMA_F_NORESERVE },
	{ VM_HUGETLB, TASK_DIAG_VMA_F_HUGETLB },
	{ VM_ARCH_1, TASK_DIAG_VMA_F_ARCH_1 },
	{ VM_DONTDUMP, TASK_DIAG_VMA_F_DONTDUMP },
	{ VM_SOFTDIRTY, TASK_DIAG_VMA_F_SOFTDIRTY },
	{ VM_MIXEDMAP, TASK_DIAG_VMA_F_MIXEDMAP },
	{ VM_HUGEPAGE, TASK_DIAG_VMA_F_HUGEPAGE },
	{ VM_NOHUGEPAGE, TASK_DIAG_VMA_F_NOHUGEPAGE },
	{ VM_MERGEABLE, TASK_DIAG_VMA_F_MERGEABLE },
};

static u64 td_vma_flags(unsigned long vm_flags)
{
	u64 flags = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(td_vm_flags); i++)
		if (vm_flags & td_vm_flags[i].vm)
			flags |= td_vm_flags[i].td;
	return flags;
}

/*
 * The last file whose path td_vma_name() put in the scratch page, and
 * where: a library's four or five mappings, one after another, are of one
 * struct file, and a path is generated once for them all.  Good while the
 * mmap lock is held (the mappings hold their files) and nothing else is
 * written to the page.
 */
struct td_path_cache {
	const struct file	*file;
	const char		*path;
};

/*
 * The name maps shows, as show_map_vma() picks it: the file's path, a
 * special mapping's own name, [heap], [stack], [anon:NAME],
 * [anon_shmem:NAME] (compat.h says which path a file shows).  The result
 * may live in @scratch (a page).  NULL if the mapping has none.
 */
static const char *td_vma_name(struct vm_area_struct *vma, char *scratch,
			       struct td_path_cache *pc)
{
	struct mm_struct *mm = vma->vm_mm;
	const char *name;

	if (vma->vm_file) {
		name = td_vma_anon_name(vma);
		if (name) {
			pc->file = NULL;
			snprintf(scratch, PAGE_SIZE, "[anon_shmem:%s]", name);
			return scratch;
		}
		if (pc->file == vma->vm_file)
			return pc->path;
		name = d_path(td_file_user_path(vma->vm_file), scratch, PAGE_SIZE);
		pc->file = IS_ERR(name) ? NULL : vma->vm_file;
		pc->path = name;
		return IS_ERR(name) ? NULL : name;
	}
	if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		if (name)
			return name;
	}
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	name = td_vma_anon_name(vma);
	if (name) {
		pc->file = NULL;
		snprintf(scratch, PAGE_SIZE, "[anon:%s]", name);
		return scratch;
	}
	return NULL;
}

/* Bytes of @name as maps prints it: seq_file_path() escapes '\n' as "\012". */
static size_t td_name_len(const char *name)
{
	size_t len = 0;

	for (; *name; name++)
		len += *name == '\n' ? 4 : 1;
	return len;
}

/* @name as maps prints it, and zeroes up to @end (the record's alignment). */
static void td_name_copy(char *dst, const char *name, const char *end)
{
	for (; *name; name++) {
		if (*name == '\n') {
			memcpy(dst, "\\012", 4);
			dst += 4;
		} else {
			*dst++ = *name;
		}
	}
	memset(dst, 0, end - dst);
}

/*
 * Append the mappings of @mm from cur.vma_addr on, as records of the
 * attribute @nla (td_nla_start()), while they fit.  Returns 0 when all are
 * given, -EAGAIN when more remain, -EINTR on a fatal signal.
 */
static int td_vma_records(struct td_file *f, struct mm_struct *mm, struct nlattr *nla,
			  struct td_out *out, bool stats)
{
	struct td_cursor *cur = &f->dump.cur;
	struct td_path_cache pc = { NULL };
	struct task_diag_vma_stat *stat;
	struct td_vma_iter it;
	struct vm_area_struct *vma;
	struct task_diag_vma *rec;
	size_t base, len, name_len;
	const char *name;
	const struct inode *inode;
	int ret = 0;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	/* Without a name a record is its struct and stat: no padding to zero. */
	BUILD_BUG_ON(sizeof(*rec) % NLA_ALIGNTO || sizeof(*stat) % NLA_ALIGNTO);
	base = sizeof(*rec) + (stats ? sizeof(*stat) : 0);
	td_vma_iter_init(&it, mm, cur->vma_addr);
	while ((vma = td_vma_next(&it))) {
		/* It grew over what an earlier read gave: not again. */
		if (vma->vm_start < cur->vma_addr)
			continue;
		name = td_vma_name(vma, f->scratch, &pc);
		name_len = name ? td_name_len(name) + 1 : 0;
		len = NLA_ALIGN(base + name_len);
		rec = td_nla_append(out, nla, len);
		if (!rec) {
			ret = -EAGAIN;
			break;
		}

		/* Every byte of the record is written: the fields, the stat, the name. */
		memset(rec, 0, sizeof(*rec));
		rec->start = vma->vm_start;
		rec->end = vma->vm_end;
		rec->vm_flags = td_vma_flags(vma->vm_flags);
		if (vma->vm_file) {
			inode = td_file_user_inode(vma->vm_file);
			rec->pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
			rec->major = MAJOR(inode->i_sb->s_dev);
			rec->minor = MINOR(inode->i_sb->s_dev);
			rec->inode = inode->i_ino;
			rec->generation = inode->i_generation;
		}
		rec->vma_len = len;
		if (stats) {
			rec->stat_off = sizeof(*rec);
			rec->stat_len = sizeof(*stat);
			stat = (struct task_diag_vma_stat *)(rec + 1);
			td_vma_stat(vma, stat);
		}
		if (name) {
			rec->name_off = base;
			rec->name_len = name_len;
			td_name_copy((char *)rec + base, name, (char *)rec + len);
		}
		cur->vma_addr = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return ret;
}

/*
 * Put the TASK_DIAG_VMA attribute of @mm (the one access.c approved; NULL,
 * an empty one), from cur.vma_addr on.  Returns 0 when every mapping is
 * given, -EAGAIN when more remain for a next message, -EMSGSIZE when not
 * even the first remaining record fits, -EINTR on a fatal signal.
 */
int td_fill_vmas(struct td_file *f, struct mm_struct *mm, struct td_out *out)
{
	bool stats = f->dump.req.show_flags & TASK_DIAG_SHOW_VMA_STAT;
	size_t mark = out->len;
	struct nlattr *nla;
	int ret;

	nla = td_nla_start(out, TASK_DIAG_VMA);
	if (!nla)
		return -EMSGSIZE;
	if (!mm)
		return 0;
	ret = td_vma_records(f, mm, nla, out, stats);
	td_nla_end(out, nla);
	if (ret == -EAGAIN && nla->nla_len == NLA_HDRLEN) {
		td_out_trim(out, mark);
		return -EMSGSIZE;
	}
	if (ret == -EINTR)
		td_out_trim(out, mark);
	return ret;
}
