#!/bin/bash
# The speakers' pages of a report (issue 17): report writes
# speakers/NAME.html beside index.html for each speaker listed on a
# proposition's sides, with that speaker's record over the report's period,
# and index.html links each such name to its page. File names are safe
# whatever the name (letters, digits and '-', a hash when names meet or
# have no ASCII); the pages escape every text.
# Usage: report_speakers.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# Rules with three more speakers: a hostile name, one with no ASCII, and
# one whose file name would be the hostile one's.
mkdir -p rules in
cp "$root"/rules/* rules/
cat >>rules/afghanistan.rules <<'RULES'

speaker ../../x/"Q" <script>alert(3)</script> 'O'
  alias Zed Hostile
end

speaker Павел Иванов
  alias Pavel Ivanov
end

speaker X Q Script Alert 3 Script O
  alias Xavier Quill
end
RULES
src=$fx/stance/2022-05-02-khaama-monitors.txt
n=0
for who in "Zed Hostile" "Pavel Ivanov" "Xavier Quill"; do
	n=$((n + 1))
	sed "s/Anna Lindqvist/$who/; s/Lindqvist told/$who told/; s/2022-05-02/2022-06-0$n/" "$src" >"in/a$n.txt"
done
rules=(--rules "$tmp/rules")
db=$tmp/s.db
# The three are one article with another speaker's name: copies of its
# story, which a report would count once; here each is a document of its own.
run ingest "${rules[@]}" --db "$db" --copy-threshold off in "$fx/stance"
expect_status "ingest the stance fixtures and three more speakers" 0

run report --db "$db" --out "$tmp/r"
expect_status "report" 0
expect_equal "the speaker pages, safe names, a hash where names meet or have no ASCII" \
	"$(cd r/speakers && find . -type f | sed 's|^\./||; s/[0-9a-f]\{8\}\.html$/HASH.html/' | sort | tr '\n' ' ')" \
	"HASH.html anna-lindqvist.html inayatullah-khwarazami.html tariq-hamdani.html x-q-script-alert-3-script-o-HASH.html x-q-script-alert-3-script-o-HASH.html zabihullah-mujahid.html "
py "every page name is safe and every speaker link in index.html resolves to one" '
import os, re, sys
root = sys.argv[1]
page = open(os.path.join(root, "index.html"), encoding="utf-8").read()
files = set(os.listdir(os.path.join(root, "speakers")))
for f in files:
    assert re.fullmatch(r"[a-z0-9-]+\.html", f), f
links = re.findall(r"<a href=\"(speakers/[^\"]*)\">([^<]*)</a>", page)
assert links, "no speaker links"
targets = {l for l, _ in links}
for l in targets:
    assert os.path.isfile(os.path.join(root, l)), l
assert {l[len("speakers/"):] for l in targets} == files, (targets, files)
names = {n for _, n in links}
for want in ("Zabihullah Mujahid", "Anna Lindqvist", "Павел Иванов",
             "../../x/&quot;Q&quot; &lt;script&gt;alert(3)&lt;/script&gt; &#39;O&#39;"):
    assert want in names, (want, names)
# One page per name, the same wherever the name is listed.
pages = {}
for l, n in links:
    assert pages.setdefault(n, l) == l, (n, l, pages[n])
assert len(set(pages.values())) == len(pages), pages
' "$tmp/r"
hostile=$(grep -l '<h1>\.\./\.\./x/' r/speakers/*.html)
expect_equal "one page for the hostile name" "$(wc -l <<<"$hostile")" 1
py "the hostile name is escaped on its page, which links back" '
import sys
page = open(sys.argv[1], encoding="utf-8").read()
assert "<script>" not in page, "raw script"
assert "<h1>../../x/&quot;Q&quot; &lt;script&gt;alert(3)&lt;/script&gt; &#39;O&#39;</h1>" in page
assert "href=\"../index.html\"" in page
assert "Zed Hostile, said that ISIS fighters are active" in page
' "$hostile"
find r -name '*..*' -o -name '*"*' -o -name "*<*" | grep -q . \
	&& not_ok "a file name with dots or quotes" "$(find r)" || ok "no file name holds '..', quotes or '<'"
[ "$(find "$tmp" -name 'x' -o -name '*script>*' | wc -l)" -eq 0 ] \
	&& ok "nothing written where the hostile name points" || not_ok "a file outside the report"

# The page lists the speaker's claims: those 'claimtrack speaker' gives.
run speaker --db "$db" --format json mujahid
py "Mujahid's page lists his claims, his change and who contradicts him" '
import html, json, re, sys
j = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
ids = sorted(c["id"] for p in j["propositions"] for c in p["claims"])
shown = sorted(int(i) for i in re.findall(r"<td class=\"n\">(\d+)</td>", page))
assert ids and shown == ids, (shown, ids)
for p in j["propositions"]:
    for c in p["claims"]:
        assert c["sentence"] in page, c["sentence"]
assert "refutes (2022-03-10, claim " in page and "Stance changes" in page
# Who contradicts him, with their claims, as '"'"'speaker'"'"' counts them.
for p in j["propositions"]:
    sec = page[page.index("<code>%s</code>" % p["id"]):]
    sec = sec[:sec.index("</section>")]
    got = [(html.unescape(n), c) for n, c in
           re.findall(r"<li>([^<]*) <span class=\"muted\">[a-z]+</span>: (\d+) claims?", sec)]
    want = [(o["speaker"], str(o["claims"])) for o in p["contradicted_by"]]
    assert sorted(got) == sorted(want), (p["id"], got, want)
assert "<li>Anna Lindqvist <span class=\"muted\">person</span>: 2 claims" in page, page
assert "<h1>Zabihullah Mujahid</h1>" in page and "spokesman" in page
' "$tmp/out" r/speakers/zabihullah-mujahid.html

py "the proposition sections of index.html link Mujahid to his page" '
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
sections = re.split(r"<section class=\"prop\"", page)[1:]
assert sections, "no proposition sections"
linked = [s[:s.index("\"")] for s in sections
          if "<a href=\"speakers/zabihullah-mujahid.html\">Zabihullah Mujahid</a>" in s]
assert len(linked) == 2, linked
' r/index.html

# Over the report's period only.
run report --db "$db" --until 2022-05-31 --out "$tmp/r2"
expect_status "report --until" 0
expect_equal "pages only for who is in the period" "$(cd r2/speakers && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')" \
	"anna-lindqvist.html inayatullah-khwarazami.html zabihullah-mujahid.html "
py "Mujahid's page keeps to the period" '
import sys
page = open(sys.argv[1], encoding="utf-8").read()
assert "2022-03-10" in page and "2022-10-05" not in page, "out of period"
' r2/speakers/zabihullah-mujahid.html

# Without HTML, no pages; into an existing folder, pages are written too.
run report --db "$db" --format json,md --out "$tmp/r3"
expect_status "report --format json,md" 0
[ ! -e r3/speakers ] && ok "no speakers/ without HTML" || not_ok "speakers/ without HTML"
run report --db "$db" --format html --out "$tmp/r3"
expect_status "report --format html into the existing folder" 0
[ -f r3/speakers/zabihullah-mujahid.html ] && ok "pages in the existing folder" \
	|| not_ok "no pages in the existing folder" "$(find r3)"
mkdir -p "$tmp/r5" "$tmp/elsewhere"
ln -s "$tmp/elsewhere" r5/speakers
run report --db "$db" --format html --out "$tmp/r5"
expect_status "speakers/ a link in an existing folder" 1
expect_match "says what is wrong" "$err" "cannot make folder '.*r5/speakers'"
[ -z "$(ls "$tmp/elsewhere")" ] && ok "nothing written through the link" || not_ok "wrote through the link"

# A killed run's staged folder, pages and all, is removed by the next.
true &
dead=$!
wait "$dead"
if kill -0 "$dead" 2>/dev/null; then
	ok "# SKIP staged folder of a killed run: pid $dead was reused at once"
else
	mkdir -p "R/2026-01-01.tmp-$dead/speakers"
	touch "R/2026-01-01.tmp-$dead/index.html" "R/2026-01-01.tmp-$dead/speakers/a-b.html" \
		"R/2026-01-01.tmp-$dead/speakers/c.html.tmp-$dead-aB3dE9"
	run nightly "${rules[@]}" --db "$db" --out "$tmp/R"
	expect_status "nightly beside a killed run's staged folder" 0
	[ ! -e "R/2026-01-01.tmp-$dead" ] && ok "the killed run's folder and its pages are gone" \
		|| not_ok "the killed run's folder stays" "$(find R)"
	expect_equal "the nightly's report has its pages" \
		"$(find R -path '*/speakers/zabihullah-mujahid.html' | wc -l)" 1
fi

echo "report_speakers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
