#!/bin/bash
# tests/similar/eval.py on PostgreSQL, against SQLite on the same
# documents: the figures of `similar` there, and how many paraphrases get
# their 10 sentences in another order than on SQLite. Skipped (77) when no
# private server can be started (tests/cli/pg_lib.sh).
# Called as eval_pg.sh CLAIMTRACK SOURCE_ROOT EVAL_ARGS...
. "$(dirname "$0")/../cli/lib.sh"
. "$root/tests/cli/pg_lib.sh"
pg_start || pg_skip "$pg_why"
trap 'pg_stop; rm -rf "$tmp"' EXIT
pg_createdb eval
shift 2
python3 "$root/tests/similar/eval.py" "$bin" --db "$(pg_url eval)" --compare "$tmp/lite.db" \
	--rules "$root/rules" "$@"
