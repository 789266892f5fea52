#!/usr/bin/env bash
# Rebuilds the sample model's files from the King James Bible (public domain, Debian's bible-kjv).
# The corpus itself is not committed; it is regenerated here into a scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v bible >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq bible-kjv
fi
scratch=$(mktemp -d)
bible -f "Ge1:1-Re22:21" > "$scratch/kjv.txt"
mvn -q -DskipTests install
java -jar app/target/dsv3viz.jar train-tokenizer --corpus "$scratch/kjv.txt" --vocab 2048 --out sample-weights/tiny-v3
# About 50 minutes on a 2-core machine; the run resumes if stopped and started again.
java -jar app/target/dsv3viz.jar train --corpus "$scratch/kjv.txt" --out sample-weights/tiny-v3 --minutes 48 --gamma 0.01
java -jar app/target/dsv3viz.jar evaluate --checkpoint sample-weights/tiny-v3 --text sample-weights/tiny-v3/heldout-ruth-1.txt
