# shellcheck shell=bash disable=SC2154
# Shared by the bench scripts (sourced, with $root set to the checkout).

# Sets $bin to the claimtrack to time: $CLAIMTRACK, or one built with
# optimisation in build-bench/ (meson --buildtype=release).
bench_binary() {
	if [ -z "${CLAIMTRACK:-}" ]; then
		log=$(mktemp)
		if [ ! -f "$root/build-bench/build.ninja" ] &&
		   ! meson setup "$root/build-bench" "$root" --buildtype=release >"$log" 2>&1 ||
		   ! ninja -C "$root/build-bench" claimtrack >"$log" 2>&1; then
			cat "$log" >&2
			echo "bench: cannot build claimtrack in build-bench/" >&2
			rm -f "$log"
			exit 1
		fi
		rm -f "$log"
		CLAIMTRACK=$root/build-bench/claimtrack
	fi
	bin=$(cd "$(dirname "$CLAIMTRACK")" && pwd)/$(basename "$CLAIMTRACK")
}

# bench_claims_db DIR CLAIMS SEED: sets $db to a database of CLAIMS
# generated claims in DIR, made once: an empty one made and migrated by
# claimtrack itself (ingesting the sample article records the rules'
# propositions, speakers and outlets), then filled by the generator. A new
# generator or a new migration makes a new one; older ones go (each is
# half a gigabyte at a million claims).
bench_claims_db() {
	gen_sum=$(cat "$root/bench/gen_claims.py" "$root"/db/*.sql | cksum | cut -d' ' -f1)
	db=$1/claims-$2-$3-$gen_sum.db
	if [ ! -f "$db" ]; then
		rm -f "$1/claims-$2-$3-"*.db*
		"$bin" ingest --rules "$root/rules" --db "$db.new" \
			"$root/tests/fixtures/article-2022-02-18.txt" >/dev/null
		python3 "$root/bench/gen_claims.py" "$db.new" --claims "$2" --seed "$3"
		mv "$db.new" "$db"
	fi
}
