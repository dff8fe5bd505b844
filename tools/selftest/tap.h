/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TAP for the selftest and test/churn: numbered "ok N - what"
 * and "not ok N - what" lines, "# " diagnostics, and the counts.
 */
#ifndef TD_TAP_H
#define TD_TAP_H

extern int tests, failures;

/* One check: prints its line; returns @ok. */
int check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The plan and the counts, last: "1..N", "P passed, F failed"; the exit status. */
int tap_end(void);

#endif
