#!/usr/bin/env python3
"""time1.py COMMAND...: runs COMMAND once (its output to /dev/null, its input
this one's) and prints its wall time and CPU time in seconds, to the
microsecond, and its peak memory in kB, on one line; exits with its status.

The command is started directly and waited for with wait4, which gives its
CPU time and peak to the microsecond and kilobyte.  GNU time, which the
benchmarks used before, prints hundredths of a second (coarse for a page made
in 80 ms) and adds its own start, about 5 ms here, to every program measured,
which shrinks the ratio between a fast program and a slow one.

One caveat: a program started from this Python process inherits its memory
high-water mark across exec, so a peak below this script's own (about 10 MB)
reads as this script's; the peak printed is then prefixed with "<=".  Every
program the benchmarks measure peaks well above it."""
import os
import resource
import subprocess
import sys
import time

start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
proc.returncode = os.waitstatus_to_exitcode(status)
floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = f"<={usage.ru_maxrss}" if usage.ru_maxrss <= floor else str(usage.ru_maxrss)
print(f"{wall:.6f} {usage.ru_utime + usage.ru_stime:.6f} {peak}")
sys.exit(proc.returncode)
