"""Re-run lab notebooks in place with stable outputs (``make notebooks``).

nbval compares the committed outputs, so re-running unchanged notebooks should leave git
clean. Three things would change on every run: cell execution timestamps (dropped here),
the widgets' model ids, random per kernel (renamed here to ids derived from the notebook's
name and the model's position, the same on every run), and the widgets' ``learner_id`` (the
run's scratch progress file's: emptied here; JupyterLab and the website set the learner's).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def stable_ids(nb: nbformat.NotebookNode, name: str) -> str:
    """The notebook as JSON text with its widget model ids replaced by stable ones.

    Models are numbered in the order the outputs show them (each view's model, then the
    models it refers to).
    """
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {})
    state = widgets.get("state", {})
    for model in state.values():  # the run's learner id (a new one per scratch progress file)
        if model.get("state", {}).get("_r2p_widget"):
            model["state"]["learner_id"] = ""
    order: list[str] = []

    def visit(model_id: str) -> None:
        if model_id in state and model_id not in order:
            order.append(model_id)
            for ref in re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state[model_id])):
                visit(ref)

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                visit(view["model_id"])
    order += sorted(m for m in state if m not in order)
    text = nbformat.writes(nb)
    for index, model_id in enumerate(order):
        text = text.replace(model_id, hashlib.sha256(f"{name}:{index}".encode()).hexdigest()[:32])
    # written with sorted keys, so the saved state's order does not follow the kernel's timing
    return json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def run(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    # the kernelspec exactly as JupyterLab names it, so opening a notebook does not mark it modified
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    path.write_text(stable_ids(nb, path.name), encoding="utf-8")
    print(f"ran {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        run(Path(arg))
