// SPDX-License-Identifier: GPL-2.0
/*
 * TASK_DIAG_MEM: the memory's counters, as task_mem() and task_statm()
 * (fs/proc/task_mmu.c) print them in /proc/PID/status and statm, which
 * procfs shows to everyone who sees the task.  Counters only: no page
 * table is walked.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include "compat.h"
#include "internal.h"

void td_fill_mem(struct task_struct *task, struct task_diag_mem *m)
{
	unsigned long anon, file, shmem, total_vm, hiwater_vm, rss, hiwater_rss, text, exec;
	struct mm_struct *mm = get_task_mm(task);

	if (!mm)
		return;		/* no memory: all 0, as statm says */

	anon = td_mm_counter(mm, MM_ANONPAGES);
	file = td_mm_counter(mm, MM_FILEPAGES);
	shmem = td_mm_counter(mm, MM_SHMEMPAGES);
	/* The high-water marks are kept only when about to fall: the higher of the two. */
	total_vm = READ_ONCE(mm->total_vm);
	hiwater_vm = max(total_vm, READ_ONCE(mm->hiwater_vm));
	rss = anon + file + shmem;
	hiwater_rss = max(rss, READ_ONCE(mm->hiwater_rss));
	/* The executable mappings split between the program's code and the libraries'. */
	text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
	exec = READ_ONCE(mm->exec_vm) << PAGE_SHIFT;

	m->vm_peak = (u64)hiwater_vm << PAGE_SHIFT;
	m->vm_size = (u64)total_vm << PAGE_SHIFT;
	m->vm_lck = (u64)READ_ONCE(mm->locked_vm) << PAGE_SHIFT;
	m->vm_pin = (u64)atomic64_read(&mm->pinned_vm) << PAGE_SHIFT;
	m->vm_hwm = (u64)hiwater_rss << PAGE_SHIFT;
	m->vm_rss = (u64)rss << PAGE_SHIFT;
	m->rss_anon = (u64)anon << PAGE_SHIFT;
	m->rss_file = (u64)file << PAGE_SHIFT;
	m->rss_shmem = (u64)shmem << PAGE_SHIFT;
	m->vm_data = (u64)READ_ONCE(mm->data_vm) << PAGE_SHIFT;
	m->vm_stk = (u64)READ_ONCE(mm->stack_vm) << PAGE_SHIFT;
	m->vm_exe = min(text, exec);
	m->vm_lib = exec - m->vm_exe;
	m->vm_pte = mm_pgtables_bytes(mm);
	m->vm_swap = (u64)td_mm_counter(mm, MM_SWAPENTS) << PAGE_SHIFT;
	m->text = text;
	mmput(mm);
}
