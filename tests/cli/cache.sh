#!/bin/bash
# CLI tests of the compiled-rules cache: a second run uses the entry and
# prints the same; editing a rule file between two runs gives the new
# result; a damaged, truncated or foreign entry, an unwritable cache folder
# and CLAIMTRACK_CACHE=0 change nothing in the output; `rules lint` prints
# the same diagnostics with and without the cache; writing an entry deletes
# those unused for 30 days, and a load marks an entry used once a day.
# Usage: cache.sh CLAIMTRACK SOURCE_ROOT
set -u
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

cache=$tmp/cache   # CLAIMTRACK_CACHE, from lib.sh

# The entries in a cache folder (one for each set of rule files), and the
# one written or read last.
entry_of() { find "$1" -maxdepth 1 -name 'rules-*.bin' 2>/dev/null; }
latest_entry() {
	find "$1" -maxdepth 1 -name 'rules-*.bin' -printf '%T@ %p\n' | sort -rn | head -1 | cut -d" " -f2-
}
inode() { stat -c %i "$1"; }

mkdir -p "$tmp/rules"
cat >"$tmp/rules/t.rules" <<'EOF'
define THREAT (?:threat|danger)s?
proposition t.region
  title The region is safe
  rev 1
  supports no {THREAT} to the region
  refutes  grave {THREAT} to the region
  expect supports There is no threat to the region.
end
EOF
rules=(--rules "$tmp/rules")
sentence="There is no threat to the region, the minister said."

# ---- the same output, compiled and cached ----
CLAIMTRACK_CACHE=0 run check "${rules[@]}" "$sentence"
expect_status "check without a cache" 0
plain_out=$out
plain_err=$err
expect_match "check finds the claim" "$out" '^supports +t\.region'
expect_equal "CLAIMTRACK_CACHE=0 writes no entry" "$(entry_of "$cache")" ""

run check "${rules[@]}" "$sentence"
expect_status "check that fills the cache" 0
expect_equal "the first run prints the same" "$out" "$plain_out"
expect_equal "the first run prints the same diagnostics" "$err" "$plain_err"
entry=$(entry_of "$cache")
if [ -n "$entry" ] && [ -s "$entry" ]; then ok "the first run writes an entry"; else
	not_ok "no entry in $cache" "$(ls -la "$cache" 2>&1)"; fi
ino=$(inode "$entry")

run check "${rules[@]}" "$sentence"
expect_status "check from the cache" 0
expect_equal "a run from the cache prints the same" "$out" "$plain_out"
expect_equal "the entry is used, not written again" "$(inode "$entry")" "$ino"
run check "${rules[@]}" --format json "$sentence"
CLAIMTRACK_CACHE=0 run check "${rules[@]}" --format json "$sentence"
json_plain=$out
run check "${rules[@]}" --format json "$sentence"
expect_equal "JSON from the cache is the same (fingerprints included)" "$out" "$json_plain"

# ---- an edited rule file gives the new result ----
sed -i 's/^  supports no {THREAT} to the region/  refutes  no {THREAT} to the region/;
	s/^  refutes  grave/  supports grave/; s/^  expect supports/  expect refutes/' "$tmp/rules/t.rules"
run check "${rules[@]}" "$sentence"
expect_status "check after editing the rule file" 0
expect_match "the edited pattern decides" "$out" '^refutes +t\.region'
expect_no_match "the old pattern is gone" "$out" '^supports +t\.region'
expect_equal "the entry is replaced, not added to" "$(entry_of "$cache" | wc -l)" "1"
# The same edit, byte for byte, with the file's old modification time.
touch -d '2020-01-01 00:00:00' "$tmp/rules/t.rules"
run check "${rules[@]}" "$sentence"
expect_match "the key is the bytes, not the time" "$out" '^refutes +t\.region'

# A new rule file in the folder is loaded too.
cat >"$tmp/rules/u.rules" <<'EOF'
proposition t.minister
  title The minister speaks
  rev 1
  supports the minister said
end
EOF
run check "${rules[@]}" "$sentence"
expect_match "a rule file added to the folder is used" "$out" 't\.minister'
rm "$tmp/rules/u.rules"
run check "${rules[@]}" "$sentence"
expect_no_match "a rule file removed from the folder is gone" "$out" 't\.minister'
CLAIMTRACK_CACHE=0 run check "${rules[@]}" "$sentence"
edited_out=$out

# ---- damaged entries are compiled again ----
entry=$(latest_entry "$cache")
size=$(stat -c %s "$entry")
damage() {
	case $1 in
	flip) printf '\x55\xaa\x55\xaa' | dd of="$entry" bs=1 seek=$((size / 2)) conv=notrunc status=none ;;
	tail) printf 'XXXX' | dd of="$entry" bs=1 seek=$((size - 4)) conv=notrunc status=none ;;
	truncate) truncate -s $((size / 3)) "$entry" ;;
	empty) : >"$entry" ;;
	garbage) head -c "$size" /dev/urandom >"$entry" ;;
	longer) printf 'more' >>"$entry" ;;
	esac
}
for how in flip tail truncate empty garbage longer; do
	run check "${rules[@]}" "$sentence"   # a good entry first
	good=$(sha256sum <"$entry")
	damage "$how"
	if [ "$(sha256sum <"$entry")" != "$good" ]; then ok "the entry is damaged ($how)"; else
		not_ok "the entry is unchanged after $how"; fi
	run check "${rules[@]}" "$sentence"
	expect_status "check with a damaged entry ($how)" 0
	expect_equal "a damaged entry ($how) changes nothing" "$out" "$edited_out"
	expect_equal "a damaged entry ($how) is not reported" "$err" ""
	run check "${rules[@]}" "$sentence"
	expect_equal "after a damaged entry ($how) the next run is right" "$out" "$edited_out"
done
# An entry for other files under this entry's name.
cp "$entry" "$tmp/saved-entry"
printf 'proposition t.other\n  title Other\n  rev 1\n  supports no threat\nend\n' >"$tmp/other.rules"
run check --rules "$tmp/other.rules" "$sentence"
other=$(latest_entry "$cache")
expect_no_match "other rule files have their own entry" "$other" "$(basename "$entry")"
cp "$other" "$entry"
run check "${rules[@]}" "$sentence"
expect_equal "an entry with another key is not used" "$out" "$edited_out"

# ---- where the cache is ----
rm -rf "$tmp/xdg" "${tmp:?}/home"
mkdir -p "$tmp/home"
(unset CLAIMTRACK_CACHE; XDG_CACHE_HOME=$tmp/xdg HOME=$tmp/home \
	"$bin" check "${rules[@]}" "$sentence" >/dev/null 2>&1)
expect_equal "XDG_CACHE_HOME/claimtrack holds the cache" "$(entry_of "$tmp/xdg/claimtrack" | wc -l)" "1"
(unset CLAIMTRACK_CACHE XDG_CACHE_HOME; HOME=$tmp/home \
	"$bin" check "${rules[@]}" "$sentence" >/dev/null 2>&1)
expect_equal "else ~/.cache/claimtrack" "$(entry_of "$tmp/home/.cache/claimtrack" | wc -l)" "1"
: >"$tmp/not-a-folder"
CLAIMTRACK_CACHE=$tmp/not-a-folder/cache run check "${rules[@]}" "$sentence"
expect_status "check with a cache folder that cannot be made" 0
expect_equal "a cache folder that cannot be made changes nothing" "$out" "$edited_out"
expect_equal "a cache folder that cannot be made is not reported" "$err" ""

# ---- rules lint: the same diagnostics ----
cat >"$tmp/warn.rules" <<'EOF'
define UNUSED nothing
proposition t.warn
  title Warnings only
  rev 1
  supports no threat to the region
  refutes  threat to the region
  expect supports No threat to the region.
end
EOF
for f in "$tmp/warn.rules" "$root/rules"; do
	CLAIMTRACK_CACHE=0 run rules lint "$f"
	want_out=$out want_err=$err want_status=$status
	[ "$f" = "$tmp/warn.rules" ] &&
		expect_match "the lint file has both warnings" "$(tr '\n' ' ' <<<"$want_out$want_err")" \
			"never used.*both a supports and a refutes"
	for round in miss hit; do
		run rules lint "$f"
		expect_equal "rules lint $(basename "$f") ($round): same status" "$status" "$want_status"
		expect_equal "rules lint $(basename "$f") ($round): same output" "$out" "$want_out"
		expect_equal "rules lint $(basename "$f") ($round): same diagnostics" "$err" "$want_err"
	done
done

# ---- old entries and a killed writer's leftovers go ----
# Entries are per build and per set of rule file names, so they pile up:
# writing one deletes those unused for 30 days, and temporary files older
# than a day, but not a recent one nor files that are not the cache's.
pdir=$tmp/prune-cache
mkdir -p "$pdir"
old_entry=$pdir/rules-00000000000000000000000000000000.bin
recent_entry=$pdir/rules-11111111111111111111111111111111.bin
old_temp=$pdir/.rules-AbC123
recent_temp=$pdir/.rules-DeF456
other=$pdir/notes.txt
for f in "$old_entry" "$recent_entry" "$old_temp" "$recent_temp" "$other"; do echo x >"$f"; done
touch -d '40 days ago' "$old_entry" "$other"
touch -d '20 days ago' "$recent_entry"
touch -d '2 days ago' "$old_temp"
CLAIMTRACK_CACHE=0 run check "${rules[@]}" "$sentence"
uncached_out=$out
CLAIMTRACK_CACHE=$pdir run check "${rules[@]}" "$sentence"
expect_status "check with a cache folder to prune" 0
kept=$(find "$pdir" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
new_entry=$(find "$pdir" -maxdepth 1 -name 'rules-*.bin' -printf '%f\n' | grep -v -e '^rules-0*\.bin$' -e '^rules-1*\.bin$')
expect_equal "writing an entry deletes the old entry and the old temporary file" "$kept" \
	"$(printf '%s\n' .rules-DeF456 "$new_entry" notes.txt "$(basename "$recent_entry")" |
		sort | tr '\n' ' ')"
# A load from an entry marks it used, so a used entry is not deleted.
touch -d '40 days ago' "$pdir/$new_entry"
touch -d '39 days ago' "$tmp/39-days-ago"
CLAIMTRACK_CACHE=$pdir run check "${rules[@]}" "$sentence"
expect_equal "a load from the entry prints the same" "$out" "$uncached_out"
if [ "$pdir/$new_entry" -nt "$tmp/39-days-ago" ]; then ok "a load from an entry marks it used"; else
	not_ok "the entry's modification time was not renewed by a load" "$(stat -c %y "$pdir/$new_entry")"; fi
# At most once a day, though: a load is not a write.
touch -d '2 hours ago' "$pdir/$new_entry"
before=$(stat -c %Y "$pdir/$new_entry")
CLAIMTRACK_CACHE=$pdir run check "${rules[@]}" "$sentence"
expect_equal "a load from the entry used 2 hours ago prints the same" "$out" "$uncached_out"
expect_equal "a load within a day of the last leaves the entry's time" \
	"$(stat -c %Y "$pdir/$new_entry")" "$before"

echo "cache: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
