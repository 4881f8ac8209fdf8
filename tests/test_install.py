"""The learner's install stays light: the test and bench tools live only in requirements-dev.txt.

A learner (make book, make lab, the README's plain pip command, a hub, Binder) installs
requirements.txt; `make test` and `make bench` add requirements-dev.txt. These tests fail when
a test tool creeps back into the learner's file, when make installs the wrong file, or when
the course's own code (the package, the labs, the chapters) starts importing a test tool,
which would then be missing from a learner's install.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tools the issue moved out of the learner's install (18.2); each must stay in the dev file.
TEST_TOOLS = {"pytest", "nbval", "playwright", "ruff", "jupyterhub", "nbgitpuller", "jupyterquiz"}
# Distribution name -> the module it is imported as, where they differ.
MODULE_OF = {"pyyaml": "yaml"}


def requirement_names(path: Path) -> tuple[set[str], list[str]]:
    """The distributions a requirements file names (lower case) and its `-r` includes."""
    names: set[str] = set()
    includes: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-e"):
            continue
        if line.startswith("-r"):
            includes.append(line[2:].strip())
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
        assert match, f"{path.name}: cannot read the requirement {line!r}"
        names.add(match.group(0).lower().replace("_", "-"))
    return names, includes


def test_the_learners_requirements_name_no_test_or_bench_tool() -> None:
    light, light_includes = requirement_names(ROOT / "requirements.txt")
    dev, dev_includes = requirement_names(ROOT / "requirements-dev.txt")
    assert not light_includes, "requirements.txt must not include another file"
    assert not light & TEST_TOOLS, f"requirements.txt names test tools: {sorted(light & TEST_TOOLS)}"
    assert not light & dev, f"named in both files: {sorted(light & dev)}"
    assert dev_includes == ["requirements.txt"], "requirements-dev.txt must build on requirements.txt"
    assert TEST_TOOLS <= dev, f"requirements-dev.txt lacks {sorted(TEST_TOOLS - dev)}"
    assert any(line.strip() == "-e ." for line in (ROOT / "requirements.txt").read_text().splitlines()), \
        "the learner's install must install the course package (-e .)"


def install_commands(target: str) -> list[str]:
    """The pip installs `make TARGET` would run on a fresh checkout (`make -n -B`: nothing runs)."""
    out = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if "pip install" in line and " -r " in line]


@pytest.mark.parametrize("target", ["book", "lab", "notebooks", "check"])
def test_the_learners_make_targets_install_only_the_light_file(target: str) -> None:
    installs = install_commands(target)
    assert any(line.endswith("-r requirements.txt") for line in installs), installs
    assert not any("requirements-dev.txt" in line for line in installs), installs


@pytest.mark.parametrize("target", ["test", "test-fast", "bench"])
def test_make_test_and_bench_install_the_dev_tools(target: str) -> None:
    installs = install_commands(target)
    assert any(line.endswith("-r requirements-dev.txt") for line in installs), installs


def imported_modules(source: str, where: str) -> set[str]:
    """Top-level modules a piece of Python imports (IPython magics and shell lines skipped)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as exc:
        raise AssertionError(f"{where}: cannot parse its code ({exc})") from exc
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def learner_code() -> dict[str, str]:
    """The Python a learner's install runs: the package, the labs' and the chapters' code cells."""
    code = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in (ROOT / "r2p_course").rglob("*.py")}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code[str(path.relative_to(ROOT))] = "\n".join(
            "".join(c["source"]) for c in cells if c["cell_type"] == "code")
    for path in sorted((ROOT / "book").rglob("*.myst")):
        notebook = jupytext.read(path, fmt="myst")
        code[str(path.relative_to(ROOT))] = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    return code


def test_the_course_imports_nothing_only_the_dev_file_installs() -> None:
    dev, _ = requirement_names(ROOT / "requirements-dev.txt")
    dev_modules = {MODULE_OF.get(name, name.replace("-", "_")) for name in dev}
    code = learner_code()
    assert any(name.startswith("notebooks/") for name in code) and any(name.endswith(".myst") for name in code)
    offenders = {where: sorted(imported_modules(source, where) & dev_modules) for where, source in code.items()}
    offenders = {where: mods for where, mods in offenders.items() if mods}
    assert not offenders, f"a learner's install lacks what these import: {offenders}"
