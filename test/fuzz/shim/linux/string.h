/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for the kernel's <linux/string.h>. */
#ifndef TD_SHIM_STRING_H
#define TD_SHIM_STRING_H
#include <string.h>

/* The first byte of @start[0..@n) that is not @c, or NULL (lib/string.c). */
static inline void *memchr_inv(const void *start, int c, size_t n)
{
	const unsigned char *p = start;

	for (; n; p++, n--)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}
#endif
