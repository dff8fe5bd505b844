#!/bin/sh
# Kbuild runs scripts/checker-valid.sh CHECK FLAGS... before C=1/C=2 and turns
# the checker off unless it prints 1.  Debian's 7.x linux-headers lack the
# script, so the module's build system gets this one: it prints 1 when the
# checker parses __typeof_unqual__, which the kernel's headers use, cleanly.
src=$(mktemp --suffix=.c) || exit 1
trap 'rm -f "$src"' EXIT
echo 'static inline int f(const int *p) { __typeof_unqual__(*p) v = *p; return v; }' >"$src"
if "$@" "$src" 2>&1 | grep -q error; then echo 0; else echo 1; fi
