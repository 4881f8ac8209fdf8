"""Run the widgets' JavaScript in Node.js, without a browser or a site build.

The shared case files (``grading_cases.json``, ``results_cases.json``) are run against the
JavaScript here, so ``make test-fast`` checks both languages in seconds; the browser tests run
the same cases on the built site too. The code run is the self-contained module a widget or
page gets (``module_source``), written to a temporary ``.mjs`` file and imported by URL.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from r2p_course.assets import module_source


def run_module(name: str, function: str, *args: Any) -> Any:
    """``function(module, ...args)`` in Node, on the module of widget or page ``name``.

    ``function`` is JavaScript source for a (possibly async) function; its arguments and what
    it returns go through JSON.
    """
    node = shutil.which("node")
    assert node, "Node.js is needed for this test (make test installs it)"
    script = ("const m = await import(process.argv[1]);"
              "const { text } = await import('node:stream/consumers');"
              "const args = JSON.parse(await text(process.stdin));"
              f"const result = await ({function})(m, ...args);"
              "process.stdout.write(JSON.stringify(result));")
    with tempfile.TemporaryDirectory(prefix="r2p-js-") as folder:
        module = Path(folder) / f"{name}.mjs"
        module.write_text(module_source(name), encoding="utf-8")
        done = subprocess.run([node, "--input-type=module", "-e", script, module.as_uri()],
                              input=json.dumps(args), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{name}.js failed in Node.js:\n{done.stderr[-3000:]}"
    return json.loads(done.stdout)
