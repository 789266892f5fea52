#!/usr/bin/env bash
# The memory regression check: `bench --soak` three times in a row, each in a fresh JVM, then the spread
# of the growth figures. Exits 1 if any run grew past the bound (or failed to run).
#
#   mvn -B -q -DskipTests package && .ci/soak.sh [passes]      (default 500 passes; about 4 minutes a run)
set -u
cd "$(dirname "$0")/.."
passes=${1:-500}
jar=app/target/dsv3viz.jar
if [ ! -f "$jar" ]; then
  echo "error: $jar is missing; build it first: mvn -B -q -DskipTests package" >&2
  exit 2
fi

field() { sed -n "s/.*\"$1\":\([-0-9.eE]*\).*/\1/p" <<<"$2"; }

failed=0
rss=()
offheap=()
for run in 1 2 3; do
  line=$(java -jar "$jar" bench --soak "$passes")
  code=$?
  echo "$line"
  if [ "$code" -ne 0 ]; then
    failed=1
  fi
  rss+=("$(field rss_growth "$line")")
  offheap+=("$(field offheap_growth "$line")")
done

awk -v r="${rss[*]}" -v o="${offheap[*]}" 'BEGIN {
  nr = split(r, rs, " "); no = split(o, os, " ")
  printf "resident growth after warm-up:"; for (i = 1; i <= nr; i++) printf " %+.1f%%", rs[i] * 100
  lo = hi = rs[1]; for (i = 2; i <= nr; i++) { if (rs[i] < lo) lo = rs[i]; if (rs[i] > hi) hi = rs[i] }
  printf " (spread %.1f points)\n", (hi - lo) * 100
  printf "off-heap growth after warm-up:"; for (i = 1; i <= no; i++) printf " %+.1f%%", os[i] * 100
  lo = hi = os[1]; for (i = 2; i <= no; i++) { if (os[i] < lo) lo = os[i]; if (os[i] > hi) hi = os[i] }
  printf " (spread %.1f points)\n", (hi - lo) * 100
}'
if [ "$failed" -ne 0 ]; then
  echo "FAIL: at least one run grew past the bound or did not finish" >&2
  exit 1
fi
echo "PASS: three runs in a row under the bound"
