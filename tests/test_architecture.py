"""The layout shows the flow, and anyone can check its direction: every module imports in isolation,
no module imports one that stands later in the flow, there is no import cycle, the facade is thin and
functions are short."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kgqa"

#: The flow, earliest first: a module may import only modules of its own stage or earlier ones.
FLOW = [
    "kgqa.errors",
    "kgqa.text",
    "kgqa.metrics",
    "kgqa.vocab",
    "kgqa.registry",
    "kgqa.progress",
    "kgqa.caches",
    "kgqa.settings",
    "kgqa.knowledge",  # acquisition
    "kgqa.representation",
    "kgqa.curation",
    "kgqa.fusion",
    "kgqa.training",
    "kgqa.kb",  # the facade
    "kgqa.evaluation",
    "kgqa.deployment",
]

#: Functions allowed past the length limit, with the reason (none today).
LONG_FUNCTIONS: dict[str, str] = {}
MAX_FUNCTION_LINES = 60
MAX_FACADE_LINES = 200


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _stage(module: str) -> int:
    for i, prefix in reversed(list(enumerate(FLOW))):
        if module == prefix or module.startswith(prefix + "."):
            return i
    raise AssertionError(f"{module} stands in no stage of FLOW: add it there")


def _imports(module: str, path: Path) -> set[str]:
    """Every kgqa module this one imports, anywhere in the file (functions and TYPE_CHECKING too)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kgqa"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "kgqa":
                continue
            for alias in node.names:  # `from .x import y` may import the module x.y
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
    return found


GRAPH = nx.DiGraph()
for _name, _path in MODULES.items():
    GRAPH.add_node(_name)
    for _target in _imports(_name, _path):
        GRAPH.add_edge(_name, _target)


def test_every_module_stands_in_a_stage() -> None:
    for name in MODULES:
        if name != "kgqa":
            _stage(name)


def test_no_module_imports_a_later_stage() -> None:
    backwards = [
        f"{a} (stage {FLOW[_stage(a)]}) imports {b} (stage {FLOW[_stage(b)]})"
        for a, b in GRAPH.edges
        if a != "kgqa" and _stage(b) > _stage(a)
    ]
    assert not backwards, "\n".join(backwards)


def test_nothing_imports_the_top_level_package() -> None:
    assert not [a for a, b in GRAPH.edges if b == "kgqa" and a != "kgqa"]


def test_no_import_cycles() -> None:
    inner = GRAPH.subgraph(n for n in GRAPH if n != "kgqa")
    cycles = list(nx.simple_cycles(inner))
    assert not cycles, cycles


def test_every_module_imports_in_isolation() -> None:
    """Each module imported first in a fresh interpreter (the import order of a real program)."""
    names = [n for n in MODULES if n != "kgqa"]
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {names!r}:\n"
        "    for m in [m for m in sys.modules if m == 'kgqa' or m.startswith('kgqa.')]:\n"
        "        del sys.modules[m]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as e:\n"
        "        failed.append(f'{name}: {type(e).__name__}: {e}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def test_leaf_modules_load_no_model_library() -> None:
    heavy = "{'torch', 'transformers', 'faiss', 'sentence_transformers'}"
    script = f"import sys, kgqa.text, kgqa.settings, kgqa.metrics; print(sorted({heavy} & set(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_the_facade_is_thin() -> None:
    lines = len((PACKAGE / "kb.py").read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FACADE_LINES, f"kgqa/kb.py has {lines} lines"


def test_functions_are_short() -> None:
    long = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                key = f"{name}.{node.name}"
                if length > MAX_FUNCTION_LINES and key not in LONG_FUNCTIONS:
                    long.append(f"{key}: {length} lines")
    assert not long, "\n".join(long)


@pytest.mark.parametrize("stage", [s for s in FLOW if (PACKAGE / s.split(".", 1)[1]).is_dir()])
def test_each_stage_says_what_it_owns_and_may_import(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / stage.split(".", 1)[1] / "__init__.py").read_text()))
    assert doc and "Owns" in doc and "May import" in doc, stage
