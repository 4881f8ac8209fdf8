"""The front end's files as real modules: the assembler (r2p_course/assets.py) and ESLint both
refuse a name that is used, imported or exported without being defined; each page carries only
the code it imports."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import r2p_course.paths
from r2p_course import assets
from r2p_course.assets import AssemblyError, bundle, module_source, parse, script_source, static_files
from r2p_course.paths import ROOT, STATIC_DIR

ESLINT = ROOT / "node_modules" / ".bin" / "eslint"


def _eslint(root: Path) -> subprocess.CompletedProcess:
    assert ESLINT.exists(), "ESLint is missing: `make test` installs it (npm ci, pinned in package-lock.json)"
    return subprocess.run([str(ESLINT), "--max-warnings=0", "r2p_course/widgets/static"], cwd=root,
                          capture_output=True, text=True)


def _copy(tmp_path: Path) -> Path:
    """A copy of the course's front end with ESLint's config, to plant a bug in."""
    shutil.copytree(STATIC_DIR, tmp_path / "r2p_course" / "widgets" / "static")
    shutil.copy(ROOT / "eslint.config.js", tmp_path)
    shutil.copy(ROOT / "package.json", tmp_path)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path / "r2p_course" / "widgets" / "static"


def test_eslint_finds_no_undefined_or_unused_name() -> None:
    result = _eslint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_name_used_but_never_imported_fails_eslint(tmp_path: Path) -> None:
    static = _copy(tmp_path)
    quiz = static / "pillar-quiz.js"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace('import { el, nextId } from "./shared.js";\n',
                                                            'import { nextId } from "./shared.js";\n'),
                    encoding="utf-8")
    result = _eslint(tmp_path)
    assert result.returncode == 1 and "'el' is not defined" in result.stdout, result.stdout + result.stderr


def test_a_name_defined_nowhere_fails_eslint_and_the_assembler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's own check: take the definition of el() out of shared.js (its export and the
    widgets' imports stay); neither tool lets it through."""
    static = _copy(tmp_path)
    shared = static / "shared.js"
    text = shared.read_text(encoding="utf-8")
    start = text.index("function el(")
    shared.write_text(text[:start] + text[text.index("\n}\n", start) + 3:], encoding="utf-8")
    result = _eslint(tmp_path)
    assert result.returncode == 1 and "'el' is not defined" in result.stdout, result.stdout + result.stderr
    monkeypatch.setattr(r2p_course.paths, "STATIC_DIR", static)
    with pytest.raises(AssemblyError, match="shared.js exports 'el', which it neither defines nor imports"):
        module_source("pillar-quiz")


def test_a_name_imported_but_not_exported_fails_the_assembler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A misspelt import (ESLint's core rules do not compare imports with exports)."""
    static = _copy(tmp_path)
    quiz = static / "pillar-quiz.js"
    text = quiz.read_text(encoding="utf-8")
    quiz.write_text(text.replace("import { renderBank, answersFileName }", "import { renderBnk, answersFileName }")
                    .replace("return renderBank(", "return renderBnk("), encoding="utf-8")
    monkeypatch.setattr(r2p_course.paths, "STATIC_DIR", static)
    with pytest.raises(AssemblyError, match="pillar-quiz.js imports renderBnk from bank.js, which does not export it"):
        module_source("pillar-quiz")


def test_the_assembler_refuses_what_it_cannot_honour() -> None:
    def sources(**files: str) -> dict:
        return {f"{name}.js": parse(f"{name}.js", text) for name, text in files.items()}

    with pytest.raises(AssemblyError, match="a.js exports 'missing', which it neither defines nor imports"):
        parse("a.js", "function here() {}\nexport { here, missing };\n")
    with pytest.raises(AssemblyError, match="a.js imports from b.js, which does not exist"):
        bundle("a.js", sources(a='import { x } from "./b.js";\n'))
    with pytest.raises(AssemblyError, match="import cycle: a.js -> b.js -> a.js"):
        bundle("a.js", sources(a='import { y } from "./b.js";\nexport const x = 1;\n',
                               b='import { x } from "./a.js";\nexport const y = 2;\n'))
    with pytest.raises(AssemblyError, match="'x' is defined by both b.js and a.js"):
        bundle("a.js", sources(a='import { y } from "./b.js";\nconst x = y;\nexport { x };\n',
                               b="const x = 1;\nexport const y = x;\n"))
    with pytest.raises(AssemblyError, match="a.js:1: write imports as one line"):
        parse("a.js", 'import { y as z } from "./b.js";\n')
    with pytest.raises(AssemblyError, match="a.js:2: an export the assembler does not read"):
        parse("a.js", "const x = 1;\nexport * from './b.js';\n")


def test_each_file_is_joined_once_and_before_the_files_using_it() -> None:
    """The order of a bundle: a file comes after every file it imports from."""
    sources = assets.read_sources(STATIC_DIR)
    for entry in (*assets.WIDGET_NAMES, *assets.PAGE_SCRIPTS, "loader"):
        generated = {"assets-version.js": 'export const ASSETS_VERSION = "x";\n'} if entry == "loader" else {}
        order = [s.name for s in bundle(f"{entry}.js", {**sources, **assets.read_sources(STATIC_DIR, generated)})]
        assert order[-1] == f"{entry}.js" and len(order) == len(set(order)), entry
        for position, name in enumerate(order):
            for target, _ in sources.get(name, assets.parse(name, "")).imports:
                assert order.index(target) < position, f"{entry}: {target} after {name}, which imports it"


def test_each_page_carries_only_the_code_it_uses() -> None:
    """The Class results and My progress pages draw no quiz: no bank frame, no My answers tools;
    a widget carries no other widget's code, and only the rules it imports."""
    site = static_files()
    for page in ("class-results.js", "my-progress.js"):
        assert "function renderBank(" not in site[page] and "function answersTools(" not in site[page], page
        assert "function el(" in site[page], page
    assert "function checkEntry(" not in site["my-progress.js"]
    assert "function grade(" in site["class-results.js"] and "function grade(" not in site["my-progress.js"]
    assert "function pillarInputs(" not in site["choice-quiz.js"]
    assert "const REJECTED =" in site["class-results.js"] and "const REJECTED =" not in site["pillar-quiz.js"]
    assert "const TIER_NAMES =" in site["coercion-sorter.js"] and "const TIER_NAMES =" not in site["pillar-quiz.js"]


def test_the_loader_gets_the_widgets_version_and_no_placeholder() -> None:
    site = static_files()
    loader = site["loader.js"]
    version = assets.assets_version()
    assert f'const ASSETS_VERSION = "{version}";' in loader
    assert "@include" not in loader and '"dev"' not in loader
    assert not re.search(r"^\s*(?:import|export)\b", loader, re.MULTILINE)
    assert "window.r2pWidgets" not in loader.splitlines()[-2]  # the loader registers nothing
    source = (STATIC_DIR / "loader.js").read_text(encoding="utf-8")
    assert "@include" not in source and '"dev"' not in source


def test_the_site_scripts_are_strict_like_the_modules() -> None:
    """A classic script is sloppy by default; the site's copies keep the modules' strict mode."""
    for name in (*assets.WIDGET_NAMES, *assets.PAGE_SCRIPTS):
        assert script_source(name).startswith('(function () {\n"use strict";\n'), name
