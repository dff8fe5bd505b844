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
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/page_idle.h>
#include <linux/pid_namespace.h>
#include <linux/swap.h>
#include <linux/swapops.h>
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
 * 6.2 moved FOLL_ANON into mm/internal.h; from then on access_process_vm()
 * is not told to refuse file mappings, which only matters for an argv area
 * that a process has replaced with a file mapping.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define TD_FOLL_ANON	FOLL_ANON
#else
#define TD_FOLL_ANON	0
#endif

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
 * with CONFIG_ANON_VMA_NAME.  Mirrors anon_vma_name(), which is not
 * exported; the caller holds the mmap lock.
 */
static inline const char *td_vma_anon_name(struct vm_area_struct *vma)
{
#ifdef CONFIG_ANON_VMA_NAME
	if (!vma->vm_file && vma->anon_name)
		return vma->anon_name->name;
#endif
	return NULL;
}

/*
 * 5.14 made migration and device-private entries kinds of pfn swap entry,
 * with one helper to get their page.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 14, 0)
static inline bool is_pfn_swap_entry(swp_entry_t entry)
{
	return is_migration_entry(entry) || is_device_private_entry(entry);
}

static inline struct page *pfn_swap_entry_to_page(swp_entry_t entry)
{
	if (is_migration_entry(entry))
		return migration_entry_to_page(entry);
	return device_private_entry_to_page(entry);
}
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

#endif /* TASK_DIAG_COMPAT_H */
