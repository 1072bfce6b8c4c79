#!/usr/bin/env python3
"""extract.py: the CJK typesetting (a quarter em beside Latin words,
compressed punctuation, justification) moves glyphs only: pdftotext must give
back the text as written, with no word space where typo.c made a blank
between two CJK characters.

Dense Chinese and Japanese paragraphs are converted with pdf.cjk_latin_space
on and off; every line pdftotext prints must be a piece of the source text
verbatim (a space read into a blank would break that) once the spaces it
reads at the quarter em between CJK and Latin text are taken out (each
reader may; see doc/pdf-text.md), and the whole text, without its line
breaks, must equal the source's in both runs.  tests/pdf/readers.py holds
the other readers to the same.

Exit 77 (skipped) when pdftotext is missing."""
import re

import gztest as gz

PAGES = {
    "zh-CN": [
        "自研高效IO协议栈及SPDK，降低前后端时延、降低SSD读写时延。阿里云、华为云、腾讯云等厂商"
        "都在生产环境中大规模部署了基于SPDK的存储服务，并在USENIX ATC'20等会议上发表了相关论文。"
        "「用户态」并不意味着牺牲稳定性（相反），通过精心的设计，系统在减少94%的数据丢失的同时，"
        "只带来了2.97%的性能损失。他说：「好」。又说（注意），再说。「引用」与“强调”并用。",
        "使用NVMe SSD与RDMA网卡的集群共有128台服务器，每台配置2颗CPU和16块盘，*着重号*"
        "用于强调，写入在队列深度为1时也提升了约30%。" * 3,
    ],
    "ja": [
        "日本語の文章では、句読点「。」や「、」が行頭に来ないようにする禁則処理が欠かせません。"
        "また、括弧「（」は行末に置かず、次の行の先頭に送ります。和文の中にSPDKやNVMeのような"
        "欧文が入るときは、四分アキを入れると読みやすくなります。詳しくはW3Cの日本語組版処理の"
        "要件を参照してください。*強調*の圏点も付けます。" * 3,
    ],
}


def plain(md):
    return md.replace("*", "")


CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uff60"
LATIN = "0-9A-Za-z\u00c0-\u052f"
GAP = re.compile(f"(?<=[{CJK}]) (?=[{LATIN}])|(?<=[{LATIN}]) (?=[{CJK}])")


def squeeze(s):
    return re.sub(r"\s+", "", s)


def main():
    gz.need("pdftotext", why="poppler-utils")
    tmp = gz.tmpdir()
    for lang, paragraphs in PAGES.items():
        source = gz.write(tmp / "page.md", "\n\n".join(paragraphs) + "\n")
        want = [plain(p) for p in paragraphs]
        for space in ("true", "false"):
            out = tmp / "page.pdf"
            gz.output(gz.GAZETTE, "-q", "-t", "pdf", "--set", "page.lang=" + lang,
                      "--set", "pdf.paper=A5", "--set", "pdf.cjk_latin_space=" + space,
                      "-o", out, source)
            text = gz.output("pdftotext", "-enc", "UTF-8", out, "-")
            lines = [GAP.sub("", l.strip()) for l in text.replace("\f", "\n").splitlines()]
            lines = [l for l in lines if l and not l.isdigit()]     # folios
            for line in lines:
                gz.check(f"{lang} cjk_latin_space={space}: line in the source: {line!r}",
                         any(line in p for p in want))
            gz.check(f"{lang} cjk_latin_space={space}: the text is the source's",
                     squeeze("".join(lines)) == squeeze("".join(want)), "".join(lines))
            print(f"{lang} cjk_latin_space={space}: {len(lines)} lines")
    gz.finish()


if __name__ == "__main__":
    main()
