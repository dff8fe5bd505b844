/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/mutex.h>: module/task_diag.h only embeds one. */
#ifndef TD_SHIM_MUTEX_H
#define TD_SHIM_MUTEX_H
struct mutex {
	int unused;
};
#endif
