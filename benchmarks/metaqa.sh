#!/usr/bin/env bash
# MetaQA dev split, 1/2/3-hop, no hints, default packaged reader: kgqa beside the KAPING-style and
# no-knowledge baselines. Prints one table per hop; results land in ${OUT:-out/metaqa}/<hop>/.
#   LIMIT=300 SEED=0 bash benchmarks/metaqa.sh
set -euo pipefail
cd "$(dirname "$0")/.."
METAQA=${METAQA:-../shared/bench/metaqa}
LIMIT=${LIMIT:-300}
SEED=${SEED:-0}
OUT=${OUT:-out/metaqa}
KGQA=${KGQA:-kgqa}
command -v "$KGQA" >/dev/null || KGQA=.venv/bin/kgqa
for hop in 1 2 3; do
  echo "== MetaQA ${hop}-hop (dev, ${LIMIT} questions, seed ${SEED})"
  "$KGQA" eval --kb "$METAQA/kb.txt.gz" --questions "$METAQA/${hop}-hop/qa_dev.txt" \
    --limit "$LIMIT" --seed "$SEED" --out "$OUT/${hop}-hop" "$@"
done
