#!/bin/bash
# No command writes a control character to the terminal: escape sequences,
# BEL and C1 controls in header fields, titles, file names, rule files
# (names, titles, speakers, outlets, defines) and HTML come out as U+FFFD,
# whatever the command and format. Each run's stdout and stderr are read
# as bytes.
# Usage: terminal.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# The hostile text: OSC (set the window title), BEL, CSI (colour), the C1
# CSI (U+009B) and a carriage return that would overwrite the line.
python3 - <<'PY'
E = "\x1b]0;pwn\x07\x1b[31m\u009b2J\rX"
open("t\x1b[35m.rules", "w").write(f"""define GROUP (?:ISIS|terrorists?)
proposition t.one
  title    Terror{E} groups are active
  rev      1
  tags     t{E}
  supports {{GROUP}} (?:concerns?|worries) us in Afghanistan
  refutes  there (?:are|is) no {{GROUP}} in Afghanistan
  expect supports "ISIS concerns us in Afghanistan," said Bob Smith.
  expect refutes  ISIS concerns us in Afghanistan{E}
end

speaker Bob{E} Smith
  alias Bob Smith
  role  Chief{E}
end

outlet Evil{E} News
  domain evil.example
end
""")
open("bad\x1b[31m.rules", "w").write(f"define BAD{E} x\n")
open("a\x1b[31m.txt", "w").write(
    f"date 2022-01-02\ntitle T{E}\noutlet Evil{E} News\nurl https://e.org/{E}\n\n"
    f"\"ISIS concerns us in Afghanistan,\" said Bob Smith.\n\n"
    f"\"There are no terrorists in Afghanistan{E},\" said Ann{E} Lee{E}, the minister{E}.\n")
open("p.html", "w").write(
    "<html><head><title>Ti&#x9b;2J&#x1b;tle &#x7;</title>"
    "<meta name=author content='Al&#x1b;[31mice'></head><body><article>"
    "<p>\"There are no terrorists in Afghanistan,\" said Bob Smith, the chief of the "
    "region, on Monday in a long statement to reporters&#x1b;[31m.</p>"
    "<p>More text here to make an article body that is long enough to be read as the "
    "main text of this page by the extractor.</p></article></body></html>")
open("sources\x1b[31m.list", "w").write("http://\x1b[31mexample.org/\n")
PY
rules=(--rules "$tmp/t"$'\e'"[35m.rules")
doc=$tmp/a$'\e'"[31m.txt"
db=(--db "$tmp/t.db")

# clean NAME: the last run printed something, and no control character.
clean() {
	py "$1: no control characters (exit $status)" '
import sys
data = open(sys.argv[1], "rb").read() + open(sys.argv[2], "rb").read()
assert data.strip(), "nothing printed"
text = data.decode("utf-8")      # not UTF-8 is a failure too
bad = [(i, hex(ord(c))) for i, c in enumerate(text)
       if (ord(c) < 0x20 and c not in "\t\n\r") or 0x7f <= ord(c) < 0xa0
       or (c == "\r" and text[i + 1:i + 2] != "\n")]
assert not bad, (bad[:5], text[:300])
' "$tmp/out" "$tmp/err"
}

run check "${rules[@]}" "$doc"
clean "check"
run check "${rules[@]}" --format json "$doc"
clean "check --format json"
run quotes "${rules[@]}" "$doc"
clean "quotes"
run quotes "${rules[@]}" --format json "$doc"
clean "quotes --format json"
run extract p.html
clean "extract"
run extract --format json p.html
clean "extract --format json"
run check "${rules[@]}" p.html
clean "check of a page"
run rules list "${rules[@]}"
clean "rules list"
run rules test "$tmp/t"$'\e'"[35m.rules"
clean "rules test"
run rules lint "$tmp/bad"$'\e'"[31m.rules"
clean "rules lint"
run check --rules "$tmp/bad"$'\e'"[31m.rules" "text"
clean "check with bad rules"
run ingest "${rules[@]}" "${db[@]}" "$doc" p.html
clean "ingest"
run ingest "${rules[@]}" "${db[@]}" --format json "$doc"
clean "ingest --format json"
for f in table csv json; do
	run claims "${rules[@]}" "${db[@]}" --format "$f"
	clean "claims --format $f"
done
for c in speakers outlets propositions; do
	run "$c" "${rules[@]}" "${db[@]}" --all
	[ "$status" -eq 2 ] && run "$c" "${rules[@]}" "${db[@]}"
	clean "$c"
done
for f in md json csv html; do
	run report "${rules[@]}" "${db[@]}" --out - --format "$f"
	clean "report --out - --format $f"
done
run db stats "${db[@]}"
clean "db stats"
run nightly "${rules[@]}" "${db[@]}" --sources "$tmp/sources"$'\e'"[31m.list" --out "$tmp/r"
clean "nightly with a bad sources file"
run $'\e'"[31mcheck"
clean "an unknown command"
run check --$'\e'"[31m" x
clean "an unknown option"
run check "${rules[@]}" "$tmp/no"$'\e'"[31msuch.txt"
clean "a missing file"

echo "terminal: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
