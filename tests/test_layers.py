"""The package's imports run one way: paths and errors -> data -> quiz -> progress and results
-> pages, widgets and the book -> the command line.

A module may use the layers below it and, without a cycle, its own; never one above. So the
report's data never needs the quiz banks, the progress file never loads pandas or the banks'
schema, and a newcomer reads the package from the bottom up. Imports inside functions count
too: a lazy import that goes upwards is still a tangle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "r2p_course"
LAYERS = [
    {"r2p_course", "r2p_course.errors", "r2p_course.paths", "r2p_course.answers_format", "r2p_course.rules",
     "r2p_course.report", "r2p_course.site_server"},
    {"r2p_course.data"},
    {"r2p_course.quiz"},
    {"r2p_course.progress", "r2p_course.progress_summary", "r2p_course.results"},
    {"r2p_course.pages", "r2p_course.widgets", "r2p_course.assets", "r2p_course.launch",
     "r2p_course.slides", "r2p_course.activities", "r2p_course.first_paint"},
    {"r2p_course.generate", "r2p_course.book"},
    {"r2p_course.cli"},
]
# Modules that must not load the quiz banks' machinery (pandas, yaml, jsonschema) at all.
LIGHT = {"r2p_course.answers_format", "r2p_course.progress"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(name: str) -> int:
    """The layer of a module (a subpackage's modules are in the subpackage's layer)."""
    for number, names in enumerate(LAYERS):
        if any(name == n or name.startswith(n + ".") for n in names if n != "r2p_course"):
            return number
    if name == "r2p_course":
        return 0
    raise AssertionError(f"{name} is in no layer: add it to LAYERS in {__file__}")


def course_imports(path: Path, root: Path = PACKAGE) -> set[str]:
    """The course's modules a file imports, at the top or inside a function."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "r2p_course"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "r2p_course":
                continue
            # `from . import COURSE_ID` names the package; `from .x import y` the module x;
            # `from . import quiz` names a module too
            subs = {f"{target}.{a.name}" for a in node.names
                    if (root.parent / f"{target}.{a.name}".replace(".", "/")).with_suffix(".py").exists()}
            found |= subs or {target}
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): course_imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: module_name(p))
def test_a_module_imports_only_from_its_layer_or_below(path: Path) -> None:
    name = module_name(path)
    above = sorted(t for t in course_imports(path) if layer(t) > layer(name))
    assert not above, f"{name} (layer {layer(name)}) imports {above} from a layer above"


def test_no_import_cycle() -> None:
    imports = graph()
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(name):] + [name]))
        if name in done:
            return
        for target in sorted(imports.get(name, ())):
            visit(target, [*trail, name])
        done.add(name)

    for name in imports:
        visit(name, [])


def test_data_and_quiz_do_not_import_each_other_and_progress_stays_light() -> None:
    imports = graph()
    assert "r2p_course.quiz" not in imports["r2p_course.data"]

    def reach(name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            for target in imports.get(todo.pop(), ()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    for name in LIGHT:
        assert not reach(name) & {"r2p_course.quiz", "r2p_course.data"}, name


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The parse finds lazy and relative imports, so a planted upward import cannot hide."""
    root = tmp_path / "r2p_course"
    root.mkdir()
    (root / "quiz.py").write_text("", encoding="utf-8")
    copy = root / "data.py"
    copy.write_text((PACKAGE / "data.py").read_text(encoding="utf-8")
                    + "\n\ndef f():\n    from . import quiz\n    from .quiz import load_banks\n", encoding="utf-8")
    found = course_imports(copy, root)
    assert "r2p_course.quiz" in found
    assert layer("r2p_course.quiz") > layer(module_name(copy, root))


@pytest.mark.parametrize("tool", ["bench.py", "make_pdf.py"])
def test_the_tools_and_the_tests_share_a_module_not_each_other(tool: str) -> None:
    """tools/bench.py and tools/make_pdf.py serve and browse the site with r2p_course.site_server,
    as the tests do; they import no test module (a test file's fixtures and hooks are no library).
    (tools/hub_sizing.py still reuses the hub rehearsal's test helpers: a known exception.)"""
    path = PACKAGE.parent / "tools" / tool
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "r2p_course.site_server" in imported
    assert not {m for m in imported if m.split(".")[0] == "conftest" or m.startswith("test_")}, imported
    assert '"tests"' not in path.read_text(encoding="utf-8")  # no sys.path into the tests
