/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the kernel's <linux/stddef.h>. */
#ifndef TD_SHIM_STDDEF_H
#define TD_SHIM_STDDEF_H
#include <stddef.h>
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof(((TYPE *)0)->MEMBER))
#endif
