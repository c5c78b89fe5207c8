#!/usr/bin/env bash
# MetaQA dev split, 1/2/3-hop, no hints, default packaged reader: kgqa beside the KAPING-style and
# no-knowledge baselines. Prints one table per hop; results land in ${OUT:-out/metaqa}/<hop>/.
#
# By default kgqa first learns relation cue words (kgqa:cueWord) from LEARN_LIMIT other dev questions
# of each hop; the evaluated questions are never among them. LEARN=0 measures kgqa zero-shot.
#   LIMIT=300 SEED=0 LEARN=1 bash benchmarks/metaqa.sh [extra kgqa eval options]
set -euo pipefail
cd "$(dirname "$0")/.."
METAQA=${METAQA:-../shared/bench/metaqa}
LIMIT=${LIMIT:-300}
SEED=${SEED:-0}
OUT=${OUT:-out/metaqa}
LEARN=${LEARN:-1}
LEARN_LIMIT=${LEARN_LIMIT:-1000}
KGQA=${KGQA:-kgqa}
command -v "$KGQA" >/dev/null || KGQA=.venv/bin/kgqa
learn=()
if [ "$LEARN" = 1 ]; then
  for h in 1 2 3; do learn+=(--learn "$METAQA/${h}-hop/qa_dev.txt"); done
  learn+=(--learn-limit "$LEARN_LIMIT")
fi
for hop in 1 2 3; do
  echo "== MetaQA ${hop}-hop (dev, ${LIMIT} questions, seed ${SEED}, learn ${LEARN})"
  "$KGQA" eval --kb "$METAQA/kb.txt.gz" --questions "$METAQA/${hop}-hop/qa_dev.txt" \
    --limit "$LIMIT" --seed "$SEED" --out "$OUT/${hop}-hop" "${learn[@]}" "$@"
done
