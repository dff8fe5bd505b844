/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What write() on /proc/task_diag must answer, modelled from the README's
 * rules ("Request") and written apart from module/request.c: the fuzzers
 * (request_fuzz.c in user space, fuzz_file.c against the real file) check
 * the module against it.
 */
#ifndef TD_FUZZ_MODEL_H
#define TD_FUZZ_MODEL_H
#include <stddef.h>
#include <stdint.h>
#include <linux/errno.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>
#include "decode.h"

static inline uint64_t td_le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* The README's rules ("Request"), byte by byte: 0 or -EINVAL, and what is kept. */
static inline int td_model_request(const uint8_t *d, size_t n, uint64_t *show,
				   uint64_t *strategy, uint32_t *pid)
{
	const uint64_t known = TASKDIAG_SHOW_ALL;
	uint16_t flags;

	/*
	 * The series' clients' request: 44 bytes, type and flags 0, and only the
	 * 20 bytes of the struct's fields count.
	 */
	if (n == 44 && td_le(d, 4) == 44 && !td_le(d + 4, 2) && !td_le(d + 6, 2))
		goto fields;
	/* 16 bytes of header, then 20 bytes of request, or 24 with zero padding. */
	if (n != 36 && n != 40)
		return -EINVAL;
	if (td_le(d, 4) != n || td_le(d + 4, 2) != TASK_DIAG_CMD_GET)
		return -EINVAL;
	flags = td_le(d + 6, 2);
	if (!(flags & NLM_F_REQUEST) || (flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)))
		return -EINVAL;
	if (n == 40 && td_le(d + 36, 4))
		return -EINVAL;
fields:
	*show = td_le(d + 16, 8);
	*strategy = td_le(d + 24, 8);
	*pid = td_le(d + 32, 4);
	if (*show & ~known)
		return -EINVAL;
	if ((*show & TASK_DIAG_SHOW_VMA_STAT) && !(*show & TASK_DIAG_SHOW_VMA))
		return -EINVAL;
	switch (*strategy) {
	case TASK_DIAG_DUMP_ALL:
	case TASK_DIAG_DUMP_ALL_THREAD:
		*pid = 0;
		return 0;
	case TASK_DIAG_DUMP_ONE:
	case TASK_DIAG_DUMP_CHILDREN:
	case TASK_DIAG_DUMP_THREAD:
		return *pid ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

#endif
