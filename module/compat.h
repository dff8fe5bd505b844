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

#endif /* TASK_DIAG_COMPAT_H */
