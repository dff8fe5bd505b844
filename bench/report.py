#!/usr/bin/env python3
"""bench/report.py: td_bench's "@" lines (one file per configuration) into
bench/results/results.md and the plot bench/results/time.png (gnuplot).

usage: report.py --mem MIB --out DIR FILE...
"""
import argparse
import datetime
import os
import re
import subprocess
import sys

# The issue's targets, at 50,000 processes: (method, workload, seed's ratio, target ratio).
# The ratio is the reference's median time over task_diag's; for the BPF
# iterators "no slower than 1.0x the iterator" is a ratio of at least 1/1.0.
TARGETS = [
    ("ps", "ps emulation, BASE vs /proc/PID/stat", "5.5x", 10.0),
    ("creds", "BASE+CRED vs /proc/PID/status", "9.5x", 15.0),
    ("status+cmdline", "BASE+CRED+CMDLINE vs status + cmdline", "7.6x", 10.0),
    ("maps", "VMA vs /proc/PID/maps", "-", 3.0),
    ("smaps", "VMA+VMA_STAT vs /proc/PID/smaps", "-", 1.5),
    ("bpf", "BASE vs BPF task iterator (task_diag time / iterator time)", "-", 1 / 1.0),
    ("walk", "BASE vs the bare walk, a BPF task iterator writing nothing (task_diag time / "
     "walk time)", "-", 1 / 1.5),
]
TARGET_CONFIG = "50000x1"
# On realistic processes (the first "d" configuration): dynamically linked,
# some 40 to 50 mappings each, a few with 2,000 more.
REAL_TARGETS = [
    ("maps", "VMA vs /proc/PID/maps", 10.0),
    ("smaps", "VMA+VMA_STAT vs /proc/PID/smaps", 25.0),
]
SYSCALL_TARGET = 100
# The lines of td_load, td_ps and td_access (whole tools, load, scale, unprivileged).
LOAD_KINDS = ("@conc", "@fork", "@top", "@perf", "@scale", "@ps", "@access")
PS_TARGET = 10.0        # task-diag-ps aux against procps ps aux
TOP_TARGET = 10.0       # CPU time of a top-like refresh, procfs's over task_diag's
PERF_TARGET = 10.0      # perf's start-up
SCALE_TARGET = 1.2      # per-task time at 200,000 tasks over that at 10,000, at most
CONC_TARGET = 1.8       # two readers' throughput over one's, at least
FORK_TARGET = 1.2       # fork p99 during dumps over idle, at most
ACCESS_TARGET = 2.0     # uid 1000's dump time over root's, at most
MIB = 1 << 20


def cell(text):
    return str(text).replace("|", "\\|")


def parse(paths):
    data = {"kernel": None, "configs": [], "spawn": {}, "results": {}, "syscalls": {},
            "invalid": {}, "wall": {}}
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.rstrip("\r\n")
                if not line.startswith("@"):
                    continue
                w = line.split("\t")
                kind, label = w[0], w[1] if len(w) > 1 else ""
                if kind == "@kernel":
                    data["kernel"] = (w[1], w[2], w[3])
                    continue
                if kind in LOAD_KINDS:
                    data.setdefault(kind, []).append(w[1:])
                    continue
                if label not in data["configs"] and re.match(r"\d+x\d+(d\d+)?$", label):
                    data["configs"].append(label)
                if kind == "@spawn":
                    data["spawn"][label] = (int(w[2]), int(w[3]), float(w[4]), int(w[5]))
                elif kind == "@result":
                    r = {"method": w[2], "size": int(w[3]), "tasks": int(w[4]),
                         "ref": [float(x) for x in w[5:8]], "td": [float(x) for x in w[8:11]],
                         "ref_bpt": float(w[11]), "td_bpt": float(w[12]), "reads": int(w[13]),
                         "ref_name": w[14], "td_name": w[15]}
                    data["results"].setdefault(label, []).append(r)
                elif kind == "@syscalls":
                    data["syscalls"].setdefault(label, []).append(
                        {"method": w[2], "way": w[3], "size": int(w[4]), "calls": int(w[5]),
                         "net": int(w[6])})
                elif kind == "@invalid":
                    data["invalid"].setdefault(label, []).append((w[2], w[3]))
                elif kind == "@wall":
                    data["wall"][label] = int(w[2])
    return data


def result(data, label, method, size=MIB):
    for r in data["results"].get(label, []):
        if r["method"] == method and r["size"] == size:
            return r
    return None


def ratio(r):
    return r["ref"][0] / r["td"][0] if r and r["td"][0] > 0 else None


def timing(t):
    return f"{t[0]:.4f} ({t[1]:.4f}-{t[2]:.4f})"


def processes(label):
    return int(label.split("x")[0])


def threads(label):
    return int(re.match(r"\d+", label.split("x")[1]).group())


def heavy(label):
    """How many of a "d" configuration's processes have 2,000 more mappings; None if static."""
    m = re.search(r"d(\d+)$", label)
    return int(m.group(1)) if m else None


def write_markdown(data, args, png):
    kernel, cpus, memtotal = data["kernel"] or ("?", "?", "?")
    host_cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    host_cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    out = []
    p = out.append
    p("# task_diag benchmark results")
    p("")
    p(f"- Date: {datetime.date.today().isoformat()}")
    p(f"- Kernel: {kernel} (Debian's, with task_diag built by `make bench` against its headers)")
    p(f"- VM: QEMU, software emulation (TCG), {cpus} vCPUs, {args.mem} MiB "
      f"(MemTotal {memtotal}); host CPU: {host_cpu}")
    p("- Every method first read once each way and checked to describe the same tasks with the "
      "same values (that read is the warm-up); then timed runs alternating the two ways; "
      "medians, min-max in brackets. Ratio: the reference's median time over task_diag's.")
    p("")
    p("**The VM runs under software emulation (TCG).** Ratios measured side by side in one run "
      "hold; absolute times are those of an emulated CPU and do not transfer to hardware.")
    p("")

    p(f"## Targets, at {processes(TARGET_CONFIG):,} processes")
    p("")
    p("| workload | seed's ratio | target | measured | met |")
    p("| --- | --- | --- | --- | --- |")
    for method, what, seed, target in TARGETS:
        r = result(data, TARGET_CONFIG, method)
        got = ratio(r)
        if method in ("bpf", "walk"):
            tgt = f"task_diag <= {1 / target:.2g}x the iterator's time"
            meas = f"{1 / got:.2f}x the iterator's time" if got else "not measured"
        else:
            tgt = f">= {target:g}x"
            meas = f"{got:.1f}x" if got else "not measured"
        met = "yes" if got and got >= target else "**no**"
        p(f"| {cell(what)} | {seed} | {cell(tgt)} | {meas} | {met} |")
    sc = [s for s in data["syscalls"].get(TARGET_CONFIG, [])
          if s["method"] == "ps" and s["way"] == "td" and s["size"] == MIB]
    if sc:
        met = "yes" if sc[0]["net"] <= SYSCALL_TARGET else "**no**"
        p(f"| system calls of a BASE dump of all processes, 1 MiB reads | - | <= {SYSCALL_TARGET} | "
          f"{sc[0]['net']} ({sc[0]['calls']} for the whole program) | {met} |")
    else:
        p(f"| system calls of a BASE dump of all processes, 1 MiB reads | - | <= {SYSCALL_TARGET} "
          f"| not measured | **no** |")
    real = [l for l in data["configs"] if heavy(l) is not None and l in data["results"]]
    if real:
        label = real[0]
        p("")
        p(f"## Targets on realistic processes ({processes(label):,} dynamically linked, "
          f"{threads(label)} threads each, {heavy(label)} of them with 2,000 more mappings)")
        p("")
        p("| workload | target | measured | met |")
        p("| --- | --- | --- | --- |")
        for method, what, target in REAL_TARGETS:
            got = ratio(result(data, label, method))
            meas = f"{got:.1f}x" if got else "not measured"
            met = "yes" if got and got >= target else "**no**"
            p(f"| {cell(what)} | >= {target:g}x | {meas} | {met} |")
    load_section(data, p)
    p("")
    p(f"![median time against processes, log-log]({os.path.basename(png)})")
    p("")

    for label in data["configs"]:
        if label not in data["spawn"]:
            continue
        procs, thr, secs, mem_kb = data["spawn"][label]
        wall = data["wall"].get(label)
        kind = "dynamically linked processes (td_proc)" if heavy(label) is not None else "processes"
        p(f"## {procs:,} {kind} x {thr} thread{'s' if thr > 1 else ''} "
          f"({procs * thr:,} tasks made"
          + (f"; {heavy(label)} of them with 2,000 more mappings)" if heavy(label) is not None
             else ")"))
        p("")
        p(f"Made in {secs:.1f} s; memory in use with them all asleep: {mem_kb >> 10} MiB"
          + (f"; the whole VM run took {wall} s." if wall is not None else "."))
        p("")
        p("| method | reference | task_diag | read size | tasks | reference s | task_diag s "
          "| ratio | bytes/task ref, td | task_diag reads |")
        p("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in data["results"].get(label, []):
            p(f"| {r['method']} | {cell(r['ref_name'])} | {cell(r['td_name'])} | {r['size']} | "
              f"{r['tasks']} | {timing(r['ref'])} | {timing(r['td'])} | {ratio(r):.1f}x | "
              f"{r['ref_bpt']:.0f}, {r['td_bpt']:.0f} | {r['reads']} |")
        for method, why in data["invalid"].get(label, []):
            p(f"| {method} | | | | | data differ: {cell(why)} | | | | |")
        p("")
        calls = data["syscalls"].get(label, [])
        if calls:
            bases = sorted({c["calls"] - c["net"] for c in calls})
            base = str(bases[0]) if len(bases) == 1 else f"{bases[0]}-{bases[-1]}"
            p(f"System calls of one pass (`strace -f -c`), less those of the same program's "
              f"empty pass with the same buffer (start, allocate, exit: {base} calls):")
            p("")
            p("| method | reference | task_diag (read size) |")
            p("| --- | --- | --- |")
            for method in dict.fromkeys(c["method"] for c in calls):
                ref = [c for c in calls if c["method"] == method and c["way"] == "ref"]
                load = [c for c in calls if c["method"] == method and c["way"] == "load"]
                td = [c for c in calls if c["method"] == method and c["way"] == "td"]
                rtext = str(ref[0]["net"]) if ref else "-"
                if load:
                    rtext += f" (and {load[0]['net']} to load the program, once)"
                ttext = ", ".join(f"{c['net']} ({c['size']})" for c in td) or "-"
                p(f"| {method} | {rtext} | {ttext} |")
            p("")
    return "\n".join(out) + "\n"


def load_section(data, p):
    """Whole tools, load, scale and the unprivileged dump, with their targets."""
    if not any(data.get(k) for k in LOAD_KINDS):
        return
    rows = []

    def row(what, target, meas, met):
        rows.append(f"| {cell(what)} | {cell(target)} | {cell(meas)} | "
                    f"{'yes' if met else '**no**'} |")

    for args, procs, runs, procps, td, na, nb, differ in data.get("@ps", []):
        r = float(procps) / float(td)
        target = f">= {PS_TARGET:g}x" if args == "aux" else "same output"
        row(f"task-diag-ps {args} against procps ps {args}, {int(procs):,} processes "
            f"(medians of {runs}: {float(procps):.2f} s, {float(td):.2f} s; {nb} lines, "
            f"{differ} differ)", target, f"{r:.1f}x",
            r >= PS_TARGET if args == "aux" else na == nb)
    for secs, ntask_ref, cpu_ref, ntask_td, cpu_td, r in data.get("@top", []):
        row(f"top-like refresh (BASE, STAT, MEM) once a second for {secs} s against top's "
            f"reading of procfs (stat, statm, owner), CPU time: {float(cpu_ref):.2f} s against "
            f"{float(cpu_td):.2f} s, {ntask_td} tasks", f">= {TOP_TARGET:g}x less",
            f"{float(r):.1f}x", float(r) >= TOP_TARGET)
    for procs, thr, tasks, vmas, ref, td, r in data.get("@perf", []):
        row(f"perf start-up: every thread's ids and its process's maps, {int(procs):,} "
            f"processes x {thr} threads ({int(tasks):,} tasks, {int(vmas):,} mappings), against "
            f"thread status and maps as perf reads them: {float(ref):.3f} s, {float(td):.3f} s",
            f">= {PERF_TARGET:g}x", f"{float(r):.1f}x", float(r) >= PERF_TARGET)
    for what, unit, n0, t0, n1, t1, r in data.get("@scale", []):
        row(f"{what} dump, time per {unit}: {int(n1):,} {unit}s against {int(n0):,} "
            f"({float(t1):.3f} us against {float(t0):.3f} us; processes of 100 threads)",
            f"<= {SCALE_TARGET:g}x", f"{float(r):.2f}x", float(r) <= SCALE_TARGET)
    for what, one, two, r in data.get("@conc", []):
        row(f"two readers at once against one, {what} dumps, tasks per second "
            f"({float(two):,.0f} against {float(one):,.0f})", f">= {CONC_TARGET:g}x",
            f"{float(r):.2f}x", float(r) >= CONC_TARGET)
    forks = {f[0]: f for f in data.get("@fork", [])}
    idle = [float(f[3]) for n, f in forks.items() if n.startswith("idle")]
    for name, f in forks.items():
        if name.startswith("idle") or not idle:
            continue
        r = float(f[3]) / min(idle)
        row(f"fork+exit p99 while {name} dumps run, against idle's lower of two "
            f"({float(f[3]):.0f} us "
            f"against {min(idle):.0f} us; medians {float(f[2]):.0f} and "
            f"{min(float(x[2]) for n, x in forks.items() if n.startswith('idle')):.0f} us)",
            f"<= {FORK_TARGET:g}x", f"{r:.2f}x", r <= FORK_TARGET)
    for procs, user, root_td, user_td, root_fs, user_fs, nroot, nuser in data.get("@access", []):
        r = float(user_td) / float(root_td)
        row(f"uid 1000's dump (BASE, VMA) of all {int(procs):,} processes, {user} its own, "
            f"against root's ({float(user_td):.3f} s against {float(root_td):.3f} s; procfs "
            f"{float(user_fs):.3f} s and {float(root_fs):.3f} s)", f"<= {ACCESS_TARGET:g}x",
            f"{r:.2f}x", r <= ACCESS_TARGET)
    for method, why in data["invalid"].get("load", []):
        row(f"{method}: the two ways differ ({why})", "-", "not measured", False)
    p("")
    p("## Whole tools, load, scale, unprivileged")
    p("")
    p("| workload | target | measured | met |")
    p("| --- | --- | --- | --- |")
    for r in rows:
        p(r)
    if forks:
        p("")
        p("fork+exit+wait latency of a process forking in a loop, per condition:")
        p("")
        p("| condition | forks | median us | p99 us |")
        p("| --- | --- | --- | --- |")
        for name, f in forks.items():
            p(f"| {cell(name)} | {f[1]} | {float(f[2]):.1f} | {float(f[3]):.1f} |")


def plot(data, outdir):
    """time.png: median time against processes (the 1-thread configurations), log-log."""
    labels = sorted((l for l in data["configs"]
                     if threads(l) == 1 and heavy(l) is None and l in data["results"]),
                    key=processes)
    methods = []
    for label in labels:
        for r in data["results"][label]:
            if r["size"] == MIB and r["method"] not in methods:
                methods.append(r["method"])
    dat = os.path.join(outdir, "time.dat")
    png = os.path.join(outdir, "time.png")
    with open(dat, "w", encoding="utf-8") as f:
        f.write("# processes, then per method: reference median s, task_diag median s\n")
        f.write("processes " + " ".join(f"{m}.ref {m}.td" for m in methods) + "\n")
        for label in labels:
            row = [str(processes(label))]
            for m in methods:
                r = result(data, label, m)
                row += [f"{r['ref'][0]:.6f}", f"{r['td'][0]:.6f}"] if r else ["NaN", "NaN"]
            f.write(" ".join(row) + "\n")
    kernel = data["kernel"][0] if data["kernel"] else "?"
    names = {}
    for label in labels:
        for r in data["results"][label]:
            names[r["method"]] = (r["ref_name"], r["td_name"])
    lines = []
    for i, m in enumerate(methods):
        ref, td = names[m]
        lines.append(f"'{dat}' using 1:{2 * i + 2} with linespoints dt 2 lc {i + 1} pt 6 "
                     f"title '{m}: {ref}'")
        if m in ("bpf", "walk"):
            continue  # task_diag's side is BASE, the ps line
        lines.append(f"'{dat}' using 1:{2 * i + 3} with linespoints dt 1 lc {i + 1} pt 7 "
                     f"title '{m}: task_diag {td}'")
    script = f"""set terminal pngcairo size 1400,900 font ',11' noenhanced
set output '{png}'
set logscale xy
set xlabel 'processes'
set ylabel 'median time of one pass over all processes, s (dashed: the reference; solid: task_diag)'
set title 'task_diag against procfs, taskstats and a BPF iterator: {kernel}, QEMU TCG, {datetime.date.today().isoformat()}'
set key outside right top
set grid
plot {', '.join(lines)}
"""
    subprocess.run(["gnuplot"], input=script, text=True, check=True)
    return png


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mem", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    data = parse(args.files)
    png = plot(data, args.out)
    md = write_markdown(data, args, png)
    with open(os.path.join(args.out, "results.md"), "w", encoding="utf-8") as f:
        f.write(md)
    sys.stdout.write(md)
    missed = any(data["invalid"].values())
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
