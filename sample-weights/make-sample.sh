#!/usr/bin/env bash
# Rebuilds the bilingual sample model from public-domain texts that Debian packages: the King James Bible
# (bible-kjv) and 300 Tang poems + 100 Song poems (fortunes-zh). The texts are not committed; they are
# regenerated here into a scratch folder.
#
#   sample-weights/make-sample.sh [MINUTES]
#
# Training takes many hours on a 2-core machine: each call trains for MINUTES (default 150) and the next
# call resumes exactly where it stopped (weights, biases, Adam's moments and the data order are all in the
# run folder). The cosine schedule ends at step 30,000; once the log reaches it, the run's files are the
# sample model (copy config.json, model.safetensors, tokenizer.json and the logs into sample-weights/tiny-v3).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-150}
run=sample-weights/runs/tiny-v3-bilingual
poems=/usr/share/games/fortunes
if ! command -v bible >/dev/null 2>&1 || [ ! -f "$poems/tang300.u8" ]; then
  apt-get update -qq && apt-get install -y -qq bible-kjv fortunes-zh
fi
scratch=$(mktemp -d)
bible -f "Ge1:1-Re22:21" > "$scratch/kjv.txt"
corpus=(--corpus "$scratch/kjv.txt" --poems "$poems/tang300.u8" --poems "$poems/song100.u8:5" --poem-repeats 8)
mvn -q -DskipTests install
jar=app/target/dsv3viz.jar
if [ ! -f "$run/tokenizer.json" ]; then
  java -jar $jar train-tokenizer "${corpus[@]}" --vocab 4096 --out "$run"
fi
java -jar $jar train --config "$run/config.json" "${corpus[@]}" --out "$run" --batch 8 --length 256 \
  --lr 2e-3 --warmup 200 --decay-steps 30000 --lr-floor 0.1 --gamma 1e-3 --minutes "$minutes" \
  --log-every 10 --checkpoint-every 250
java -jar $jar evaluate --checkpoint "$run" --text sample-weights/tiny-v3/heldout-ruth-1.txt \
  --continuations sample-weights/eval/verses.tsv --continuations sample-weights/eval/poems.tsv
