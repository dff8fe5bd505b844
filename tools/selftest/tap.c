// SPDX-License-Identifier: GPL-2.0
/* TAP for the selftest and test/churn; see tap.h. */
#include <stdarg.h>
#include <stdio.h>
#include "tap.h"

int tests, failures;

void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int check(int ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!ok)
		failures++;
	printf("%sok %d - ", ok ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return ok;
}

int tap_end(void)
{
	printf("1..%d\n%d passed, %d failed\n", tests, tests - failures, failures);
	return failures ? 1 : 0;
}
