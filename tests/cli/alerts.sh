#!/usr/bin/env bash
# nightly --notify URL and --mail ADDRESS: the digest (new claims, new
# contradictions, stance changes, links to the serve pages) posted to a
# webhook receiver on 127.0.0.1 (tests/http/webhook.py, a free port read
# from its first line) and mailed through a fake sendmail; article text
# that cannot mention or link; failed notifications that leave the report
# written and recorded, with exit 4.
# Usage: alerts.sh CLAIMTRACK SOURCE_ROOT
. "$(dirname "$0")/lib.sh"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
cp -r "$root/rules" "$tmp/rules"
export CLAIMTRACK_RULES=$tmp/rules CLAIMTRACK_DB=$tmp/t.db
mkdir "$tmp/hooks"
mkfifo "$tmp/hook.port"
python3 "$root/tests/http/webhook.py" "$tmp/hooks" >"$tmp/hook.port" 2>"$tmp/hook.err" &
hook_pid=$!
trap 'kill "$hook_pid" 2>/dev/null; wait "$hook_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
read -r port <"$tmp/hook.port" || port=
if ! [[ "$port" =~ ^[0-9]+$ ]]; then
	not_ok "the webhook receiver started" "$(cat "$tmp/hook.err")"
	echo "alerts: $pass passed, $fail failed"
	exit 1
fi
ok "the webhook receiver listens on 127.0.0.1:$port"
HOOK=http://127.0.0.1:$port/hook/ok/T0KEN-s3cret
REFUSE=http://127.0.0.1:$port/hook/refuse/T0KEN-s3cret
BASE=https://claims.example.org/

# A fake sendmail: keeps its arguments and the message, exits $FAKE_EXIT.
cat >"$tmp/sendmail" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" >"$FAKE_MAIL_DIR/args"
cat >"$FAKE_MAIL_DIR/message"
exit "${FAKE_EXIT:-0}"
EOF
chmod +x "$tmp/sendmail"
mkdir "$tmp/mail"
export CLAIMTRACK_SENDMAIL=$tmp/sendmail FAKE_MAIL_DIR=$tmp/mail

hooks() { find "$tmp/hooks" -name '*.json' | wc -l; }

# ---- usage ----
run nightly --help
expect_match "nightly --help has --notify" "$out" "--notify URL"
expect_match "nightly --help documents exit 4" "$out" "4 when it completed but a notification failed"
run nightly --notify ftp://example.org/x
expect_status "--notify that is not http(s)" 2
run nightly --mail "desk@example.org
Bcc: all@example.org"
expect_status "--mail with a header in it" 2
run nightly --mail "-oQ/tmp@x"
expect_status "--mail that would be an option of sendmail" 2
run nightly --base-url "https://x.org/a|b"
expect_status "--base-url that would break a chat link" 2

# ---- the first digest: to the webhook and by mail ----
"$bin" ingest "$fx"/stance/2022-03-10-*.txt "$fx"/stance/2022-05-02-*.txt >/dev/null
run nightly --out "$tmp/reports" --notify "$HOOK" --mail desk@example.org --mail ed@example.org \
	--base-url "$BASE"
expect_status "nightly with --notify and --mail" 0
expect_equal "one post" "$(hooks)" 1
expect_equal "as JSON" "$(cat "$tmp/hooks/1.type")" "application/json"
py "the post is what Slack and Mattermost take, with the new claims and links" '
import json, re, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["text"], d.keys()
t = d["text"]
assert t.startswith("claimtrack nightly "), t
assert re.search(r": 4 new claims on 2 propositions, [0-9]+ new contradictions?, 0 stance changes\n", t), t
assert "<https://claims.example.org/proposition/af.terrorist-presence|af.terrorist-presence>" in t, t
assert re.search(r"Zabihullah Mujahid refutes, 2022-03-10: \"[^\"]*no terrorists[^\"]*\" <https://claims\.example\.org/claim/[0-9]+\|claim [0-9]+>", t), t
assert "New contradictions" in t and "Anna Lindqvist supports" in t, t
assert re.search(r"Report: .*/reports/[0-9-]+/index\.html", t), t
' "$tmp/hooks/1.json"
expect_equal "sendmail -t -i" "$(tr '\n' ' ' <"$tmp/mail/args")" "-t -i "
py "the mail: headers for sendmail -t, the digest as plain UTF-8 text" '
import email, sys
raw = open(sys.argv[1], "rb").read()
m = email.message_from_bytes(raw)
assert m["To"] == "desk@example.org, ed@example.org", m["To"]
assert m["Subject"].startswith("claimtrack nightly ") and "4 new claims" in m["Subject"], m["Subject"]
assert m.get_content_type() == "text/plain" and m.get_content_charset() == "utf-8"
body = m.get_payload(decode=True).decode()
assert "af.terrorist-presence https://claims.example.org/proposition/af.terrorist-presence" in body, body
assert "claim 1 https://claims.example.org/claim/1" in body, body
assert "<http" not in body, body
' "$tmp/mail/message"

# ---- nothing new: nothing sent ----
rm -f "$tmp/mail/message"
run nightly --out "$tmp/reports" --notify "$HOOK" --mail desk@example.org
expect_status "nightly with nothing new" 0
expect_equal "no post" "$(hooks)" 1
if [ -e "$tmp/mail/message" ]; then not_ok "no mail"; else ok "no mail"; fi

# ---- a stance change, without --base-url: no links ----
"$bin" ingest "$fx"/stance/2022-10-05-*.txt >/dev/null
run nightly --out "$tmp/reports" --notify "$HOOK"
expect_status "nightly after a stance change" 0
py "the digest has the stance change; without --base-url no links" '
import json, sys
t = json.load(open(sys.argv[1]))["text"]
assert "Stance changes" in t, t
assert "Zabihullah Mujahid on af.terrorist-presence: refutes (2022-03-10) to supports (2022-10-05, claim " in t, t
assert "<http" not in t, t
' "$tmp/hooks/2.json"

# ---- article text cannot mention anyone or make links ----
cat >"$tmp/hostile.txt" <<'EOF'
date 2022-12-01
title <!channel> @here alert
outlet Tolo News
url https://example.org/hostile

The spokesman <!channel> @here <https://evil.example|click> said that ISIS fighters are active in Afghanistan.
EOF
"$bin" ingest "$tmp/hostile.txt" >/dev/null
run nightly --out "$tmp/reports" --notify "$HOOK" --base-url "$BASE"
expect_status "nightly with hostile text" 0
py "no <!channel>, no @here, no link of its own" '
import json, sys
t = json.load(open(sys.argv[1]))["text"]
assert "ISIS fighters are active" in t, t
assert "<!channel>" not in t and "<https://evil" not in t, t
assert "@here" not in t and "@\u2060here" in t, t
assert "\u2039!channel\u203a" in t, t
' "$tmp/hooks/3.json"

# ---- failures: the report stays written and recorded, exit 4 ----
cat >"$tmp/more.txt" <<'EOF'
date 2022-12-05
title More
outlet Tolo News
url https://example.org/more

Anna Lindqvist said that ISIS fighters are active in Afghanistan.
EOF
"$bin" ingest "$tmp/more.txt" >/dev/null
# A port nothing listens on: one bound and closed here, so free.
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
before=$(find "$tmp/reports" -mindepth 1 -maxdepth 1 -type d | wc -l)
FAKE_EXIT=75 run nightly --out "$tmp/reports" --notify "$REFUSE" \
	--notify "http://127.0.0.1:$closed/hook/x" --mail desk@example.org
expect_status "nightly whose notifications fail" 4
expect_match "a refused post is a warning naming the host, not the secret" "$err" \
	"^claimtrack: warning: the digest was not posted to http://127\.0\.0\.1:$port/…: HTTP 403: invalid_token$"
expect_match "so is a connection refused" "$err" \
	"^claimtrack: warning: the digest was not posted to http://127\.0\.0\.1:$closed/…: cannot connect"
expect_match "and a failed sendmail" "$err" "^claimtrack: warning: the digest was not mailed: '.*sendmail' exited with status 75$"
expect_match "the count and that the report stands" "$err" \
	"^claimtrack: 3 notifications failed \(see above\); the report is written and recorded$"
expect_no_match "the secret is never shown" "$err$out" "T0KEN"
expect_match "the report was written" "$out" "^wrote .*reports/.*index.html"
expect_equal "a new report folder" "$(( $(find "$tmp/reports" -mindepth 1 -maxdepth 1 -type d | wc -l) - before ))" 1
run nightly --out "$tmp/reports" --notify "$HOOK"
expect_status "the next nightly" 0
expect_match "has nothing new: the failed run was recorded" "$out" "^nothing new since the last nightly report"
expect_equal "and posts nothing" "$(hooks)" 3

CLAIMTRACK_SENDMAIL=$tmp/no-such-sendmail run nightly --out "$tmp/reports" --mail desk@example.org
expect_status "nothing new: sendmail is not even tried" 0
"$bin" ingest "$fx"/stance/2022-11-20-*.txt >/dev/null
CLAIMTRACK_SENDMAIL=$tmp/no-such-sendmail run nightly --out "$tmp/reports" --mail desk@example.org
expect_status "a sendmail that is not there" 4
expect_match "says how to get one" "$err" "cannot run '$tmp/no-such-sendmail': No such file or directory \(install a sendmail"

echo "alerts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
