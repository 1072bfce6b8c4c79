#!/usr/bin/env python3
"""differential.py: gazette's Liquid against Ruby's (Debian's ruby-liquid), byte for byte.

Each case is a template and YAML data whose keys become variables.  Ruby renders
every case in one process (Liquid::Template.parse in strict mode, render!); gazette
renders each through tests/liquid/liquid_run.  A case passes when both give the same
bytes, or both refuse it (a syntax or runtime error).  Self-contained: it needs only
python3, ruby and ruby-liquid.
"""
import json
import os
import subprocess
import sys
import tempfile

RUN = os.environ.get("LIQUID_RUN", "build/tests/liquid/liquid_run")

DATA = """\
s: "Hello, World"
cjk: "中文字符串测试"
n: 7
f: 2.5
neg: -3
zero: 0
t: true
nope: false
nothing: null
empty_s: ""
spaces: "  "
list: [3, 1, 2]
words: ["b", "A", "c", "a"]
nested: [[1, 2], [3, [4, 5]]]
people:
  - {name: Ann, age: 31, team: x}
  - {name: bob, age: 25, team: y}
  - {name: Cid, age: 40, team: x}
  - {name: Dee, team: z}
h: {a: 1, b: "two", c: [x, y]}
html: "<p class=\\"x\\">a & b's</p>"
num_s: "42"
flt_s: "3.75"
version: "3.3.12"
"""

CASES = [
    # output, literals and lookups
    "{{ s }}|{{ n }}|{{ f }}|{{ t }}|{{ nope }}|{{ nothing }}|{{ missing }}|",
    "{{ 'single' }} {{ \"double\" }} {{ 10 }} {{ -2 }} {{ 1.50 }} {{ true }} {{ nil }}",
    "{{ list }} {{ list[0] }} {{ list[-1] }} {{ list.size }} {{ list.first }} {{ list.last }}",
    "{{ people[1].name }} {{ people.first.age }} {{ h.b }} {{ h['a'] }} {{ h.c[1] }} {{ h.size }}",
    "{{ nested }} {{ nested[1][1][0] }}",
    "{{ h }}",
    "{{ s.size }} {{ cjk.size }} {{ missing.deep.er }}|",
    "{% assign k = 'b' %}{{ h[k] }} {{ h.missing }}|",
    "{{ 1e3 }}|",
    "{{ 0.1 }} {{ 100.0 }} {{ 1.0e-5 | plus: 0 }} {{ 12345678901234567.0 | plus: 0 }}",
    # text and outputs only: rendered over the template where the outputs are
    # no longer than their tags, into a new buffer where one is
    "{{ n }} then text {{ nothing }}|{{ missing }} and more text after the tags",
    "short{{ s }}",
    "{{ missing }}{{ missing }}{{ s }} tail",
    "{{ cjk }}{{ n }}中文",
    "前{{ n }}后{{ t }}尾",
    "{{- n -}}  spaced  {{- t }} end",
    "{{ s | size }}{{ s | downcase }}",
    # whitespace control
    "a  {{- s -}}  b\n {%- if t -%} \n c \n{%- endif -%}\n d",
    "x\n{% assign a = 1 %}\ny\n{%- assign b = 2 -%}\nz",
    "{%- for i in list -%}\n  {{ i }}\n{%- endfor -%}",
    # assign, capture, counters
    "{% assign x = s | upcase %}{{ x }}{% capture c %}[{{ x }}]{% endcapture %}{{ c }}{{ c.size }}",
    "{% increment a %}{% increment a %}{% decrement b %}{% decrement b %}{% increment b %}|{{ a }}",
    "{% assign a = 5 %}{% increment a %}{{ a }}",
    "{% capture x %}{% for i in (1..3) %}{{ i }}{% endfor %}{% endcapture %}{{ x | append: x }}",
    # conditions
    "{% if n > 5 %}big{% elsif n > 2 %}mid{% else %}small{% endif %}",
    "{% if nothing %}a{% else %}b{% endif %}{% if zero %}c{% endif %}{% if empty_s %}d{% endif %}",
    "{% unless t %}no{% else %}yes{% endunless %}{% unless nope %}!{% endunless %}",
    "{% if true or false and false %}1{% endif %}{% if false and false or true %}2{% endif %}",
    "{% if false or true and false %}3{% endif %}{% if t and n == 7 and s contains 'World' %}4{% endif %}",
    "{% if list contains 2 %}a{% endif %}{% if list contains '2' %}b{% endif %}{% if h contains 'a' %}c{% endif %}",
    "{% if empty_s == empty %}a{% endif %}{% if list == empty %}b{% endif %}{% if spaces == blank %}c{% endif %}",
    "{% if nothing == blank %}a{% endif %}{% if nothing == nil %}b{% endif %}{% if nope == blank %}c{% endif %}",
    "{% if n != 7 %}a{% endif %}{% if n == 7.0 %}b{% endif %}{% if 'a' < 'b' %}c{% endif %}{% if 2 >= 2 %}d{% endif %}",
    "{% if nothing > 1 %}a{% else %}b{% endif %}{% if n <> 3 %}c{% endif %}",
    "{% if num_s == 42 %}a{% else %}b{% endif %}",
    "{% case n %}{% when 1 %}one{% when 7, 8 %}seven{% else %}other{% endcase %}",
    "{% case s %}{% when 'x' or 'Hello, World' %}hi{% when 'Hello, World' %}again{% endcase %}",
    "{% case missing %}{% when 1 %}x{% else %}none{% endcase %}",
    # loops
    "{% for i in list %}{{ forloop.index }}/{{ forloop.length }}:{{ i }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %} {% endfor %}",
    "{% for i in (1..10) limit: 3 offset: 2 %}{{ i }}{% endfor %}|{% for i in (1..5) reversed %}{{ i }}{% endfor %}",
    "{% for i in list reversed limit: 2 %}{{ i }}{% endfor %}|{% for i in list offset: 1 %}{{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.index0 }}{% endfor %}",
    "{% for i in missing %}x{% else %}empty{% endfor %}{% for i in (3..1) %}x{% else %}none{% endfor %}",
    "{% for i in (1..10) %}{% if i == 3 %}{% continue %}{% endif %}{% if i > 5 %}{% break %}{% endif %}{{ i }}{% endfor %}",
    "{% for a in (1..2) %}{% for b in (1..2) %}{{ forloop.parentloop.index }}{{ b }}{% if b == 2 %}{% break %}{% endif %} {% endfor %}{% endfor %}",
    "{% for p in h %}{{ p[0] }}={{ p[1] }};{% endfor %}",
    "{% for c in s %}[{{ c }}]{% endfor %}",
    "{% assign lo = 2 %}{% for i in (lo..n) %}{{ i }}{% endfor %}",
    "{% for i in list %}{% cycle 'a', 'b' %}{% cycle 'g': 1, 2, 3 %}{% endfor %}",
    "{% for i in list %}{{ forloop.name }}{% endfor %}",
    # raw and comments
    "{% raw %}{{ not }} {% if %}{% endraw %}|{% comment %} {{ x }} {% endcomment %}|",
    "a{% # inline comment %}b",
    "{% comment %}{% comment %}in{% endcomment %}still{% endcomment %}out",
    # string filters
    "{{ s | downcase }} {{ s | upcase }} {{ 'hELLO wORLD' | capitalize }} {{ 'ÀÉ' | downcase }}",
    "{{ s | append: '!' }} {{ s | prepend: '>' }} {{ n | append: 1 }} {{ nothing | append: 'x' }}",
    "{{ s | replace: 'l', 'L' }} {{ s | replace_first: 'l', 'L' }} {{ s | replace_last: 'l', 'L' }}",
    "{{ s | remove: 'l' }} {{ s | remove_first: 'l' }} {{ s | remove_last: 'l' }}",
    "{{ s | slice: 0 }} {{ s | slice: 1, 4 }} {{ s | slice: -5, 3 }} {{ cjk | slice: 2, 3 }} {{ s | slice: 50 }}|",
    "{{ list | slice: 1, 2 }} {{ words | slice: -2, 5 }}",
    "{{ s | truncate: 8 }} {{ s | truncate: 8, '--' }} {{ cjk | truncate: 5 }} {{ s | truncate: 2 }} {{ s | truncate: 80 }}",
    "{{ 'one two three four' | truncatewords: 2 }} {{ 'one two' | truncatewords: 5 }} {{ 'a b c' | truncatewords: 0, '' }}",
    "{{ 'a,b,,c,,' | split: ',' | join: '|' }} {{ '  a  b ' | split: ' ' | size }} {{ 'abc' | split: '' | join: '-' }}",
    "[{{ '  x  ' | strip }}][{{ '  x  ' | lstrip }}][{{ '  x  ' | rstrip }}]",
    "{{ html | strip_html }} {{ '<script>x</script>y<!-- c -->z' | strip_html }}",
    "{{ 'a\nb\r\nc' | strip_newlines }} {{ 'a\nb' | newline_to_br }}",
    "{{ html | escape }} {{ '&amp; <' | escape_once }} {{ nothing | escape }}|",
    "{{ 'a b&c/é' | url_encode }} {{ 'a+b%20c%C3%A9' | url_decode }}",
    "{{ 'hello' | base64_encode }} {{ 'aGVsbG8=' | base64_decode }} {{ '??>' | base64_url_safe_encode }}",
    "{{ s | size }} {{ list | size }} {{ h | size }} {{ n | size }} {{ nothing | size }}",
    # numbers
    "{{ n | plus: 1 }} {{ n | minus: 10 }} {{ n | times: 3 }} {{ n | divided_by: 2 }} {{ n | modulo: 3 }}",
    "{{ f | plus: 1 }} {{ n | times: f }} {{ n | divided_by: 2.0 }} {{ neg | modulo: 5 }} {{ neg | divided_by: 2 }}",
    "{{ num_s | plus: 1 }} {{ flt_s | plus: 1 }} {{ 'x' | plus: 1 }} {{ nothing | plus: 2 }}",
    "{{ 2.5 | round }} {{ 3.14159 | round: 2 }} {{ -2.5 | round }} {{ 1.2 | ceil }} {{ 1.8 | floor }} {{ 7 | round }}",
    "{{ neg | abs }} {{ -2.5 | abs }} {{ n | at_least: 10 }} {{ n | at_most: 3 }} {{ f | at_least: 1 }}",
    "{{ 10 | divided_by: 3.0 }} {{ 1 | divided_by: 3.0 | round: 3 }} {{ 0.1 | plus: 0.2 }}",
    # arrays
    "{{ words | sort | join: ',' }} {{ words | sort_natural | join: ',' }} {{ list | sort | join }}",
    "{{ people | sort: 'name' | map: 'name' | join: ',' }} {{ people | map: 'team' | uniq | join: ',' }}",
    "{{ list | reverse | join: ',' }} {{ words | first }} {{ words | last }} {{ s | first }}|",
    "{{ people | map: 'age' | compact | join: ',' }} {{ list | concat: words | join: '' }}",
    "{{ nested | join: ';' }} {{ list | join }}",
    "{{ people | where: 'team', 'x' | map: 'name' | join: ',' }}",
    "{{ list | uniq | size }} {{ 'a' | join: ',' }}",
    # default
    "{{ nothing | default: 'd' }} {{ empty_s | default: 'd' }} {{ nope | default: 'd' }} {{ zero | default: 'd' }}",
    "{{ nope | default: 'd', allow_false: true }} {{ list | default: 'd' }} {{ missing | default: list }}",
    # dates (UTC data)
    "{{ '2024-03-05 10:07:09 +0800' | date: '%Y-%m-%d %H:%M:%S %z' }}",
    "{{ '2024-03-05' | date: '%a %A %b %B %-d %e %j %y %m' }}",
    "{{ 0 | date: '%Y %H' }} {{ '1700000000' | date: '%F %T' }} {{ '' | date: '%Y' }}|",
    "{{ 'not a date' | date: '%Y' }}",
    # echo
    "{% echo s | upcase %}",
    # errors both must refuse
    "{% if %}x{% endif %}",
    "{% for i in list %}no end",
    "{% unknowntag %}",
    "{% endif %}",
    "{{ n | divided_by: 0 }}",
    "{{ 'a' | append }}",
    "{% if 'a' > 1 %}x{% endif %}",
    "{{ list | concat: 5 }}",
    "{% raw %} never closed",
    # more edges
    "{{ s | split: ', ' | last | downcase | prepend: '[' | append: ']' }}",
    "{{ '' | split: ',' | size }} {{ ',,' | split: ',' | size }} {{ 'a' | split: 'a' | size }}",
    "{{ 'abc' | slice: -1 }} {{ 'abc' | slice: 3 }}|{{ 'abc' | slice: -4 }}|{{ 'abc' | slice: 1, 0 }}|",
    "{{ 'ab' | truncate: 0 }}|{{ 'abcdef' | truncate: 3, '' }}|{{ 'ab' | truncate: 1, 'xyz' }}|",
    "{{ 'Hello' | replace: '', '-' }}|{{ 'aaa' | replace: 'a', 'b' }}|{{ 'a.b' | remove: '.' }}",
    "{{ list | sort | reverse | first }} {{ list | map: 'x' | compact | size }}",
    # (sort by a property is Jekyll's, nils first: tests/liquid/jekyll_site.py)
    "{{ people | sort_natural: 'name' | map: 'name' | join }}",
    "{{ people | map: 'name' | sort_natural | join }} {{ words | uniq | join }}",
    "{{ n | times: 1.0 }} {{ 7 | divided_by: 7.0 }} {{ 2 | times: 0.5 }} {{ 1.1 | times: 3 }}",
    "{{ -7 | modulo: 3 }} {{ 7 | modulo: -3 }} {{ 5.5 | modulo: 2 }} {{ -7 | divided_by: 2 }}",
    "{{ 1.005 | round: 2 }} {{ 2.5 | round: 0 }} {{ -0.5 | round }} {{ 1234.5678 | round: -1 }}",
    "{{ '3.7' | ceil }} {{ '-3.7' | floor }} {{ 'abc' | abs }} {{ '-5' | abs }}",
    "{{ 3 | at_least: 2.5 }} {{ 2 | at_most: '1.5' }}",
    "{{ 1 | plus: '1.5' }} {{ '1' | plus: '2' }} {{ '1.0' | plus: 1 }}",
    "{{ true | append: '!' }} {{ 2.0 | append: '' }} {{ h.c | append: '' }}",
    "{% assign a = 'x' %}{% assign b = a | append: a %}{{ b | size }}{% assign c = b %}{{ c }}",
    "{% capture x %}  spaced  {% endcapture %}[{{ x }}][{{ x | strip }}]",
    "{% for i in (1..3) %}{% for j in (1..3) %}{% if j == 2 %}{% break %}{% endif %}{{ i }}{{ j }}{% endfor %}{% endfor %}",
    "{% for i in list limit: 0 %}x{% else %}e{% endfor %}|{% for i in list offset: 5 %}x{% else %}e{% endfor %}",
    "{% for i in (1..3) %}{% cycle 'a', 'b' %}{% endfor %}{% for i in (1..3) %}{% cycle 'a', 'b' %}{% endfor %}",
    "{% for i in list %}{{ forloop.length }}{% endfor %}{{ forloop.index }}|",
    "{% if s %}{% if n %}{% unless nothing %}deep{% endunless %}{% endif %}{% endif %}",
    "{% case t %}{% when true %}T{% when false %}F{% endcase %}{% case 2 %}{% when 2.0 %}eq{% endcase %}",
    "{% case n %}{% when 7 %}a{% when 7 %}b{% else %}c{% endcase %}",
    "{% if h.c contains 'x' %}1{% endif %}{% if s contains nothing %}2{% endif %}{% if nothing contains 'a' %}3{% endif %}",
    "{% if list.size > 2 and list.first == 3 %}ok{% endif %}{% if words.last == 'a' %}last{% endif %}",
    "{% if 1 == 1 == 1 %}x{% endif %}",
    "{{ h['b'] | upcase }} {{ people[0]['name'] }} {% assign i = 1 %}{{ list[i] }} {{ people[i].name }}",
    "{% assign k = 'name' %}{{ people[2][k] }} {{ people.size }} {{ people[-1].name }}",
    "{{ 'a b c' | split: ' ' | reverse | join: '' }} {{ 'x' | split: '' | first }}",
    "{{ html | escape | escape_once }}",
    "{{ '<b>x</b>' | strip_html | upcase }} {{ 'a<br/>b' | strip_html }}",
    "{{ 'ümlaut' | capitalize }} {{ 'ÉCOLE' | downcase }} {{ 'straße' | upcase }}",
    "{{ cjk | slice: 0, 2 | append: cjk | size }} {{ cjk | truncatewords: 1 }} {{ cjk | replace: '字', 'X' }}",
    "{{ 'aé' | url_encode }} {{ '%E4%B8%AD' | url_decode }} {{ 'a%zz' | url_decode }}",
    "{{ '2024-02-29 23:59:59 -0500' | date: '%F %T %z %Z %s' }}",
    "{{ '2024-03-05' | date: '%U %W %V %G %u %w %C %D %R %r' }}",
    "{{ 1700000000 | date: '%Y-%m-%dT%H:%M:%S' }} {{ '2024-03-05T01:02:03Z' | date: '%l %k %P %I%p' }}",
    "{% increment c %}{% increment c %}{% assign c = 10 %}{{ c }}{% increment c %}",
    "{%- if true -%}\n\n  a  \n\n{%- endif -%}",
    "{{- 'x' -}}  \n  {{- 'y' -}}",
    "{% assign e = '' %}{% if e %}truthy{% endif %}{% if 0 %}zero{% endif %}{% if list == empty %}{% else %}nonempty{% endif %}",
    "{{ nested.size }} {{ nested[1].size }} {{ nested | first | last }}",
    "{% for x in nested %}{% for y in x %}{{ y }},{% endfor %}{% endfor %}",
    "{{ s | remove: 'World' | strip | size }}",
    "{{ 'a,b' | split: ',' | concat: list | join: '+' }}",
    # concat makes a new array: the variable it reads is unchanged.
    "{% assign a = 'x' | split: ',' %}{% assign b = a | concat: a %}{% assign c = b | concat: a %}"
    "{{ a | size }} {{ b | size }} {{ c | join: '' }}",
    "{{ list | sort: 'x' | join }}",
    "{% for i in (1..3) reversed offset: 1 %}{{ i }}{% endfor %}",
    "{{ 10 | minus: 2.5 | times: 2 | divided_by: 3 }}",
    # tablerow
    "{% tablerow p in people cols: 2 %}{{ p.name }}{% endtablerow %}",
    "{% tablerow i in (1..7) cols:3 limit: 5 offset:1 %}{{ tablerowloop.col }}/{{ tablerowloop.row }}"
    "{% if tablerowloop.col_last %}!{% endif %}{% endtablerow %}",
    "{% tablerow i in list %}{{ i }}{{ tablerowloop.index }}{{ tablerowloop.rindex0 }}"
    "{{ tablerowloop.first }}{{ tablerowloop.last }}{{ tablerowloop.col_first }}{% endtablerow %}",
    "[{% tablerow i in nothing %}x{% endtablerow %}][{% tablerow i in empty_s %}x{% endtablerow %}]"
    "[{% tablerow i in s %}{{ i }}{% endtablerow %}][{% tablerow i in n %}x{% endtablerow %}]",
    "{% tablerow kv in h cols: 1 %}{{ kv[0] }}={{ kv[1] }}{% endtablerow %}",
    "{% tablerow w in words cols: 2 limit: 0 %}{{ w }}{% endtablerow %}|{% tablerow w in words "
    "cols: n offset: 9 %}{{ w }}{% endtablerow %}",
    "{% tablerow w in words cols: 2 %}{% assign last = w %}{{ forloop.index }}{% endtablerow %}{{ last }}",
    "{% tablerow w in words %}{{ w }}{% endfor %}",
    # CJK
    "{{ cjk | truncate: 4, '…' }} {{ cjk | size }} {{ cjk | slice: -2, 2 }} {{ cjk | split: '' | size }}",
    "{{ cjk | upcase }} {{ cjk | append: '！' | size }}",
]

RUBY = r"""
require "liquid"
require "json"
require "yaml"
cases = JSON.parse(STDIN.read)
data = YAML.safe_load(cases["data"])
out = cases["templates"].map do |tpl|
  begin
    t = Liquid::Template.parse(tpl, error_mode: :strict)
    { "ok" => true, "out" => t.render!(data.dup, strict_filters: false) }
  rescue StandardError, Liquid::Error => e
    { "ok" => false, "out" => e.message }
  end
end
print JSON.generate(out)
"""


def main():
    os.environ["TZ"] = "UTC"
    if subprocess.run(["ruby", "-rliquid", "-e", "1"], capture_output=True).returncode != 0:
        print("ruby-liquid is not installed (scripts/deps/test.txt): skipped")
        return 77
    request = json.dumps({"data": DATA, "templates": CASES})
    ruby = subprocess.run(["ruby", "-e", RUBY], input=request.encode(), capture_output=True,
                          env=dict(os.environ, TZ="UTC"))
    if ruby.returncode != 0:
        print("ruby failed:", ruby.stderr.decode(errors="replace"))
        return 1
    want = json.loads(ruby.stdout)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data.yml")
        with open(data, "w", encoding="utf-8") as f:
            f.write(DATA)
        tpl = os.path.join(tmp, "t.liquid")
        for i, case in enumerate(CASES):
            with open(tpl, "w", encoding="utf-8") as f:
                f.write(case)
            got = subprocess.run([RUN, tpl, data], capture_output=True, timeout=30)
            ok = got.returncode == 0
            out = got.stdout.decode("utf-8", errors="replace")
            w = want[i]
            # 3: rendered over the template (as a page is) and into a new
            # buffer, liquid_run got two results.
            if got.returncode == 3 or ok != w["ok"] or (ok and out != w["out"]):
                failed += 1
                print(f"FAIL case {i}: {case!r}\n  ruby:    {'' if w['ok'] else 'error '}"
                      f"{w['out']!r}\n  gazette: {'' if ok else 'error '}{out!r} "
                      f"{got.stderr.decode(errors='replace').strip()}")
    print(f"{len(CASES) - failed} of {len(CASES)} templates render as ruby-liquid renders them")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
