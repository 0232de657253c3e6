#!/bin/bash
# CLI tests of what a new user's typos get: an unknown command, subcommand
# or option names the nearest known one ("did you mean"), a far-off word
# names none, and each is the documented usage error.
# Usage: newuser_cli.sh CLAIMTRACK SOURCE_ROOT
set -u
. "$(dirname "$0")/lib.sh"

# The usage-error code, as `claimtrack --help` documents it.
run --help
usage=$(grep -oE '[0-9]+ usage error' <<<"$out" | cut -d' ' -f1)
expect_equal "--help documents the usage-error code" "$usage" 2

# typo NAME WANT_FIRST_LINE ARGS...: a usage error whose first stderr line
# is WANT_FIRST_LINE, with nothing on stdout.
typo() {
	local name=$1 want=$2
	shift 2
	run "$@"
	expect_status "$name" "$usage"
	expect_equal "$name: message" "$(head -n1 <<<"$err")" "$want"
	expect_equal "$name: nothing on stdout" "$out" ""
}

# Commands: a swap, a missing letter, the start of only one name, "help".
typo "command swap" "claimtrack: error: unknown command 'chekc'; did you mean 'check'?" \
	chekc "There are no terrorists in Afghanistan."
expect_match "command swap: the hint to --help stays" "$err" "^\(see 'claimtrack --help'\)$"
typo "command letter missing" "claimtrack: error: unknown command 'ingst'; did you mean 'ingest'?" ingst x
typo "command prefix" "claimtrack: error: unknown command 'prop'; did you mean 'propositions'?" prop
typo "command help" "claimtrack: error: unknown command 'hlep'; did you mean 'help'?" hlep
typo "command after help" "claimtrack: error: unknown command 'chekc'; did you mean 'check'?" help chekc
typo "help is no command after help" "claimtrack: error: unknown command 'hlep'" help hlep
typo "command after global options" "claimtrack: error: unknown command 'reprot'; did you mean 'report'?" \
	--db "$tmp/x.db" reprot

# Far-off words and ties: no suggestion, the same usage error.
typo "command far off" "claimtrack: error: unknown command 'zebra'" zebra
expect_no_match "command far off: no suggestion" "$err" "did you mean"
expect_match "command far off: the hint to --help stays" "$err" "^\(see 'claimtrack --help'\)$"
typo "command prefix of two" "claimtrack: error: unknown command 'c'" c
typo "command empty" "claimtrack: error: unknown command ''" ""

# Subcommands of rules and db, with the list of choices kept.
typo "rules subcommand" \
	"claimtrack rules: error: unknown subcommand 'lnt' (lint, test, list, coverage or suggest); did you mean 'lint'?" rules lnt
expect_match "rules subcommand: usage line" "$err" "^usage: claimtrack rules lint\|test\|list"
expect_match "rules subcommand: hint to --help" "$err" "^\(see 'claimtrack rules --help'\)$"
typo "rules subcommand swap" \
	"claimtrack rules: error: unknown subcommand 'tset' (lint, test, list, coverage or suggest); did you mean 'test'?" rules tset
typo "db subcommand" \
	"claimtrack db: error: unknown subcommand 'stas' (stats, check, copy, reindex or maintain); did you mean 'stats'?" db stas
typo "db subcommand with global option" \
	"claimtrack db: error: unknown subcommand 'chek' (stats, check, copy, reindex or maintain); did you mean 'check'?" \
	--db "$tmp/x.db" db chek
typo "rules subcommand far off" "claimtrack rules: error: unknown subcommand 'zzzz' (lint, test, list, coverage or suggest)" rules zzzz
typo "db subcommand far off" "claimtrack db: error: unknown subcommand 'vacuum' (stats, check, copy, reindex or maintain)" db vacuum
typo "rules subcommand tie" "claimtrack rules: error: unknown subcommand 'lest' (lint, test, list, coverage or suggest)" rules lest

# Options: the command's own, the global ones, with =VALUE, of a subcommand.
typo "option swap" "claimtrack check: error: unknown option '--fromat'; did you mean '--format'?" \
	check --fromat json "There are no terrorists in Afghanistan."
expect_match "option swap: usage line" "$err" "^usage: claimtrack check "
expect_match "option swap: hint to --help" "$err" "^\(see 'claimtrack check --help'\)$"
typo "option with =value" "claimtrack check: error: unknown option '--fromat'; did you mean '--format'?" \
	check --fromat=json x
typo "option prefix" "claimtrack ingest: error: unknown option '--allow-priv'; did you mean '--allow-private'?" \
	ingest --allow-priv x
typo "global option after the command" \
	"claimtrack check: error: unknown option '--rulse'; did you mean '--rules'?" check --rulse r x
typo "global help option" "claimtrack claims: error: unknown option '--hepl'; did you mean '--help'?" claims --hepl
typo "subcommand option" \
	"claimtrack rules lint: error: unknown option '--fromat'; did you mean '--format'?" rules lint --fromat json
typo "db subcommand option" \
	"claimtrack db stats: error: unknown option '--formt'; did you mean '--format'?" db stats --formt json
typo "option far off" "claimtrack check: error: unknown option '--frobnicate'" check --frobnicate x
typo "option of another command" "claimtrack check: error: unknown option '--jobs'" check --jobs 2 x
typo "option short" "claimtrack check: error: unknown option '-x'" check -x y

# Options before the command name.
typo "global option before the command" \
	"claimtrack: error: unknown option '--verison'; did you mean '--version'?" --verison
typo "global option before the command, =value" \
	"claimtrack: error: unknown option '--rulse=r'; did you mean '--rules'?" --rulse=r check x
typo "global option before the command, far off" \
	"claimtrack: error: unknown option '--format'" --format json check x

echo "newuser_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
