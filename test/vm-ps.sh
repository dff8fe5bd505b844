#!/bin/sh
# Runs inside the test VM (vm-suite.sh): task_diag_ps against Debian's procps
# ps (/ps), on quiet fixture processes and everything else the VM runs.  For
# each invocation procps runs, then task_diag_ps, then procps again; the two
# ps processes' own lines are dropped, and every other line must equal
# procps's, field by field, where a field that moves between two readings
# (%CPU, C, ELAPSED, a busy task's TIME) may lie between procps's two.
# A field of ours must equal procps's first or second reading, or lie
# between them where it is a number or a time.  The fixtures (the sleep
# processes) are quiet: nothing else is allowed them, but a CPU share
# over procps's by at most one percent (1 in %CPU and C, 10 in CP): the
# module's CPU time of a process is the sum of its threads' in ticks,
# procfs's the sum of its user and system ticks, each rounded down, which may
# be one tick less (README, known differences); for a process of a few
# seconds (the traced sleep's start under strace took 9 per mille of them)
# that tick is up to a few tenths of a percent, and truncation adds one.  That
# tick may carry any process's TIME over a second: ours may then be one
# second over procps's second reading (never under its first).  The other tasks (the
# suite's own shells, kernel threads) run while the three readings are
# taken, so where they move they may move in between: their CPU share
# by one percent (1 in %CPU and C, 10 in CP, which counts tenths), the first letter of their state, the CPU they last ran
# on (PSR), where they wait (WCHAN), and a workqueue worker's name after
# "kworker/N:M" (its last work).
# TD_PS names the ps under test (default /task_diag_ps: the package test
# gives the packaged one). TAP on stdout.
rc=0
tdps=${TD_PS:-/task_diag_ps}
# Fixtures: a tree, a zombie, a stopped, two niced and a traced process.
sleep 1001 &
sh -c 'sleep 1002 & sleep 1003 & wait' &
sh -c 'sleep 0 & exec sleep 1004' &
sleep 1005 & kill -STOP $!
sleep 1006 & renice -n 5 -p $! >/dev/null
sleep 1007 & renice -n -3 -p $! >/dev/null
[ -x /strace ] && { /strace -o /dev/null sleep 1008 & }
# Threads, a pty session (leader, foreground and background jobs), two other
# users (one whose name is wider than USER's column), locked memory.
mkdir -p /dev/pts
grep -q ' /dev/pts ' /proc/mounts || mount -t devpts devpts /dev/pts
echo 'tduser:x:1000:1000::/:/bin/sh' >>/etc/passwd
echo 'averylongusername:x:1001:1001::/:/bin/sh' >>/etc/passwd
echo 'tdgroup:x:1000:' >>/etc/group
/ps_fixture threads && /ps_fixture pty && /ps_fixture user 1000 && /ps_fixture user 1001 &&
	/ps_fixture locked || { echo "not ok - ps_fixture"; rc=1; }
sleep 2

# same A T B [HEADER]: T's lines against A's and B's; the columns are named by
# T's first line, or by HEADER where the output has none (--no-headers).
same() {
	awk -v header="${4:-}" '
	function isnum(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }
	function secs(s,   n, p, i, t) {	# [[dd-]hh:]mm:ss as seconds, -1 if not
		if (s !~ /^([0-9]+-)?([0-9]+:)?[0-9]+:[0-9]+$/) return -1
		t = 0
		if (index(s, "-")) { t = substr(s, 1, index(s, "-") - 1) * 86400; s = substr(s, index(s, "-") + 1) }
		n = split(s, p, ":")
		for (i = 1; i <= n; i++) t = t * 60 + p[i]
		return t
	}
	function between(x, a, b,   lo, hi) {
		if (isnum(x) && isnum(a) && isnum(b)) { lo = a + 0; hi = b + 0; x += 0 }
		else if (secs(x) >= 0 && secs(a) >= 0 && secs(b) >= 0) { lo = secs(a); hi = secs(b); x = secs(x) }
		else return 0
		if (lo > hi) { tmp = lo; lo = hi; hi = tmp }
		return x >= lo && x <= hi
	}
	function over(x, a, b) {	# a <= x <= b + 1 s, as numbers or times
		if (isnum(x) && isnum(a) && isnum(b)) return x + 0 >= a + 0 && x + 0 <= b + 1
		if (secs(x) < 0 || secs(a) < 0 || secs(b) < 0) return 0
		return secs(x) >= secs(a) && secs(x) <= secs(b) + 1
	}
	function worker(s) {	# "kworker/N:M" of a worker name, "" if none
		sub(/^\[/, "", s)
		if (s !~ /^kworker\//) return ""
		sub(/[-+].*/, "", s); sub(/\]$/, "", s)
		return s
	}
	FILENAME == ARGV[1] { a[++na] = $0; next }
	FILENAME == ARGV[2] { t[++nt] = $0; next }
	{ b[++nb] = $0 }
	END {
		if (na != nt || nb != nt) { printf "# %d lines, procps %d and %d\n", nt, na, nb; exit 1 }
		split(header != "" ? header : t[1], head)
		bad = 0
		for (i = 1; i <= nt; i++) {
			if (t[i] == a[i] || t[i] == b[i]) continue
			n = split(t[i], x); split(a[i], y); split(b[i], z)
			# The fixtures, not the strace that traces one (its command line
			# names sleep): a tracer runs when its tracee stops.
			quiet = t[i] ~ /(^|[ \[\/])(sleep|ps_fixture)( |\]|$)/ && t[i] !~ /strace /
			ok = 1
			for (j = 1; j <= n && ok; j++) {
				if (x[j] == y[j] || x[j] == z[j]) continue
				if (between(x[j], y[j], z[j])) continue
				# The CPU time of a process through the module may be one tick
				# over that of procfs (README, known differences), a few tenths
				# of a percent in a process a few seconds old: its share by one
				# percent over (1 in %CPU and C, 10 in CP, which counts tenths).
				tol = head[j] == "CP" ? 10 : 1
				if (quiet && head[j] ~ /^(%CPU|C|CP)$/ && isnum(x[j]) && isnum(y[j]) &&
				    x[j] > y[j] && x[j] - y[j] <= tol) continue
				# That tick can carry its TIME over a second, for any process:
				# ours at least procps first reading, at most a second over its second.
				if (head[j] == "TIME" && over(x[j], y[j], z[j])) continue
				if (quiet) { ok = 0; break }
				# A busy task: its share by one percent either way.
				if (head[j] ~ /^(%CPU|C|CP)$/ && isnum(x[j]) && isnum(y[j]) && isnum(z[j]) &&
				    ((x[j] - y[j] <= tol && y[j] - x[j] <= tol) || (x[j] - z[j] <= tol && z[j] - x[j] <= tol))) continue
				if (head[j] ~ /^(S|STAT)$/ && substr(x[j], 2) == substr(y[j], 2)) continue
				if (head[j] ~ /^(PSR|WCHAN)$/) continue
				if (worker(x[j]) != "" && worker(x[j]) == worker(y[j])) continue
				ok = 0
			}
			if (ok && n == split(a[i], y)) continue
			if (bad++ < 5) { printf "# procps: %s\n# ours:   %s\n# procps: %s\n", a[i], t[i], b[i] }
		}
		exit bad != 0
	}' "$1" "$2" "$3"
}

# Each invocation through the module, then through libtaskdiag's procfs backend.
for backend in module procfs; do
opt=
[ $backend = procfs ] && opt=--procfs
while IFS= read -r args; do
	[ -n "$args" ] || continue
	# shellcheck disable=SC2086
	{ /ps $args >/tmp/ps.a 2>&1; ra=$?; }
	# shellcheck disable=SC2086
	{ $tdps $opt $args >/tmp/ps.t 2>&1; rt=$?; }
	# shellcheck disable=SC2086
	/ps $args >/tmp/ps.b 2>&1
	# Its messages name it as procps names itself.
	sed -i 's/task-diag-ps/ps/g' /tmp/ps.t
	for f in a t b; do
		grep -v '/ps \|task_diag_ps\| ps$' /tmp/ps.$f >/tmp/ps.$f.2
	done
	# Without a header line, procps's for the same columns names them.
	hdr=
	case " $args " in
	*" --no-headers "*)
		# shellcheck disable=SC2046
		hdr=$(/ps $(echo "$args" | sed 's/--no-headers//') | head -n1) ;;
	esac
	if [ "$ra" = "$rt" ] && same /tmp/ps.a.2 /tmp/ps.t.2 /tmp/ps.b.2 "$hdr" >/tmp/ps.why; then
		echo "ok - task_diag_ps $args: $(wc -l </tmp/ps.t.2) lines as procps ps prints them, exit $rt ($backend)"
	else
		echo "not ok - task_diag_ps $args: differs from procps ps (exit $rt, procps $ra; $backend)"
		cat /tmp/ps.why
		rc=1
	fi
done <<'EOF'
-e
-ef
-eF
-el
-eLf
aux
axjf
-ejH
--forest -e
-p 1,2
-p 1 -p 2
-u root
--sort=-rss,pid -e
-eo pid,ppid,pgid,sid,tpgid,tty,stat,s,f,pri,opri,ni,nice,psr,c,pcpu,pmem,vsz,rss,sz,nlwp,uid,user,euser,ruser,gid,group,time,etime,stime,start_time,start,bsdtime,cls,rtprio,comm,args
-eo lwp,spid,tid,thcount,sess,pgrp,rss,rsz,vsize,egid,rgid,sgid,fgid,euid,ruid,suid,fuid,egroup,rgroup,sgroup,fgroup,suser,fuser,minflt,majflt,etimes,times,cputime,ucmd,ucomm,fname,cmd
-eo pid,lstart,cmd
-eo %cpu,%mem,addr,addr_1,bsdstart,class,cp,cputimes,flag,flags,fsgid,fsgroup,fsuid,fsuser,intpri,maj_flt,min_flt,policy,priority,rssize,sched,session,state,svgid,svgroup,svuid,svuser,tname,tt,tty8,uid_hack,uname,command
-o pid=P,comm=NAME -p 1
--no-headers -e
ax
x u
axl
-ely
-eH
-eT
-eo pid,wchan:20,comm
--cols 64 -ef
--cols 100 aux
-t pts/0 -o pid,tty,stat,tpgid,sess,args
-C sleep
--ppid 1,2
-s 1
-g 0
-g 1
-g nosuchgroup
-G 0
-U root
-N -p 1
-d
-q 1,2
k -pid ax
--sort=start_time,-pid -eo pid,start_time,comm
-p 99999
-p abc
--badoption
EOF
done
# A write error (a full disk) is an error, as procps's: exit 1, said on stderr.
/ps -e >/dev/full 2>/tmp/ps.full.a; ra=$?
$tdps -e >/dev/full 2>/tmp/ps.full.t; rt=$?
if [ $rt = $ra ] && [ $rt != 0 ] && grep -q 'write error' /tmp/ps.full.t; then
	echo "ok - task_diag_ps -e >/dev/full exits $rt, as procps ps does: $(cat /tmp/ps.full.t)"
else
	echo "not ok - task_diag_ps -e >/dev/full exits $rt, procps $ra"; rc=1
fi
# Through the module, nothing under /proc/PID/ (or /proc/self/) is opened.
if [ -x /strace ]; then
	/strace -f -e trace=open,openat,openat2,stat,newfstatat,readlink,readlinkat -o /tmp/ps.st \
		$tdps -eLf >/dev/null 2>&1
	/strace -f -e trace=open,openat -o /tmp/ps.st2 $tdps --procfs -e >/dev/null 2>&1
	# Every path opened, stat'ed or read as a link: under /proc only the
	# machine-wide files, and nothing relative (an fd-relative "PID/stat").
	sed -nE 's/^[0-9]+ +[a-z0-9]+\(([A-Z_0-9]+, )?"([^"]*)".*/\2/p' /tmp/ps.st | sort -u >/tmp/ps.paths
	if ! grep -vE '^$|^/$|^/(etc|lib|lib64|usr|dev|sys)/|^/proc/(stat|uptime|meminfo|task_diag|tty/drivers|sys/kernel/pid_max)$|^/task_diag_ps$|^/task-diag-ps$' \
		/tmp/ps.paths | grep -q . && grep -qx /proc/task_diag /tmp/ps.paths &&
		grep -qE '"([0-9]+|/proc/[0-9]+)/stat"' /tmp/ps.st2; then
		echo "ok - task_diag_ps -eLf opens /proc/task_diag and nothing under /proc/PID/ (strace); --procfs reads /proc/PID/stat"
	else
		echo "not ok - task_diag_ps -eLf and /proc/PID/ (strace)"
		grep -vE '^/(etc|lib|lib64|usr|dev|sys)/' /tmp/ps.paths | head -8 | sed 's/^/# /'
		rc=1
	fi
else
	echo "not ok - no strace in the VM"; rc=1
fi
kill -CONT $(pgrep -x sleep 2>/dev/null) 2>/dev/null
exit $rc
