"""The answers file's rules, the same in Python and on the website.

``tests/answers_format_cases.json`` is run against ``r2p_course/answers_format.py`` (JupyterLab's
progress file, the class results command) and, through Node.js, against
``widgets/static/answers-format.js`` (the widgets' import, the site's import, the Class results
page): a file one side accepts, or an answer one side keeps, the other must too.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from r2p_course import answers_format
from r2p_course.assets import module_source
from r2p_course.paths import STATIC_DIR

CASES = json.loads((Path(__file__).parent / "answers_format_cases.json").read_text(encoding="utf-8"))["cases"]
SOURCE = STATIC_DIR / "answers-format.js"


def camel(name: str) -> str:
    """The JavaScript spelling of a Python name: check_entry -> checkEntry; constants as they are."""
    return name if name.isupper() else re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)


def python_outcome(case: dict[str, Any]) -> Any:
    """What the Python rule gives for a case, in the case file's terms."""
    try:
        value = getattr(answers_format, case["rule"])(*case["args"])
    except answers_format.ExportFormatError as exc:
        return {"error": str(exc)}
    if case["rule"] == "iso_micros":
        return None if value is None else str(value)
    return list(value) if isinstance(value, tuple) else value


# Runs every case through answers-format.js, as the assembler joins it with what it imports
# (rules.js), written to a temporary module and imported by URL.
NODE_RUNNER = """
const rules = await import(process.argv[1]);
const cases = JSON.parse(await new Promise((done) => {
  let text = ""; process.stdin.on("data", (c) => { text += c; }); process.stdin.on("end", () => done(text));
}));
const out = cases.map(({ rule, args }) => {
  try {
    const value = rules[rule](...args);
    if (typeof value === "bigint") return String(value);
    if (rule === "checkEntry") return [value.qid, value.entry];
    return value === undefined ? "undefined" : value;
  } catch (error) {
    return { error: error.message };
  }
});
console.log(JSON.stringify(out));
"""


def top_level_names(source: str) -> list[str]:
    """The constants and functions answers-format.js defines at its top level or imports."""
    imported = [n.strip() for names in re.findall(r"^import \{([^}]*)\}", source, re.MULTILINE)
                for n in names.split(",")]
    return imported + re.findall(r"^(?:export\s+)?(?:const|function)\s+(\w+)", source, re.MULTILINE)


@pytest.fixture(scope="module")
def javascript_outcomes(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (make test installs it)"
    source = module_source("answers-format")
    module = tmp_path_factory.mktemp("answers-format") / "answers-format.mjs"
    module.write_text(source, encoding="utf-8")
    calls = [{"rule": camel(case["rule"]), "args": case["args"]} for case in CASES]
    out = subprocess.run([node, "--input-type=module", "-e", NODE_RUNNER, module.as_uri()], input=json.dumps(calls),
                         capture_output=True, text=True, check=True, timeout=60)
    return json.loads(out.stdout)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_answers_format_cases_in_python(case: dict[str, Any]) -> None:
    assert python_outcome(case) == case["expect"]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_answers_format_cases_in_javascript(index: int, javascript_outcomes: list[Any]) -> None:
    assert javascript_outcomes[index] == CASES[index]["expect"]


def test_python_mirrors_the_javascript_name_for_name() -> None:
    """Each rule the JavaScript file defines has its Python twin under the same name, and back."""
    javascript = set(top_level_names(SOURCE.read_text(encoding="utf-8")))
    tree = ast.parse(Path(answers_format.__file__).read_text(encoding="utf-8"))
    python = {camel(name) for node in tree.body
              for name in ([node.name] if isinstance(node, ast.FunctionDef)
                           else [a.name for a in node.names] if isinstance(node, ast.ImportFrom) and node.level
                           else [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)])
              if not name.startswith("_")}
    assert javascript == python


def test_the_cases_cover_every_rule() -> None:
    """Each rule of the file has cases, and the time rule has its edge: the same time is not newer."""
    rules = {case["rule"] for case in CASES}
    assert rules == {"clean_alias", "iso_micros", "is_newer", "check_entry"}
    same = [c for c in CASES if c["rule"] == "is_newer" and len(set(c["args"])) == 1 and c["args"][0]]
    assert same and all(c["expect"] is False for c in same)
