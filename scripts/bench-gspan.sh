#!/usr/bin/env bash
# bench-gspan.sh: nasred's gSpan side by side with gBolt (the fast C++ gSpan,
# github.com/Jokeren/gBolt, built from ../shared/tools/gbolt) on the chemical
# benchmark sets: Compound_422 at supports 0.1, 0.08, 0.06 and Chemical_340 at
# 0.1, 0.05, undirected. For each setting it runs, one after the other,
#
#   nasred gspan --in F --support S --out O      (all cores: GOMAXPROCS = CPUs)
#   gbolt-omp -i F -s S -d -o O                  (OMP_NUM_THREADS = CPUs)
#   GOMAXPROCS=1 nasred gspan ...                (one core)
#   gbolt-serial -i F -s S -d -o O               (gBolt's serial build)
#
# checks that both found the same number of patterns with the same total
# support, and prints wall time, CPU time (user+system) and peak RSS of each
# (GNU time; runs under 5 s are repeated five times and the median run is
# shown), and the ratios nasred/gBolt. gBolt runs with -d, so both write
# every pattern with its graph ids (the same content); gBolt does not count
# single-vertex patterns without -n, and nasred reports patterns with at least
# one edge, so the counts agree exactly.
#
#   make bench-gspan                          # or: scripts/bench-gspan.sh
#   REPEAT=3 scripts/bench-gspan.sh           # each setting three times
#   CASES="Compound_422:0.06" scripts/bench-gspan.sh
#
# Environment: NASRED_DATA (data directory, default ../shared/data), GBOLT
# (folder holding gbolt-serial and gbolt-omp; default out/gbolt, built there
# with ../shared/tools/gbolt/build.sh when missing), THREADS (default: nproc),
# REPEAT (default 1), CASES (space-separated set:support pairs).
# Needs Go, GNU time (Debian package time) and, to build gBolt, cmake, g++ and
# libcxxopts-dev. Exits non-zero when a count differs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

data=${NASRED_DATA:-$root/../shared/data}
gbolt=${GBOLT:-$root/out/gbolt}
threads=${THREADS:-$(nproc)}
repeat=${REPEAT:-1}
cases=${CASES:-"Compound_422:0.1 Compound_422:0.08 Compound_422:0.06 Chemical_340:0.1 Chemical_340:0.05"}
work=$root/out/bench-gspan
mkdir -p "$work"

[ -x /usr/bin/time ] || { echo "bench-gspan: GNU time not found at /usr/bin/time (apt-get install time)" >&2; exit 1; }
for f in ${cases}; do
	[ -f "$data/gspan/${f%%:*}" ] || { echo "bench-gspan: $data/gspan/${f%%:*} not found (set NASRED_DATA)" >&2; exit 1; }
done
if [ ! -x "$gbolt/gbolt-serial" ] || [ ! -x "$gbolt/gbolt-omp" ]; then
	src=$root/../shared/tools/gbolt
	[ -x "$src/build.sh" ] || { echo "bench-gspan: no gBolt in $gbolt and no build script at $src/build.sh" >&2; exit 1; }
	echo "bench-gspan: building gBolt into $gbolt" >&2
	"$src/build.sh" "$gbolt" >&2
fi
go build -o "$work/nasred" ./cmd/nasred

# measure NAME CMD...: runs CMD under GNU time; sets wall, cpu, rss (MB).
# A run shorter than 5 s is repeated five times in all, and the run with the
# median wall time is reported (short runs are the noisiest).
measure() {
	local name=$1
	shift
	: >"$work/times"
	local i
	for i in 1 2 3 4 5; do
		/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name.log" 2>&1 ||
			{ echo "bench-gspan: $name failed:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
		cat "$work/time" >>"$work/times"
		if [ "$i" = 1 ] && awk '{ exit !($1 >= 5) }' "$work/time"; then
			break
		fi
	done
	read -r wall user sys kb < <(sort -n "$work/times" | awk '{ l[NR] = $0 } END { print l[int((NR + 1) / 2)] }')
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	rss=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
}

# count FILES...: "patterns total-support" of pattern files ("t # k * support" lines).
count() {
	cat "$@" | awk '$1 == "t" && $2 == "#" { n++; s += $5 } END { printf "%d %d", n, s }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "# $(date -u +%FT%TZ) $(uname -n), $(nproc) CPUs, threads $threads; load: $(uptime | sed 's/.*load average: //')"
echo "| set | support | patterns | nasred, ${threads} cores: wall / CPU / peak RSS | gBolt OpenMP, ${threads} threads | nasred / gBolt: wall (RSS) | nasred, GOMAXPROCS=1 | gBolt serial | nasred / gBolt: wall (RSS) |"
echo "|---|---|---|---|---|---|---|---|---|"
bad=0
for rep in $(seq "$repeat"); do
	for c in $cases; do
		set_=${c%%:*}
		sup=${c##*:}
		in=$data/gspan/$set_
		out=$work/$set_.$sup
		rm -f "$out".*
		measure nasred env GOMAXPROCS="$threads" "$work/nasred" gspan --in "$in" --support "$sup" --out "$out.nasred" --progress 0
		nw=$wall nc=$cpu nr=$rss
		measure gbolt-omp env OMP_NUM_THREADS="$threads" "$gbolt/gbolt-omp" -i "$in" -s "$sup" -d -o "$out.omp"
		ow=$wall oc=$cpu or=$rss
		measure nasred1 env GOMAXPROCS=1 "$work/nasred" gspan --in "$in" --support "$sup" --out "$out.nasred1" --progress 0
		n1w=$wall n1c=$cpu n1r=$rss
		measure gbolt-serial "$gbolt/gbolt-serial" -i "$in" -s "$sup" -d -o "$out.serial"
		sw=$wall sc=$cpu sr=$rss
		cn=$(count "$out.nasred") cn1=$(count "$out.nasred1")
		co=$(count "$out".omp.t*) cs=$(count "$out".serial.t*)
		if [ "$cn" != "$co" ] || [ "$cn" != "$cs" ] || [ "$cn" != "$cn1" ]; then
			echo "bench-gspan: $set_ $sup: counts differ (patterns, total support): nasred $cn, nasred 1 core $cn1, gBolt OpenMP $co, gBolt serial $cs" >&2
			bad=1
		fi
		printf '| %s | %s | %s | %s s / %s s / %s MB | %s s / %s s / %s MB | %s (%s) | %s s / %s s / %s MB | %s s / %s s / %s MB | %s (%s) |\n' \
			"$set_" "$sup" "$(printf '%d' "${cn%% *}" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')" \
			"$nw" "$nc" "$nr" "$ow" "$oc" "$or" "$(ratio "$nw" "$ow")" "$(ratio "$nr" "$or")" \
			"$n1w" "$n1c" "$n1r" "$sw" "$sc" "$sr" "$(ratio "$n1w" "$sw")" "$(ratio "$n1r" "$sr")"
		rm -f "$out".*
	done
done
echo "# load at the end: $(uptime | sed 's/.*load average: //')"
exit $bad
