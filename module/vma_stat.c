// SPDX-License-Identifier: GPL-2.0
/*
 * Page statistics of a mapping (TASK_DIAG_VMA_STAT), as /proc/PID/smaps
 * counts them: smaps_pte_range(), smaps_pmd_entry(), smaps_pte_entry(),
 * smaps_account() and smaps_page_accumulate() of fs/proc/task_mmu.c, with
 * vm_normal_page() of mm/memory.c for the pages a pte maps.
 *
 * walk_page_range() is not exported, nor, from 6.5, the helper behind
 * pte_offset_map_lock(); the one exported walker of user page tables is
 * apply_to_existing_page_range() (compat.h), which maps and locks a pte
 * table and calls back on its ptes, but warns on a pmd that maps a huge page.
 * So this descends to the pmds itself, as walk_pgd_range() does, takes huge
 * pmds under their lock as smaps does, and hands each pmd's pte table to
 * the walker.  The caller holds the mmap lock for reading, which keeps the
 * upper page tables from being freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagemap.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include "internal.h"
#include "compat.h"

struct td_mss {
	struct task_diag_vma_stat	s;
	u64				pss;	/* << TASK_DIAG_PSS_SHIFT */
	struct vm_area_struct		*vma;
};

/* As smaps_page_accumulate(). */
static void td_page_accumulate(struct td_mss *mss, struct page *page, unsigned long size,
			       u64 pss, bool dirty, bool private)
{
	mss->pss += pss;
	if (dirty || PageDirty(page)) {
		if (private)
			mss->s.private_dirty += size;
		else
			mss->s.shared_dirty += size;
	} else {
		if (private)
			mss->s.private_clean += size;
		else
			mss->s.shared_clean += size;
	}
}

/* As smaps_account(). */
static void td_account(struct td_mss *mss, struct page *page, bool compound, bool young,
		       bool dirty, bool migration)
{
	int i, nr = compound ? compound_nr(page) : 1;
	unsigned long size = nr * PAGE_SIZE;

	if (PageAnon(page))
		mss->s.anonymous += size;
	mss->s.resident += size;
	if (young || td_page_young_or_referenced(page))
		mss->s.referenced += size;

	/* A page mapped once: page_count() == 1 says so without mapcounts. */
	if (page_count(page) == 1 || migration) {
		td_page_accumulate(mss, page, size, (u64)size << TASK_DIAG_PSS_SHIFT, dirty, true);
		return;
	}
	for (i = 0; i < nr; i++, page++) {
		int mapcount = td_page_mapcount(page);
		u64 pss = (u64)PAGE_SIZE << TASK_DIAG_PSS_SHIFT;

		if (mapcount >= 2)
			pss = div_u64(pss, mapcount);
		td_page_accumulate(mss, page, PAGE_SIZE, pss, dirty, mapcount < 2);
	}
}

/* The page a present pte maps, as vm_normal_page(): none for special and zero ptes. */
static struct page *td_normal_page(pte_t pte)
{
	unsigned long pfn = pte_pfn(pte);

	if (pte_special(pte) || is_zero_pfn(pfn) || !pfn_valid(pfn))
		return NULL;
	return pfn_to_page(pfn);
}

/* As smaps_pte_entry(), but for shmem holes (their swap is shmem's, which modules cannot ask). */
static int td_pte_entry(pte_t *ptep, unsigned long addr, void *data)
{
	bool migration = false, young = false, dirty = false;
	struct td_mss *mss = data;
	pte_t pte = ptep_get(ptep);
	struct page *page = NULL;

	if (pte_present(pte)) {
		page = td_normal_page(pte);
		young = pte_young(pte);
		dirty = pte_dirty(pte);
	} else {
		softleaf_t entry = softleaf_from_pte(pte);

		if (softleaf_is_swap(entry)) {
			mss->s.swap += PAGE_SIZE;
		} else if (softleaf_has_pfn(entry)) {
			migration = softleaf_is_migration(entry);
			page = softleaf_to_page(entry);
		}
	}
	if (page)
		td_account(mss, page, false, young, dirty, migration);
	return 0;
}

/*
 * Whether apply_to_existing_page_range() stops at a table's first none pte,
 * as it did before upstream a995199384 (6.15, in the stable point releases
 * from April 2025): td_walker_probe() finds out at load, as the version
 * cannot tell.  Where it does, apply_to_page_range() is used instead, which
 * calls on every pte of an existing table (and, as on 7.2, would put an
 * empty table in place of one freed in the instant after td_pmd_range()
 * looked).
 */
static bool td_walker_stops __ro_after_init;

/* @fn on every pte of [@addr, @end), all of one existing pte table. */
static int td_walk(struct mm_struct *mm, unsigned long addr, unsigned long end,
		   pte_fn_t fn, void *data)
{
	if (td_walker_stops)
		return apply_to_page_range(mm, addr, end - addr, fn, data);
	return td_apply_to_existing_page_range(mm, addr, end - addr, fn, data);
}

#ifdef TD_WALKER_EXISTING
struct td_probe {
	unsigned long	start;
	unsigned int	seen;	/* bit n: the pte of start + n pages */
#ifdef TD_TEST_WALKER_STOPS
	unsigned long	next;	/* the address after the last pte called on */
	bool		gap;
#endif
};

static int __init td_probe_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct td_probe *p = data;

#ifdef TD_TEST_WALKER_STOPS
	/* A test build's walker behaves as an unfixed one: nothing after a gap. */
	if (p->gap || addr != p->next) {
		p->gap = true;
		return 0;
	}
	p->next = addr + PAGE_SIZE;
#endif
	p->seen |= 1U << ((addr - p->start) >> PAGE_SHIFT);
	return 0;
}

/*
 * In the loader's address space (module init runs in insmod's or modprobe's
 * process): a mapping of five pages, of which three in one pte table, the
 * first and third faulted in (a read fault maps the zero page), the second
 * none.  A whole walker calls on the first and third.  A mapping merged
 * with a neighbour (which could hold a huge zero page) is not walked, and
 * whatever else is seen (an error, a loader that mlock()s everything so
 * that the second page is there too) counts as a walker that stops.
 */
void __init td_walker_probe(void)
{
	struct mm_struct *mm = current->mm;
	struct td_probe p = { };
	struct vm_area_struct *vma;
	unsigned long map, i;
	int err = -EFAULT;

	td_walker_stops = true;
	if (!mm || (current->flags & PF_KTHREAD))
		goto out;
	map = vm_mmap(NULL, 0, 5 * PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(map))
		goto out;
	/* Of five pages, one of the first three starts three in one table. */
	for (i = 0; i < 2; i++)
		if (((map + i * PAGE_SIZE) & PMD_MASK) == ((map + (i + 2) * PAGE_SIZE) & PMD_MASK))
			break;
	p.start = map + i * PAGE_SIZE;
#ifdef TD_TEST_WALKER_STOPS
	p.next = p.start;
#endif
	if (!fault_in_readable((const char __user *)p.start, 1) &&
	    !fault_in_readable((const char __user *)(p.start + 2 * PAGE_SIZE), 1)) {
		mmap_read_lock(mm);
		vma = find_vma(mm, map);
		if (vma && vma->vm_start == map && vma->vm_end == map + 5 * PAGE_SIZE)
			err = apply_to_existing_page_range(mm, p.start, 3 * PAGE_SIZE,
							   td_probe_pte, &p);
		mmap_read_unlock(mm);
	}
	vm_munmap(map, 5 * PAGE_SIZE);
out:
	if (!err && p.seen == 0x5)
		td_walker_stops = false;
	else if (!err && p.seen == 0x1)
		pr_notice("apply_to_existing_page_range() stops at a page table's first empty entry here (fixed upstream by a995199384): VMA_STAT uses apply_to_page_range()\n");
	else
		pr_notice("could not tell whether apply_to_existing_page_range() stops at a page table's first empty entry: VMA_STAT uses apply_to_page_range()\n");
}
#else
void __init td_walker_probe(void)
{
}
#endif

/*
 * As smaps_pmd_entry().  follow_trans_huge_pmd(FOLL_DUMP), which it calls,
 * is not exported; it skips the huge zero page, the one page a pmd maps in
 * an anonymous mapping that is not anonymous.
 */
static void td_pmd_entry(struct td_mss *mss, pmd_t pmd)
{
	bool migration = false;
	struct page *page = NULL;

	if (pmd_present(pmd)) {
		page = pmd_page(pmd);
		if (vma_is_anonymous(mss->vma) && !PageAnon(page))
			return;
	} else if (thp_migration_supported()) {
		softleaf_t entry = softleaf_from_pmd(pmd);

		if (softleaf_has_pfn(entry)) {
			migration = softleaf_is_migration(entry);
			page = softleaf_to_page(entry);
		}
	}
	if (!page)
		return;
	if (PageAnon(page))
		mss->s.anonymous_thp += HPAGE_PMD_SIZE;
	td_account(mss, page, true, pmd_young(pmd), pmd_dirty(pmd), migration);
}

/*
 * A pmd that maps memory itself (a huge page, or a migration entry for
 * one) rather than a pte table: what pmd_trans_huge_lock() takes, and what
 * the page-table walker refuses.  Outside hugetlb mappings, which are not
 * walked, only transparent huge pages make them.
 */
static bool td_pmd_is_leaf(pmd_t pmd)
{
	return IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) && !pmd_none(pmd) &&
	       (!pmd_present(pmd) || pmd_leaf(pmd));
}

/*
 * As smaps_pte_range(), with pmd_trans_huge_lock() spelled out.  A bad pmd
 * is passed over (the walker would warn about it and a reader has no
 * business clearing it), as is a range whose pte table went away or turned
 * into a huge pmd between this look and the walker's: the walker then
 * returns an error, which says only that.
 */
static void td_pmd_range(struct td_mss *mss, pmd_t *pmd, unsigned long addr, unsigned long end)
{
	struct mm_struct *mm = mss->vma->vm_mm;
	pmd_t pmdval = READ_ONCE(*pmd);
	spinlock_t *ptl;	/* the pmd's */

	if (td_pmd_is_leaf(pmdval)) {
		ptl = pmd_lock(mm, pmd);
		pmdval = *pmd;
		if (td_pmd_is_leaf(pmdval)) {
			td_pmd_entry(mss, pmdval);
			spin_unlock(ptl);
			return;
		}
		spin_unlock(ptl);
	}
	if (pmd_none(pmdval) || pmd_bad(pmdval))
		return;
	td_walk(mm, addr, end, td_pte_entry, mss);
}

/* The descent of walk_pgd_range() .. walk_pud_range() over one mapping. */
void td_vma_stat(struct vm_area_struct *vma, struct task_diag_vma_stat *stat)
{
	unsigned long addr, end = vma->vm_end, p4d_end, pud_end, pmd_end;
	struct mm_struct *mm = vma->vm_mm;
	struct td_mss mss = { .vma = vma };
	pgd_t *pgd;
	p4d_t *p4d;
	pud_t *pud;
	pmd_t *pmd;

	/*
	 * smaps counts hugetlb pages apart (Shared_Hugetlb, Private_Hugetlb), none
	 * here, and never walks a VM_PFNMAP mapping (walk_page_test()): no struct
	 * page need stand behind its ptes or huge pmds (vfio-pci's, from 6.12).
	 */
	if (is_vm_hugetlb_page(vma) || (vma->vm_flags & VM_PFNMAP))
		goto out;
	addr = vma->vm_start;
	pgd = pgd_offset(mm, addr);
	do {
		p4d_end = pgd_addr_end(addr, end);
		if (pgd_none(*pgd) || pgd_bad(*pgd))
			continue;
		p4d = p4d_offset(pgd, addr);
		do {
			pud_end = p4d_addr_end(addr, p4d_end);
			if (p4d_none(*p4d) || p4d_bad(*p4d))
				continue;
			pud = pud_offset(p4d, addr);
			do {
				pmd_end = pud_addr_end(addr, pud_end);
				if (pud_none(*pud) || pud_bad(*pud))
					continue;
				pmd = pmd_offset(pud, addr);
				do {
					unsigned long next = pmd_addr_end(addr, pmd_end);

					if (!pmd_none(*pmd))
						td_pmd_range(&mss, pmd, addr, next);
					addr = next;
				} while (pmd++, addr != pmd_end);
				cond_resched();
			} while (pud++, addr = pmd_end, addr != pud_end);
		} while (p4d++, addr = pud_end, addr != p4d_end);
	} while (pgd++, addr = p4d_end, addr != end);
out:
	*stat = mss.s;
	stat->pss = mss.pss;
}
