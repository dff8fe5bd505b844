/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels task_diag builds on lives here.  Each
 * shim names the kernel version that changed and reads like the newest API;
 * no other file of the module tests a kernel version.
 */
#ifndef TASK_DIAG_COMPAT_H
#define TASK_DIAG_COMPAT_H

#include <linux/version.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/mm.h>
#include <linux/path.h>
#include <linux/page_idle.h>
#include <linux/pid_namespace.h>
#include <linux/seq_file.h>
#include <linux/uio.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#ifdef TD_HAVE_LEAFOPS
#include <linux/leafops.h>
#endif
#include <linux/task_diag.h>

/* The oldest kernel task_diag supports; dkms.conf skips older ones. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "task_diag needs Linux 5.10 or later"
#endif

/* 6.3 made kernel_cap_t a single u64; before, it was an array of two u32. */
static inline void td_caps_from_kernel(struct task_diag_caps *out, const kernel_cap_t *c)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	out->cap[0] = lower_32_bits(c->val);
	out->cap[1] = upper_32_bits(c->val);
#else
	out->cap[0] = c->cap[0];
	out->cap[1] = c->cap[1];
#endif
}

/*
 * 5.12 made file_open_root() take the root as a struct path; before, as a
 * dentry and a vfsmount.
 */
static inline struct file *td_file_open_root(const struct path *root, const char *name, int flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 12, 0)
	return file_open_root(root, name, flags, 0);
#else
	return file_open_root(root->dentry, root->mnt, name, flags, 0);
#endif
}

/*
 * The mappings of an mm in order, from the first that ends above an
 * address: 6.1 keeps them in a maple tree walked with a vma_iterator;
 * before, in a list (vm_area_struct.vm_next).  The mmap lock is held.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
struct td_vma_iter {
	struct vma_iterator	vmi;
};

static inline void td_vma_iter_init(struct td_vma_iter *it, struct mm_struct *mm,
				    unsigned long addr)
{
	vma_iter_init(&it->vmi, mm, addr);
}

static inline struct vm_area_struct *td_vma_next(struct td_vma_iter *it)
{
	return vma_next(&it->vmi);
}
#else
struct td_vma_iter {
	struct mm_struct	*mm;
	unsigned long		addr;
	struct vm_area_struct	*prev;
};

static inline void td_vma_iter_init(struct td_vma_iter *it, struct mm_struct *mm,
				    unsigned long addr)
{
	*it = (struct td_vma_iter){ .mm = mm, .addr = addr };
}

static inline struct vm_area_struct *td_vma_next(struct td_vma_iter *it)
{
	it->prev = it->prev ? it->prev->vm_next : find_vma(it->mm, it->addr);
	return it->prev;
}
#endif

/* 6.2 named the direction of an iov_iter the data goes to ITER_DEST; before, READ. */
#ifndef ITER_DEST
#define ITER_DEST	READ
#endif

/*
 * The text of a seq_file of procfs, read from the kernel into @buf, at most
 * @size bytes: its length or -errno.  seq_read_iter() (exported since 5.10)
 * whether the file's ->read_iter is it or its ->read is seq_read() around
 * it (5.10's and 6.1's /proc/PID/ files); not kernel_read(), which needs
 * the former and counts the bytes as the reader's I/O.
 */
static inline ssize_t td_read_text(struct file *file, char *buf, size_t size)
{
	struct kvec kv = { .iov_base = buf, .iov_len = size };
	struct iov_iter iter;
	struct kiocb kiocb;

	if (file->f_op->read_iter != seq_read_iter && file->f_op->read != seq_read)
		return -EINVAL;
	init_sync_kiocb(&kiocb, file);
	kiocb.ki_pos = 0;
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, size);
	return seq_read_iter(&kiocb, &iter);
}

/*
 * VM_DENYWRITE went away in 5.15, VM_MPX in 5.6: kernels without them set
 * neither of the series' bits for them.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 15, 0)
#define TD_VM_DENYWRITE	VM_DENYWRITE
#else
#define TD_VM_DENYWRITE	0
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 6, 0)
#define TD_VM_MPX	VM_MPX
#else
#define TD_VM_MPX	0
#endif

/*
 * Named anonymous memory (prctl(PR_SET_VMA_ANON_NAME), 5.17) exists only
 * with CONFIG_ANON_VMA_NAME; 6.2 lets shared anonymous memory, which has a
 * shmem file, be named too.  Mirrors anon_vma_name(), which is not
 * exported; the caller holds the mmap lock.
 */
static inline const char *td_vma_anon_name(struct vm_area_struct *vma)
{
#ifdef CONFIG_ANON_VMA_NAME
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	if (vma->anon_name)
		return vma->anon_name->name;
#else
	if (!vma->vm_file && vma->anon_name)
		return vma->anon_name->name;
#endif
#endif
	return NULL;
}

/*
 * The path and inode maps shows for a mapped file.  From 6.8 a stacking
 * file system (overlayfs) maps a backing file whose own path is the
 * underlying one; procfs shows the path and inode the user opened,
 * file_user_path() and file_user_inode().  Before, the backing file
 * carried the user's path as its f_path, and procfs showed that with the
 * backing file's inode.
 */
static inline const struct path *td_file_user_path(const struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return file_user_path(file);
#else
	return &file->f_path;
#endif
}

static inline const struct inode *td_file_user_inode(const struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return file_user_inode(file);
#else
	return file_inode(file);
#endif
}

/*
 * Non-present ptes and pmds are "software leaf entries" (linux/leafops.h)
 * since Lorenzo Stoakes' leaf-entry series, which retired is_swap_pte(),
 * non_swap_entry() and friends.  Debian's 6.12 predates it and its 7.2 has
 * it; the release in between that took it is not pinned down from the
 * sources built here, so Kbuild looks for the header.  Before it, the same
 * questions in the old words (5.14 made migration and device-private
 * entries kinds of pfn swap entry, with one helper for their page).
 */
#ifndef TD_HAVE_LEAFOPS
#define softleaf_t	swp_entry_t

static inline softleaf_t softleaf_from_pte(pte_t pte)
{
	if (pte_present(pte) || pte_none(pte))
		return (softleaf_t){ 0 };
	return pte_to_swp_entry(pte);
}

static inline softleaf_t softleaf_from_pmd(pmd_t pmd)
{
	if (pmd_present(pmd) || pmd_none(pmd))
		return (softleaf_t){ 0 };
	return pmd_to_swp_entry(pmd);
}

static inline bool softleaf_is_swap(softleaf_t entry)
{
	return entry.val && !non_swap_entry(entry);
}

static inline bool softleaf_is_migration(softleaf_t entry)
{
	return is_migration_entry(entry);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
static inline bool softleaf_has_pfn(softleaf_t entry)
{
	return is_pfn_swap_entry(entry);
}

static inline struct page *softleaf_to_page(softleaf_t entry)
{
	return pfn_swap_entry_to_page(entry);
}
#else
static inline bool softleaf_has_pfn(softleaf_t entry)
{
	return is_migration_entry(entry) || is_device_private_entry(entry);
}

static inline struct page *softleaf_to_page(softleaf_t entry)
{
	if (is_migration_entry(entry))
		return migration_entry_to_page(entry);
	return device_private_entry_to_page(entry);
}
#endif
#endif /* !TD_HAVE_LEAFOPS */

/*
 * The only exported walkers of a user page table: apply_to_existing_page_range()
 * calls a function on every non-none pte of the range's existing pte tables,
 * with the pte lock held; apply_to_page_range() does the same on every pte,
 * none ones too, and allocates the tables that are missing, which on a
 * range whose pte table exists means none.  Until upstream commit
 * a995199384 ("mm: fix apply_to_existing_page_range()", 6.15, in the
 * stable point releases from April 2025) the former called on nothing
 * after the first none pte of a table, so VMA_STAT would undercount
 * sparse tables there.  Before 6.5 a pte table is freed only under the
 * mmap lock held for writing, so under the reader's lock apply_to_page_range()
 * never allocates one: it is used there, on every point release.  From
 * 6.5, where tables can go without that lock and the allocating walker
 * could put an empty one in place of a freed one, the existing-range one
 * is used where it is exported (Kbuild probes it; Debian's 7.2 does not
 * export it, so apply_to_page_range() is the one left).  Whether that one
 * is a point release from before the fix is not told by the version:
 * td_walker_probe() (vma_stat.c) finds out at load.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0) && defined(TD_HAVE_APPLY_TO_EXISTING_PAGE_RANGE)
#define TD_WALKER_EXISTING
#define td_apply_to_existing_page_range	apply_to_existing_page_range
#else
#define td_apply_to_existing_page_range	apply_to_page_range
#endif

/*
 * find_ge_pid(), the next pid of a namespace, is not exported by every kernel
 * (Kbuild probes it); where it is not, it is this, under RCU as there.
 */
#ifdef TD_HAVE_FIND_GE_PID
#define td_find_ge_pid	find_ge_pid
#else
static inline struct pid *td_find_ge_pid(int nr, struct pid_namespace *ns)
{
	return idr_get_next(&ns->idr, &nr);
}
#endif

/*
 * 5.16 keeps a page's young (page_idle) and referenced bits on its folio;
 * later kernels dropped page_is_young() and PageReferenced().
 */
static inline bool td_page_young_or_referenced(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
	struct folio *folio = page_folio(page);

	return folio_test_young(folio) || folio_test_referenced(folio);
#else
	return page_is_young(page) || PageReferenced(page);
#endif
}

/*
 * How many times a page is mapped, as smaps counts it.  page_mapcount() is
 * gone from Debian's 6.12 (Kbuild probes for it); there smaps uses
 * folio_precise_page_mapcount() from mm/internal.h, which this mirrors:
 * the page's own count, page types counted as unmapped, plus the folio's
 * whole-folio mappings.
 */
#ifdef TD_HAVE_PAGE_MAPCOUNT
#define td_page_mapcount(page)	page_mapcount(page)
#else
static inline int td_page_mapcount(struct page *page)
{
	struct folio *folio = page_folio(page);
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (page_mapcount_is_type(mapcount))
		mapcount = 0;
	if (folio_test_large(folio))
		mapcount += folio_entire_mapcount(folio);
	return mapcount;
}
#endif

/*
 * A memory counter as /proc/PID/status and statm print it: the exact sum
 * of its per-CPU parts where the kernel has get_mm_counter_sum() (a 6.16
 * fix taken by stable releases, so Kbuild probes for it), which procfs
 * then uses; before, get_mm_counter(), as procfs did.
 */
#ifdef TD_HAVE_MM_COUNTER_SUM
#define td_mm_counter(mm, member)	get_mm_counter_sum(mm, member)
#else
#define td_mm_counter(mm, member)	get_mm_counter(mm, member)
#endif

#endif /* TASK_DIAG_COMPAT_H */
