#!/usr/bin/env python3
"""Benchmark of the feed backend (not a test).

    python3 tests/bench/feed.py [GAZETTE] [--runs N] [--entries N]

Generates a news page of 10,000 linked CJK entries (one `## company` section
per 20 entries, each entry a `### [title](url)` with a quoted summary) and a
folder of 10,000 dated posts, converts each to RSS and Atom, and prints the
median wall time, the median CPU time (user + system: on a shared, loaded
machine wall time mostly measures the neighbours) and the peak resident memory
of the gazette process (from wait4's rusage, so python's own does not count).
Target for the 10,000-entry page: under 0.2 s and under 50 MB.
"""
import argparse
import sys
import os
import shutil
import statistics
import subprocess
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

COMPANIES = ["阿里云", "华为云", "UCloud", "腾讯云", "字节跳动", "京东云", "百度智能云", "美团"]
SUMMARY = ("“超高性能存储：SPDK可以在用户态高并发零拷贝地以用户态驱动直接访问NVMe固态硬盘，"
           "并利用轮询模式避免了内核上下文切换和中断处理带来的开销。”")


def news_page(path, entries):
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\ntitle: 用户案例\nlang: cn\ndate: 2024-03-05\nauthor: 编辑部\n---\n\n"
                "# 新闻条目\n\n")
        for i in range(entries):
            if i % 20 == 0:
                f.write(f"\n## {COMPANIES[i // 20 % len(COMPANIES)]} {i // 20}\n")
            f.write(f"### [第{i}条：高性能云服务器与本地SSD存储实践]"
                    f"(https://example.com/s?__biz=MzU&mid={i}&idx=1#rd)\n"
                    f"> {SUMMARY}\n\n")


def posts(folder, count):
    os.makedirs(os.path.join(folder, "_posts"))
    with open(os.path.join(folder, "_config.yml"), "w", encoding="utf-8") as f:
        f.write("title: Bench\nurl: https://bench.example.org\nauthor: Bench\nlang: zh_cn\n")
    names = []
    for i in range(count):
        day = 1 + i % 28
        month = 1 + i // 28 % 12
        year = 2000 + i // (28 * 12)
        name = f"_posts/{year:04d}-{month:02d}-{day:02d}-post-{i}.md"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: 第{i}篇文章\ntags: [存储, spdk]\n---\n\n"
                    f"{SUMMARY}\n\n## 小节\n\n正文，[链接](../{i}.html)和`代码`。\n")
        names.append(name)
    return names


def measure(cmd, cwd, runs):
    """Median wall and CPU seconds and the largest peak RSS (MB) over `runs` runs,
    measured by common.measure (see time1.py)."""
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    return common.measure(cmd, runs=runs, cwd=cwd)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("gazette", nargs="?",
                    default=os.path.join(here, "..", "..", "build", "gazette"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--entries", type=int, default=10000)
    a = ap.parse_args()
    gz = os.path.abspath(a.gazette)
    tmp = common.scratch_dir()
    try:
        news_page(os.path.join(tmp, "news.md"), a.entries)
        names = posts(os.path.join(tmp, "site"), a.entries)
        size = os.path.getsize(os.path.join(tmp, "news.md")) / 1e6
        print(f"gazette: {gz}\n{a.entries} entries / posts, median of {a.runs} runs\n")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"{'input':24} {'format':6} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}")
        cases = [
            (f"news page ({size:.1f} MB)", ["news.md"], tmp),
            (f"{a.entries} posts", names, os.path.join(tmp, "site")),
        ]
        for label, inputs, cwd in cases:
            for fmt in ("rss", "atom", "tree") if len(inputs) == 1 else ("rss", "atom"):
                out = os.path.join(tmp, "out." + fmt)
                args = [gz, "-q", "-t", fmt, "--set", "url=https://bench.example.org",
                        "-o", out] + inputs
                wall, cpu, peak = measure(args, cwd, a.runs)
                note = "  (parsing only, for scale)" if fmt == "tree" else ""
                print(f"{label:24} {fmt:6} {wall:7.3f} {cpu:7.3f} {peak:8.1f}{note}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
