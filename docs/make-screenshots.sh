#!/usr/bin/env bash
# Regenerates the README's pictures with the app's own headless export (no display needed).
# Run from the repository root after `mvn -q -DskipTests install`.
set -euo pipefail
cd "$(dirname "$0")/.."
prompt="And God said, Let there be light: and there was light."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() { # name, step, extra options...
  local name=$1 step=$2
  shift 2
  java -jar app/target/dsv3viz.jar export --prompt "$prompt" --steps "$step" --out "$tmp/$name" "$@" >/dev/null
  mv "$tmp/$name/step-$(printf %03d "$step").png" "docs/img/$name.png"
}
shot window 16 --slide window --scale 1 --size 1600x900
shot window-dark 3 --slide window --scale 1 --size 1600x900 --theme dark
shot window-zh 16 --slide window --scale 1 --size 1600x900 --lang zh
shot mla-latent 3 --scale 2 --captions
shot rope 4 --scale 2 --captions
shot attention 5 --scale 2 --captions
shot router-bias 14 --scale 2 --captions
shot router-top-k 16 --scale 2 --captions
shot experts 17 --scale 2 --captions
shot mtp 42 --scale 2 --captions
shot head 41 --scale 2 --captions
