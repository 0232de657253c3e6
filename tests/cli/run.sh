#!/bin/bash
# CLI tests: runs the built binary on fixtures and checks exit codes and
# output. Usage: run.sh CLAIMTRACK SOURCE_ROOT
# With UPDATE_EXPECTED=1 it rewrites tests/cli/expected/ from the current
# output instead of comparing (review the diff before committing it).
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

expected=$root/tests/cli/expected

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

run --help
for v in CLAIMTRACK_RULES CLAIMTRACK_DB CLAIMTRACK_CACHE CLAIMTRACK_PREFILTER; do
	expect_match "--help names \$$v" "$out" "^  $v "
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
run check --rules "$fx/hostile.rules" "$tmp/hostile.txt"
expect_status "hostile pattern finishes" 0
expect_match "hostile pattern is named in a warning" "$err" 'hostile\.rules:5: warning: .*match limit'
expect_match "the rest of the document is still matched" "$out" '^supports +t\.ordinary'

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

# ---- the fact-checker's record: check against the stored seed ----
no_terrorists="There are no terrorists in Afghanistan"
run check "${rules[@]}" --db "$tmp/seed.db" --format json "$no_terrorists"
expect_status "check with a record, JSON" 0
if python3 - "$tmp/out" <<'PY'
import json, sys
claims = json.load(open(sys.argv[1]))["claims"]
assert len(claims) == 1 and claims[0]["stance"] == "refutes", claims
rec = claims[0]["record"]
agree = [c["speaker"] for c in rec["agree"]]
contra = [c["speaker"] for c in rec["contradict"]]
assert agree == ["Inayatullah Khwarazami"], agree
assert "Kenneth McKenzie" in contra and "Stanislav Zas" in contra, contra
assert rec["agree_total"] == 1 and rec["contradict_total"] == 4, rec
assert len(rec["contradict"]) == 3, "default --limit is 3 per side"
keys = ("id", "speaker", "speaker_kind", "role", "stance", "hedged", "date", "statement_date",
        "outlet", "via", "sentence", "url", "title", "document_id")
for c in rec["agree"] + rec["contradict"]:
    for k in keys:
        assert k in c, k
assert all(c["stance"] == "refutes" for c in rec["agree"])
assert all(c["stance"] == "supports" for c in rec["contradict"])
zas = [c for c in rec["contradict"] if c["speaker"] == "Stanislav Zas"][0]
assert zas["via"] == "Tolo News" and zas["date"] == "2022-02-18", zas
assert "re-emergence" in zas["sentence"], zas
PY
then ok "record lists Khwarazami agreeing, McKenzie and Zas contradicting"; else
	not_ok "record in JSON" "$out"; fi

run check "${rules[@]}" --db "$tmp/seed.db" "$no_terrorists"
expect_status "check with a record, table" 0
expect_match "table: who agrees" "$out" '^  agrees +2022-02-18  Inayatullah Khwarazami: "There are no terrorists'
expect_match "table: Zas contradicts, via Tolo News" "$out" '^  contradicts +2022-02-18  Stanislav Zas \(via Tolo News\): "According to Tolo News'
expect_match "table: McKenzie contradicts" "$out" '^  contradicts +2022-02-18  Kenneth McKenzie: "'
expect_match "table: how many more" "$out" '^  \(1 more\)$'
expect_match "table: the summary line is unchanged" "$out" '^1 claim \(0 supports, 1 refutes\) in 1 input$'
run check "${rules[@]}" --db "$tmp/seed.db" --limit 10 "$no_terrorists"
expect_match "--limit 10 reaches McKenzie's dated statement, oldest last" "$(tail -n 3 <<<"$out")" \
	'^  contradicts +2021-12-17  Kenneth McKenzie: "On December 17'
expect_no_match "--limit 10 leaves nothing more" "$out" 'more\)$'
run check "${rules[@]}" --db "$tmp/seed.db" --limit 0 "$no_terrorists"
expect_match "--limit 0 counts only" "$out" '^  contradicts +4 stored claims$'
run check "${rules[@]}" --db "$tmp/seed.db" --limit -1 "$no_terrorists"
expect_status "--limit -1 is a usage error" 2

# The stored article is not its own record.
run check "${rules[@]}" --db "$tmp/seed.db" --format json "$fx/article-2022-02-18.txt"
if python3 -c '
import json, sys
for c in json.load(open(sys.argv[1]))["claims"]:
    r = c["record"]
    assert r["agree_total"] == r["contradict_total"] == 0, r
' "$tmp/out"; then ok "a stored document gets no record from itself"; else
	not_ok "a stored document gets no record from itself" "$out"; fi

# No database, an older one, a broken one: claims as before.
run check "${rules[@]}" "$no_terrorists"
plain=$out
run check "${rules[@]}" --db "$tmp/nowhere/claims.db" "$no_terrorists"
expect_status "check with --db pointing nowhere" 0
if [ "$out" = "$plain" ] && [ -z "$err" ]; then ok "no database: no record, no message"; else
	not_ok "no database changes check's output" "$out
$err"; fi
run check "${rules[@]}" --db "$tmp/nowhere/claims.db" --format json "$no_terrorists"
expect_no_match "no database: no record in JSON" "$out" '"record"'
if [ ! -e "$tmp/nowhere" ]; then ok "check creates no database"; else not_ok "check created $tmp/nowhere"; fi
version=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$tmp/seed.db")
if [ "$version" -gt 1 ]; then
	cp "$tmp/seed.db" "$tmp/older.db"
	python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=%d" % (int(sys.argv[2]) - 1)); c.commit()' "$tmp/older.db" "$version"
	run check "${rules[@]}" --db "$tmp/older.db" "$no_terrorists"
	if [ "$out" = "$plain" ] && [ -z "$err" ]; then ok "an older schema: no record, no message"; else
		not_ok "an older schema changes check's output" "$out
$err"; fi
else
	ok "an older schema: # SKIP only one schema version"
fi
printf 'not a database, but long enough to look like one would have a header..........................\n' >"$tmp/broken.db"
run check "${rules[@]}" --db "$tmp/broken.db" "$no_terrorists"
expect_status "check with a broken database" 0
expect_match "a broken database is a warning naming it" "$err" "^claimtrack: warning: $tmp/broken\.db: .*\(no record shown\)$"
expect_match "a broken database still shows the claims" "$out" '^refutes +af\.terrorist-presence'

# ---- the stance fixtures give the claims their README promises ----
if python3 - "$bin" "$root" <<'PY' >"$tmp/stance.out" 2>&1
import json, os, subprocess, sys
bin, root = sys.argv[1:3]
want = {
    "2022-03-10-tolo-mujahid-denies.txt": [
        ("refutes", "af.terrorist-presence", "Zabihullah Mujahid", None, False),
        ("refutes", "af.foreign-troops", "Zabihullah Mujahid", None, False)],
    "2022-05-02-khaama-monitors.txt": [
        ("supports", "af.terrorist-presence", "Anna Lindqvist", None, False),
        ("refutes", "af.terrorist-presence", "Inayatullah Khwarazami", "Pajhwok Afghan News", False)],
    "2022-07-18-pajhwok-analyst.txt": [
        ("supports", "af.terrorist-presence", "Tariq Hamdani", None, False),
        ("supports", "af.terrorist-presence", "Tariq Hamdani", None, True)],
    "2022-10-05-tolo-mujahid-admits.txt": [
        ("supports", "af.terrorist-presence", "Zabihullah Mujahid", None, False)],
    "2022-11-20-khaama-ministry.txt": [
        ("refutes", "af.terrorist-presence", "Inayatullah Khwarazami", None, False),
        ("supports", "af.terrorist-presence", "Anna Lindqvist", None, False)],
}
folder = os.path.join(root, "tests/fixtures/stance")
assert sorted(f for f in os.listdir(folder) if f.endswith(".txt")) == sorted(want), os.listdir(folder)
bad = 0
for name, claims in sorted(want.items()):
    out = subprocess.run([bin, "check", "--rules", root + "/rules", "--format", "json",
                          os.path.join(folder, name)], capture_output=True, text=True, check=True).stdout
    got = [(c["stance"], c["proposition"], c["speaker"], c["via"], c["hedged"])
           for c in json.loads(out)["claims"]]
    if got != claims:
        print(name, "\n  wanted:", claims, "\n  got:   ", got)
        bad += 1
sys.exit(1 if bad else 0)
PY
then ok "stance fixtures give the claims in their README"; else
	not_ok "stance fixtures" "$(cat "$tmp/stance.out")"; fi
run ingest "${rules[@]}" --db "$tmp/stance.db" "$fx/stance"
expect_status "ingest the stance fixtures" 0
run check "${rules[@]}" --db "$tmp/stance.db" --format json --limit 10 "$fx/stance/2022-10-05-tolo-mujahid-admits.txt"
if python3 - "$tmp/out" <<'PY'
import json, sys
rec = json.load(open(sys.argv[1]))["claims"][0]["record"]
contra = [(c["speaker"], c["date"]) for c in rec["contradict"]]
agree = [(c["speaker"], c["date"], c["hedged"]) for c in rec["agree"]]
# Mujahid's earlier self is on the other side: his stance changed.
assert ("Zabihullah Mujahid", "2022-03-10") in contra, contra
assert ("Inayatullah Khwarazami", "2022-11-20") == contra[0], contra
assert [d for _, d in contra] == sorted((d for _, d in contra), reverse=True), contra
assert ("Tariq Hamdani", "2022-07-18", True) in agree, agree
assert rec["agree_total"] == 4 and rec["contradict_total"] == 3, rec
assert all(c["document_id"] for c in rec["agree"] + rec["contradict"])
via = [c for c in rec["contradict"] if c["via"]]
assert via and via[0]["via"] == "Pajhwok Afghan News" and via[0]["outlet"] == "Khaama Press", via
PY
then ok "the record shows Mujahid's change of stance, newest first"; else
	not_ok "record over the stance fixtures" "$out"; fi
run check "${rules[@]}" --db "$tmp/stance.db" "$fx/stance/2022-10-05-tolo-mujahid-admits.txt"
expect_match "table: a hedged claim says so" "$out" '^  agrees +2022-07-18  Tariq Hamdani \(hedged\) in Pajhwok Afghan News: "'
expect_match "table: via and outlet" "$out" '^  contradicts 2022-05-02  Inayatullah Khwarazami \(via Pajhwok Afghan News\) in Khaama Press: "'
run quotes --help
expect_status "quotes --help" 0
run quotes "Unbalanced \" quote. \"Fine,\" Jane Doe said."
expect_match "quotes on text with an unbalanced mark" "$out" '^direct +Jane Doe'
run quotes "Senator Joan Pike wants to cut the fuel tax. Mayor Ann Fox said the tax was fair."
expect_match "quotes: an intention is kind belief" "$out" '^belief +Joan Pike'
run quotes --kind direct,indirect,according_to "Senator Joan Pike wants to cut the fuel tax. Mayor Ann Fox said the tax was fair."
expect_no_match "quotes --kind leaves beliefs out" "$out" 'Joan Pike'
expect_match "quotes --kind keeps the kinds it names" "$out" '^indirect +Ann Fox'
run quotes --kind opinion "x"
expect_status "quotes --kind with an unknown kind" 2

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
