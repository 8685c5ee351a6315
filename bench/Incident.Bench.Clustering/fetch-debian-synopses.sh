#!/usr/bin/env bash
# A real, public, labelled short-text set for the clustering bench: Debian package synopses (the one-line
# description) labelled by their archive section, from the Debian archive's package index via apt — no other
# download. Uses a private apt state directory, so the machine's own apt lists are left as they are.
# Writes OUT_DIR/debian-en.tsv (16 topical sections, English) and OUT_DIR/debian-zh.tsv (the same sections'
# Simplified Chinese translations, where the Debian translation project has one): `section<TAB>synopsis` per line,
# duplicate synopses dropped. Usage: fetch-debian-synopses.sh [OUT_DIR]
set -euo pipefail
out=${1:-artifacts/bench/clustering}
mkdir -p "$out"
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
mkdir -p "$state/lists/partial" "$state/cache/archives/partial"
apt-get update -qq -o APT::Sandbox::User=root -o Dir::State::Lists="$state/lists" -o Dir::Cache="$state/cache" -o Acquire::Languages=zh_CN >/dev/null
cat_list() { for f in "$@"; do case "$f" in *.lz4) lz4cat "$f" ;; *.xz) xzcat "$f" ;; *.gz) zcat "$f" ;; *) cat "$f" ;; esac; done; }
packages=$(ls "$state"/lists/*_dists_bookworm_main_binary-amd64_Packages* | head -1)
translations=$(ls "$state"/lists/*_dists_bookworm_main_i18n_Translation-zh* | head -1)
sections="database editors electronics fonts games graphics hamradio httpd localization mail math science sound tex vcs video"
python3 - "$out" "$sections" <(cat_list "$packages") <(cat_list "$translations") <<'PY'
import sys
out, sections, packages, translations = sys.argv[1], set(sys.argv[2].split()), sys.argv[3], sys.argv[4]
def stanzas(path):
    cur = {}
    for line in open(path, encoding='utf-8', errors='replace'):
        if not line.strip():
            if cur: yield cur
            cur = {}
        elif not line[0].isspace() and ':' in line:
            k, v = line.split(':', 1); cur[k] = v.strip()
    if cur: yield cur
section_of = {}
en, seen = [], set()
for s in stanzas(packages):
    sec = s.get('Section', '').split('/')[-1]
    if sec not in sections: continue
    section_of[(s['Package'], s.get('Description-md5'))] = sec
    d = s.get('Description', '')
    if d and d.lower() not in seen:
        seen.add(d.lower()); en.append((sec, d))
zh, seen = [], set()
for t in stanzas(translations):
    sec = section_of.get((t.get('Package'), t.get('Description-md5')))
    d = t.get('Description-zh_CN', '')
    if sec and d and d not in seen:
        seen.add(d); zh.append((sec, d))
for name, rows in (('debian-en.tsv', en), ('debian-zh.tsv', zh)):
    with open(f'{out}/{name}', 'w', encoding='utf-8') as f:
        for sec, d in rows: f.write(f'{sec}\t{d}\n')
    print(f'{out}/{name}: {len(rows)} synopses, {len(set(r[0] for r in rows))} sections')
PY
