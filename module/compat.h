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
#include <linux/mm.h>
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

#endif /* TASK_DIAG_COMPAT_H */
