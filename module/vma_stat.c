// SPDX-License-Identifier: GPL-2.0
/* Page statistics of a mapping (TASK_DIAG_VMA_STAT): requests for it are refused until it is written. */
#include <linux/mm.h>
#include "task_diag.h"

void td_vma_stat(struct vm_area_struct *vma, struct task_diag_vma_stat *stat)
{
}
