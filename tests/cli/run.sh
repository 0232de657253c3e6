#!/bin/bash
# CLI tests: runs the built binary on fixtures and checks exit codes and
# output. Usage: run.sh CLAIMTRACK SOURCE_ROOT
# With UPDATE_EXPECTED=1 it rewrites tests/cli/expected/ from the current
# output instead of comparing (review the diff before committing it).
set -u

bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$2" && pwd)
fx=$root/tests/fixtures
expected=$root/tests/cli/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset CLAIMTRACK_RULES CLAIMTRACK_DB

pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() {
	fail=$((fail + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && sed 's/^/#   /' <<<"$2"
}

# run NAME -- ARGS...: runs the binary, keeping stdout, stderr and status.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

expect_status() {
	local name=$1 want=$2
	if [ "$status" -eq "$want" ]; then ok "$name (exit $want)"; else
		not_ok "$name: exit $status, wanted $want" "$out
$err"; fi
}

expect_match() {
	local name=$1 text=$2 re=$3
	if grep -Eq -- "$re" <<<"$text"; then ok "$name"; else
		not_ok "$name: no line matches /$re/" "$text"; fi
}

expect_no_match() {
	local name=$1 text=$2 re=$3
	if grep -Eq -- "$re" <<<"$text"; then
		not_ok "$name: a line matches /$re/" "$text"; else ok "$name"; fi
}

rules=(--rules "$root/rules")

# ---- help, version, usage errors ----
run --version
expect_status "--version" 0
expect_match "--version prints the version" "$out" '^claimtrack [0-9]+\.[0-9]+\.[0-9]+$'

for args in "--help" "help" "check --help" "rules --help" "rules lint --help" \
	    "rules test --help" "rules list --help" "help check"; do
	# shellcheck disable=SC2086
	run $args
	expect_status "$args" 0
	expect_match "$args shows usage" "$out" '^usage: claimtrack'
done

run
expect_status "no command is a usage error" 2
run frobnicate
expect_status "unknown command" 2
expect_match "unknown command is named" "$err" "unknown command 'frobnicate'"
run check --frob "x"
expect_status "unknown option" 2
expect_match "unknown option is named" "$err" "unknown option '--frob'"
run check "${rules[@]}"
expect_status "check without input" 2
run check "${rules[@]}" --format yaml "x"
expect_status "check with a bad format" 2
run rules
expect_status "rules without a subcommand" 2
run rules frob
expect_status "rules with an unknown subcommand" 2

# ---- shipped rules ----
run rules lint "$root/rules"
expect_status "shipped rules lint" 0
expect_no_match "shipped rules lint has no errors" "$out" 'error:'
run rules test "$root/rules"
expect_status "shipped rules test" 0
expect_match "shipped rules test summary" "$out" '^rules test: [1-9][0-9]* passed, 0 failed$'

# ---- acceptance sentences ----
run check "${rules[@]}" "There are no terrorists in Afghanistan"
expect_status "check a sentence" 0
expect_match "no terrorists refutes terrorist presence" "$out" '^refutes +af\.terrorist-presence'
expect_no_match "no terrorists does not support terrorist presence" "$out" '^supports +af\.terrorist-presence'

run check "${rules[@]}" "The Taliban are no friends of ISIS"
expect_status "check Taliban no friends" 0
expect_no_match "no friends is not read as an alliance" "$out" '^refutes +af\.taliban-isis-hostility'
expect_match "no friends supports hostility" "$out" '^supports +af\.taliban-isis-hostility'

# Global options go before or after the command name.
run --rules "$root/rules" check "There are no terrorists in Afghanistan"
before=$out
run check --rules "$root/rules" "There are no terrorists in Afghanistan"
if [ "$before" = "$out" ] && [ -n "$out" ]; then ok "--rules before and after the command"; else
	not_ok "--rules before and after the command differ" "$before
---
$out"; fi

# The rules path from the environment, and from ./rules.
CLAIMTRACK_RULES=$root/rules run check "There are no terrorists in Afghanistan"
expect_match "CLAIMTRACK_RULES is the rules path" "$out" '^refutes +af\.terrorist-presence'
mkdir -p "$tmp/cwd" && cp -r "$root/rules" "$tmp/cwd/rules"
(cd "$tmp/cwd" && "$bin" check "There are no terrorists in Afghanistan" >"$tmp/out" 2>&1)
expect_match "./rules is the default rules path" "$(cat "$tmp/out")" '^refutes +af\.terrorist-presence'
run check --rules "$tmp/nowhere" "x y"
expect_status "a missing rules path" 1
expect_match "a missing rules path is named" "$err" "nowhere: error: cannot read"

# stdin, files, and names that look like missing files
"$bin" check "${rules[@]}" - <<<"There are no terrorists in Afghanistan." >"$tmp/out" 2>"$tmp/err"
expect_match "check reads stdin" "$(cat "$tmp/out")" '^refutes +af\.terrorist-presence'
run check "${rules[@]}" "$tmp/missing.txt"
expect_status "a missing file" 1
expect_match "a missing file is named" "$err" "cannot read '.*missing.txt'"

# JSON is one well-formed document with the documented names.
run check --rules "$fx/rules" --format json "The Taliban said ISIS is not a threat to the region."
expect_status "check --format json" 0
if python3 - "$tmp/out" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
c = doc["claims"]
assert c, "no claims"
for k in ("proposition", "title", "stance", "hedged", "negated", "match", "sentence", "rule"):
    assert k in c[0], k
for k in ("file", "line", "rev"):
    assert k in c[0]["rule"], k
assert any(x["negated"] and x["stance"] == "refutes" for x in c), c
PY
then ok "json has the documented fields"; else not_ok "json has the documented fields" "$out"; fi

# ---- lint errors: file, line, column, message ----
lint="$fx/lint"
run rules lint "$lint/bad-paren.rules"
expect_status "lint: unbalanced parenthesis" 1
expect_match "lint: parenthesis error has file:line:col" "$out" 'bad-paren\.rules:4:[0-9]+: error: missing closing parenthesis'
run rules lint "$lint/unknown-directive.rules"
expect_status "lint: unknown directive" 1
expect_match "lint: unknown directive message" "$out" "unknown-directive\.rules:5:3: error: unknown directive 'severity'"
run rules lint "$lint/duplicate-id.rules"
expect_status "lint: duplicate id" 1
expect_match "lint: duplicate id message" "$out" "duplicate-id\.rules:7:[0-9]+: error: duplicate proposition id 't\.same'"
run rules lint "$lint/undefined-define.rules"
expect_status "lint: undefined define" 1
expect_match "lint: undefined define message" "$out" "undefined-define\.rules:4:[0-9]+: error: undefined define '\{GROUPS\}'"
run rules lint "$lint/unclosed.rules"
expect_status "lint: unclosed block" 1
expect_match "lint: unclosed block message" "$out" "unclosed\.rules:1:1: error: unclosed block 'proposition'"
run rules lint "$lint/empty-match.rules"
expect_status "lint: empty match" 1
expect_match "lint: empty match message" "$out" "empty-match\.rules:4:[0-9]+: error: pattern can match the empty string"
run rules lint --format json "$lint/bad-paren.rules"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]==1 and d["diagnostics"][0]["line"]==4' "$tmp/out"
then ok "lint --format json"; else not_ok "lint --format json" "$out"; fi

# ---- rules test reports failures ----
run rules test "$fx/failing-expect.rules"
expect_status "rules test with a failing expect" 1
expect_match "failing expect is located" "$out" 'failing-expect\.rules:5: FAIL: t\.fails: expected refutes, got supports'
expect_match "failing expect summary" "$out" '^rules test: 1 passed, 1 failed$'

# ---- a hostile pattern is bounded ----
python3 -c 'print("a" * 50000 + "b. ISIS is a threat to the region.")' >"$tmp/hostile.txt"
start=$(date +%s)
timeout 60 "$bin" check --rules "$fx/hostile.rules" "$tmp/hostile.txt" >"$tmp/out" 2>"$tmp/err"
status=$?
elapsed=$(( $(date +%s) - start ))
out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
expect_status "hostile pattern finishes" 0
expect_match "hostile pattern is named in a warning" "$err" 'hostile\.rules:5: warning: .*match limit'
expect_match "the rest of the document is still matched" "$out" '^supports +t\.ordinary'
if [ "$elapsed" -lt 30 ]; then ok "hostile pattern took ${elapsed}s"; else not_ok "hostile pattern took ${elapsed}s"; fi

# ---- the seed article, against the expected output ----
run check "${rules[@]}" "$fx/article-2022-02-18.txt"
expect_status "check the seed article" 0
sed "s|$root/||g" "$tmp/out" >"$tmp/seed.out"
[ "${UPDATE_EXPECTED:-0}" = 1 ] && cp "$tmp/seed.out" "$expected/seed-check.out"
if diff -u "$expected/seed-check.out" "$tmp/seed.out" >"$tmp/diff"; then ok "seed article claims as expected"; else
	not_ok "seed article claims differ from tests/cli/expected/seed-check.out" "$(cat "$tmp/diff")"; fi

# ---- who said it: check and quotes on the seed article ----
run check "${rules[@]}" --format json "$fx/article-2022-02-18.txt"
if python3 - "$tmp/out" <<'PY'
import json, sys
claims = json.load(open(sys.argv[1]))["claims"]
def find(prop, stance, speaker):
    return [c for c in claims if c["proposition"] == prop and c["stance"] == stance
            and c["speaker"] == speaker]
mck = find("af.terrorist-presence", "supports", "Kenneth McKenzie")
assert any("ISIS concerns us in Afghanistan" in c["sentence"] for c in mck), "McKenzie quote"
assert any(c["statement_date"] == "2021-12-17" for c in mck), "statement date"
assert any("went on to say" in c["sentence"] for c in mck), "He went on to say"
assert find("af.isis-external-strikes", "supports", "Kenneth McKenzie"), "He also added"
zas = find("af.regional-threat", "supports", "Stanislav Zas")
assert zas and all(c["via"] == "Tolo News" for c in zas), "Zas via Tolo News"
assert zas[0]["role"] == "Secretary-General of the CSTO", zas[0]["role"]
kh = find("af.terrorist-presence", "refutes", "Inayatullah Khwarazami")
assert kh and "spokesman" in kh[0]["role"] and "Defence Ministry" in kh[0]["role"], kh
tdm = find("af.foreign-troops", "refutes", "Taliban Defence Ministry")
assert tdm and tdm[0]["speaker_kind"] == "organization", tdm
for c in claims:
    for k in ("speaker", "speaker_kind", "role", "via", "outlet", "date", "statement_date"):
        assert k in c, k
    assert c["date"] == "2022-02-18"
PY
then ok "seed claims carry speaker, role, via and dates"; else not_ok "seed claims carry speaker, role, via and dates" "$out"; fi

run quotes "${rules[@]}" --format json "$fx/article-2022-02-18.txt"
expect_status "quotes --format json" 0
if python3 - "$tmp/out" "$fx/article-2022-02-18.txt" <<'PY'
import json, sys
quotes = json.load(open(sys.argv[1]))["quotes"]
raw = open(sys.argv[2], "rb").read()
body = raw[raw.index(b"On December 17"):]
speakers = [q["speaker"] for q in quotes]
for name in ("Kenneth McKenzie", "Stanislav Zas", "Inayatullah Khwarazami",
             "Taliban Defence Ministry", "US military and government officials"):
    assert name in speakers, name
kinds = {q["kind"] for q in quotes}
assert {"direct", "indirect"} <= kinds, kinds
for q in quotes:
    assert body[q["start"]:q["end"]].decode() == q["text"], q
    for k in ("speaker", "mention", "role", "kind", "cue", "via", "text", "start", "end"):
        assert k in q, k
direct = [q for q in quotes if q["kind"] == "direct"]
assert any(q["text"].startswith("ISIS concerns us") and q["speaker"] == "Kenneth McKenzie" for q in direct)
assert any(q["text"].endswith("There are no terrorists in Afghanistan") and q["speaker"] == "Inayatullah Khwarazami" for q in direct)
PY
then ok "quotes lists the seed's speakers with offsets into the body"; else not_ok "quotes on the seed" "$out"; fi
# Ingested, the seed's claims keep who said them.
run ingest "${rules[@]}" --db "$tmp/seed.db" "$fx/article-2022-02-18.txt"
expect_status "ingest the seed article" 0
run claims --db "$tmp/seed.db" --format json
if python3 - "$tmp/out" <<'PY'
import json, sys
claims = json.load(open(sys.argv[1]))["claims"]
def has(prop, stance, speaker, **kw):
    return any(c["proposition"] == prop and c["stance"] == stance and c["speaker"] == speaker
               and all(c.get(k) == v for k, v in kw.items()) for c in claims)
assert has("af.terrorist-presence", "supports", "Kenneth McKenzie", statement_date="2021-12-17")
assert has("af.regional-threat", "supports", "Stanislav Zas", via="Tolo News")
assert has("af.terrorist-presence", "refutes", "Inayatullah Khwarazami")
assert has("af.foreign-troops", "refutes", "Taliban Defence Ministry", speaker_kind="organization")
assert has("af.isis-external-strikes", "supports", "Kenneth McKenzie")
PY
then ok "stored seed claims name their speakers"; else not_ok "stored seed claims name their speakers" "$out"; fi
run quotes --help
expect_status "quotes --help" 0
run quotes "Unbalanced \" quote. \"Fine,\" Jane Doe said."
expect_match "quotes on text with an unbalanced mark" "$out" '^direct +Jane Doe'

# ---- every seed sentence on its own, as a careful reader reads it ----
if python3 - "$bin" "$root" >"$tmp/seed-sentences" 2>&1 <<'PY'
import json, re, subprocess, sys
bin, root = sys.argv[1:3]
norm = lambda s: re.sub(r"\s+", " ", s).strip()
cases, cur = [], None
for line in open(root + "/tests/cli/seed-sentences.txt", encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("> "):
        cur = (line[2:], set())
        cases.append(cur)
    elif line and not line.startswith("#") and line != "none":
        cur[1].add(line)
article = norm(open(root + "/tests/fixtures/article-2022-02-18.txt", encoding="utf-8").read())
covered = " ".join(norm(c[0]) for c in cases)
bad = 0
if covered != article:
    print("seed-sentences.txt does not cover the article sentence by sentence")
    bad += 1
for sentence, want in cases:
    out = subprocess.run([bin, "check", "--rules", root + "/rules", "--format", "json", sentence],
                         capture_output=True, text=True, check=True).stdout
    got = {("%s %s%s" % (c["stance"], c["proposition"], " hedged" if c["hedged"] else ""))
           for c in json.loads(out)["claims"]}
    if got != want:
        print("sentence:", sentence, "\n  wanted:", sorted(want) or "none", "\n  got:   ", sorted(got) or "none")
        bad += 1
sys.exit(1 if bad else 0)
PY
then ok "every seed sentence alone gives the expected claims"; else
	not_ok "seed sentences" "$(cat "$tmp/seed-sentences")"; fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
