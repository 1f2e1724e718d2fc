#!/usr/bin/env bash
# Installs what daicho needs outside Python: Graphviz's `dot` and a CJK font for Japanese labels in PNG/PDF;
# for the tests of the audit pack in a real browser, Debian's Chromium and poppler-utils (pdftotext, pdftoppm).
# Uses apt-get when something is missing and we are root; otherwise says what to install.
set -u
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v jq >/dev/null 2>&1 || missing+=(jq)
# `make bench` (scripts/system-deps.sh bench): hyperfine times the queries (bench/run.py falls back to its own loop)
if [ "${1:-}" = bench ]; then command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine); fi  # the docs' `daicho … --json | jq …` examples (tests/test_docs_examples.py)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get …"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/daicho-apt.log 2>&1 \
    || { echo "apt-get failed (see /tmp/daicho-apt.log); SVG/PNG/PDF diagrams need graphviz and" \
              "fonts-noto-cjk, the browser tests of the audit pack chromium and poppler-utils: ${missing[*]}" >&2
         exit 0; }
else
  echo "note: install ${missing[*]} (e.g. sudo apt-get install ${missing[*]}): graphviz and fonts-noto-cjk" \
       "for SVG/PNG/PDF diagrams (DOT and Mermaid output work without them), chromium and poppler-utils for" \
       "the tests that open the audit pack in a browser (skipped without them)." >&2
fi
exit 0
