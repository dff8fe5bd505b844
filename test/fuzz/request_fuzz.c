// SPDX-License-Identifier: GPL-2.0
/*
 * A coverage-guided fuzzer (libFuzzer) of the module's request parser:
 * module/request.c, compiled unchanged in user space (shim/ stands in for
 * the few kernel headers it uses), fed what td_write() would feed it, and
 * checked against a model of the rules the README documents, written
 * separately from the parser.  Any disagreement, and any ASan or UBSan
 * report, aborts.
 *
 * Build and run: test/fuzz.sh (make check runs it; make fuzz for longer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/netlink.h>
#include <linux/task_diag.h>
#include "request.h"
#include "model.h"

/* What td_write() copies a request into. */
#define KBUF	TD_REQ_WRITE_MAX

static unsigned long inputs, accepted[5];

/* At exit: how many inputs, how many accepted per strategy (test/fuzz.sh wants each). */
static void __attribute__((destructor)) summary(void)
{
	fprintf(stderr, "request_fuzz: %lu inputs, accepted ALL %lu ONE %lu ALL_THREAD %lu CHILDREN %lu THREAD %lu\n",
		inputs, accepted[0], accepted[1], accepted[2], accepted[3], accepted[4]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t show = 0, strategy = 0;
	struct td_request req;
	uint8_t kbuf[KBUF];
	uint32_t pid = 0;
	int want, got;

	want = td_model_request(data, size, &show, &strategy, &pid);
	/* td_write(): longer than a request fails before the parser sees it. */
	if (size > sizeof(kbuf)) {
		got = -EINVAL;
	} else {
		/* Only @size bytes are the caller's; poison the rest for the model's sake. */
		memset(kbuf, 0xa5, sizeof(kbuf));
		memcpy(kbuf, data, size);
		memset(&req, 0x5a, sizeof(req));
		got = td_request_parse(kbuf, size, &req);
	}
	if (got != want) {
		fprintf(stderr, "request_fuzz: %zu bytes: the parser says %d, the rules %d\n",
			size, got, want);
		abort();
	}
	if (!got && (memcmp(&req.hdr, data, sizeof(req.hdr)) || req.show_flags != show ||
		     req.strategy != strategy || req.pid != pid)) {
		fprintf(stderr, "request_fuzz: accepted, but kept show %llx strategy %u pid %u\n",
			(unsigned long long)req.show_flags, req.strategy, req.pid);
		abort();
	}
	inputs++;
	if (!got)
		accepted[req.strategy]++;
	return 0;
}
