// PillarQuiz: tick every pillar that applies to a scenario (paras 12-13: an activity can
// belong to more than one pillar).

import { PILLAR_WORDS } from "./rules.js";
import { grade, hint } from "./grading.js";
import { el, nextId } from "./shared.js";
import { renderBank, answersFileName } from "./bank.js";

const PILLAR_LABELS = {
  1: "Pillar one: the State's own responsibility to protect its population",
  2: "Pillar two: international assistance to help States protect",
  3: "Pillar three: timely and decisive collective response",
};

function pillarInputs(question, block, promptId) {
  const fieldset = el("fieldset", { class: "r2p-choices", "aria-labelledby": promptId });
  const boxes = [1, 2, 3].map((pillar) => {
    const id = nextId(`pillar${pillar}`);
    const box = el("input", { type: "checkbox", id, value: String(pillar) });
    fieldset.append(el("div", { class: "r2p-choice" }, box, el("label", { for: id, text: PILLAR_LABELS[pillar] })));
    return box;
  });
  block.append(fieldset);
  return {
    read: () => boxes.filter((b) => b.checked).map((b) => Number(b.value)),
    restore: (answer) => boxes.forEach((b) => { b.checked = answer.includes(Number(b.value)); }),
    clear: () => boxes.forEach((b) => { b.checked = false; }),
    lock: (on) => boxes.forEach((b) => { b.disabled = on; }),
    focus: () => boxes[0].focus(),
  };
}

function pillarDetails(question, graded) {
  const lines = [];
  const names = (list) => list.map((p) => `pillar ${PILLAR_WORDS[p]}`).join(" and ");
  if (graded.missing.length) lines.push(`Also applies: ${names(graded.missing)}.`);
  if (graded.extra.length) lines.push(`Does not apply here: ${names(graded.extra)}.`);
  for (const p of [...graded.missing, ...graded.extra]) {
    if (question.feedback?.[String(p)]) lines.push(question.feedback[String(p)]);
  }
  return lines;
}

// A first wrong check: the pillars ticked that do not apply, the bank's feedback on each, and
// whether one that applies is missing (not which).
function pillarHints(question, hinted) {
  const lines = [];
  if (hinted.wrong.length) lines.push(`Does not apply here: ${hinted.wrong.map((p) => `pillar ${PILLAR_WORDS[p]}`).join(" and ")}.`);
  for (const f of hinted.feedback) lines.push(f.text);
  if (hinted.incomplete) lines.push("Not every pillar that applies is ticked yet.");
  return lines;
}

function render({ model, el: root }) {
  return renderBank({ model, el: root, kind: "pillar-quiz", inputs: pillarInputs, details: pillarDetails, hints: pillarHints });
}

export default { render };
export { grade, hint, answersFileName };
