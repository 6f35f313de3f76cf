#!/usr/bin/env python3
"""Whole-process timing for bench/run.sh (Python 3 standard library only).

    timing.py runs N ERRFILE -- CMD ...
        one untimed warm-up run, then N timed runs of CMD; prints
        "BEST MEDIAN PEAK_KB ALL..." (seconds, KB; ALL: the sorted walls)
    timing.py pair N ERRFILE -- CMD_A ... ::: CMD_B ...
        one warm-up run of each, then N pairs run alternately (A B A B ...);
        prints "MEDIAN_A MEDIAN_B MEDIAN_RATIO PEAK_A_KB PEAK_B_KB" where
        MEDIAN_RATIO is the median of the pairs' A/B ratios, which holds when
        the machine's speed drifts during the run.

Wall time is read with a monotonic clock around fork, exec and wait; the peak
resident set of each run comes from wait4's rusage (the figure /usr/bin/time
prints as "Maximum resident set size"). Standard output goes to /dev/null,
standard error to ERRFILE. A run that exits non-zero stops the script with
exit status 3, after copying ERRFILE to standard error.
"""

import os
import statistics
import subprocess
import sys
import time


def run_once(cmd, errfile):
    with open(errfile, "wb") as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        with open(errfile, "rb") as err:
            sys.stderr.write(err.read().decode(errors="replace")[-4000:])
        sys.stderr.write("timing.py: %r exited %d\n" % (" ".join(cmd), code))
        sys.exit(3)
    return wall, ru.ru_maxrss


def main(argv):
    if len(argv) < 5 or argv[0] not in ("runs", "pair") or argv[3] != "--":
        sys.stderr.write(__doc__)
        return 2
    mode, n, errfile, rest = argv[0], int(argv[1]), argv[2], argv[4:]
    if mode == "runs":
        run_once(rest, errfile)
        res = [run_once(rest, errfile) for _ in range(n)]
        walls = sorted(w for w, _ in res)
        print("%.3f %.3f %d %s" % (walls[0], statistics.median(walls), max(k for _, k in res),
                                   " ".join("%.3f" % w for w in walls)))
        return 0
    if ":::" not in rest:
        sys.stderr.write("timing.py pair: CMD_A ::: CMD_B\n")
        return 2
    i = rest.index(":::")
    a, b = rest[:i], rest[i + 1:]
    run_once(a, errfile)
    run_once(b, errfile)
    ra, rb = [], []
    for _ in range(n):
        ra.append(run_once(a, errfile))
        rb.append(run_once(b, errfile))
    ratios = [x[0] / y[0] for x, y in zip(ra, rb)]
    print("%.3f %.3f %.3f %d %d" % (statistics.median(w for w, _ in ra), statistics.median(w for w, _ in rb),
                                    statistics.median(ratios), max(k for _, k in ra), max(k for _, k in rb)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
