"""Run onnxruntime-genai's model builder on a local model folder (``python -m`` this module, from
``ortgenai.export``: in a process of its own, as the builder is long work that prints a lot).

    python -m kgqa.fusion.readers._ortgenai_build SOURCE TARGET PRECISION [KEY=VALUE ...]

The builder reads the model's configuration in transformers' 4.x form: transformers 5 keeps the rotary
embedding's parameters per attention type (``rope_parameters = {"full_attention": {...},
"sliding_attention": {...}}``, as in Gemma 3), so those are given to it in the older form.
"""

from __future__ import annotations

import runpy
import sys
from typing import Any


def _older_rope(config: Any) -> Any:
    rope = getattr(config, "rope_parameters", None)
    if isinstance(rope, dict) and "full_attention" in rope:
        config.rope_theta = rope["full_attention"].get("rope_theta", 10000.0)
        if "sliding_attention" in rope:
            config.rope_local_base_freq = rope["sliding_attention"].get("rope_theta", 10000.0)
        config.rope_parameters = dict(rope["full_attention"])
    return config


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit(__doc__)
    source, target, precision, *options = argv
    from transformers import AutoConfig

    load = AutoConfig.from_pretrained.__func__  # type: ignore[attr-defined]
    AutoConfig.from_pretrained = classmethod(lambda cls, *a, **k: _older_rope(load(cls, *a, **k)))  # type: ignore[method-assign,assignment]
    from onnxruntime_genai.models import builder

    cache = target + ".cache"
    sys.argv = ["builder", "-i", source, "-o", target, "-p", precision, "-e", "cpu", "-c", cache]
    if options:
        sys.argv += ["--extra_options", *options]
    runpy.run_path(builder.__file__, run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
