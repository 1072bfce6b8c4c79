"""Shared pieces of the benchmark scripts: timing with peak memory, medians, input generation."""
import os
import random
import subprocess
import statistics
import tempfile


def scratch_dir():
    """A new folder for a benchmark's inputs and outputs: in memory (/dev/shm)
    unless TMPDIR says otherwise.  On disk, the file system's own costs swamp
    the programs' when thousands of files are written and removed round after
    round: ext4 without a journal passes over every inode freed in the last
    minutes before it hands out a new one (doc/performance.md, Method)."""
    shm = "/dev/shm"
    where = None if os.environ.get("TMPDIR") or not os.access(shm, os.W_OK) else shm
    return tempfile.mkdtemp(prefix="gazette-bench-", dir=where)


def measure(argv, runs=5, stdin_path=None, cwd=None):
    """Runs argv `runs` times; returns (median wall seconds, median CPU seconds,
    max peak RSS in MiB), timed to the microsecond by time1.py (which see)."""
    here = os.path.dirname(os.path.abspath(__file__))
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        proc = subprocess.run(["python3", os.path.join(here, "time1.py"), *argv], stdin=stdin,
                              capture_output=True, text=True, cwd=cwd)
        if stdin_path:
            stdin.close()
        if proc.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed with status {proc.returncode}")
        wall, cpu, peak_kb = proc.stdout.split()
        times.append(float(wall))
        cpus.append(float(cpu))
        peaks.append(int(peak_kb.lstrip("<=")) / 1024)
    return statistics.median(times), statistics.median(cpus), max(peaks)


ZH = ("存储系统在用户态直接访问固态硬盘，避免了内核上下文切换和中断处理带来的开销。"
      "轮询模式让每个核心都能处理更多请求，延迟也更加稳定。")
JA = "日本語の文章では、句読点が行頭に来ないようにする禁則処理が欠かせません。"
EN = ("The storage stack polls the device from user space, which avoids context switches "
      "and interrupts; latency becomes both lower and more predictable.")


def markdown(size, seed=1):
    """About `size` bytes of Markdown mixing CJK and Latin text, headings, lists,
    links, emphasis, code and tables; the same seed gives the same text."""
    rnd = random.Random(seed)
    parts, total, n = [], 0, 0
    while total < size:
        n += 1
        kind = rnd.randrange(8)
        if kind == 0:
            block = f"## 第{n}节 Section {n}\n\n"
        elif kind == 1:
            block = f"- {ZH[:20]} **{EN[:12]}**\n- [链接 {n}](https://example.org/p/{n}) `code`\n- {JA[:18]}\n\n"
        elif kind == 2:
            block = f"> {ZH}\n> {EN}\n\n"
        elif kind == 3:
            block = f"```c\nint f{n}(int x) {{ return x * {n}; }}\n```\n\n"
        elif kind == 4:
            block = f"| 项目 | Value |\n|---|---:|\n| 读取 {n} | {n * 3} |\n| write | {n * 7} |\n\n"
        else:
            block = f"{ZH}*{EN[:30]}*{JA}\n{EN} [{n}](https://example.org/{n}).\n\n"
        parts.append(block)
        total += len(block.encode())
    return "".join(parts)
