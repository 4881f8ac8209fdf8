// ChoiceQuiz: single or multiple choice, with feedback on each option chosen wrongly.

import { grade, hint, openStages, submissionEntries } from "./grading.js";
import { richText, el, nextId } from "./shared.js";
import { renderBank } from "./bank.js";

function choiceInputs(question, block, promptId, reportUrl) {
  const fieldset = el("fieldset", { class: "r2p-choices", "aria-labelledby": promptId });
  const group = nextId("group");
  const inputs = question.options.map((option) => {
    const id = nextId("option");
    const input = el("input", { type: question.multiple ? "checkbox" : "radio", id, name: group, value: option.id });
    const label = el("label", { for: id });
    label.append(richText(option.text, reportUrl));
    fieldset.append(el("div", { class: "r2p-choice" }, input, label));
    return input;
  });
  if (question.multiple) fieldset.append(el("p", { class: "r2p-hint", text: "Choose every answer that applies." }));
  block.append(fieldset);
  return {
    read: () => inputs.filter((i) => i.checked).map((i) => i.value),
    restore: (answer) => inputs.forEach((i) => { i.checked = answer.includes(i.value); }),
    clear: () => inputs.forEach((i) => { i.checked = false; }),
    lock: (on) => inputs.forEach((i) => { i.disabled = on; }),
    focus: () => inputs[0].focus(),
  };
}

function choiceDetails(question, graded, answer) {
  const text = Object.fromEntries(question.options.map((o) => [o.id, o]));
  const lines = [];
  for (const id of answer) {
    const option = text[id];
    if (graded.extra.includes(id) && option?.feedback) lines.push(`“${option.text}”: ${option.feedback}`);
  }
  if (question.multiple && graded.missing.length) {
    lines.push(`Also correct: ${graded.missing.map((id) => `“${text[id].text}”`).join("; ")}.`);
  }
  return lines;
}

// A first wrong check: each option chosen wrongly, with the bank's feedback on it where it has
// some, and whether a right option is missing (not which).
function choiceHints(question, hinted) {
  const text = Object.fromEntries(question.options.map((o) => [o.id, o.text]));
  const said = Object.fromEntries(hinted.feedback.map((f) => [f.option, f.text]));
  const lines = hinted.wrong.map((id) => (said[id] ? `“${text[id]}”: ${said[id]}` : `“${text[id]}” is not right.`));
  if (question.multiple && hinted.incomplete) lines.push("Not every right answer is chosen yet.");
  return lines;
}

function render({ model, el: root }) {
  return renderBank({ model, el: root, kind: "choice-quiz", inputs: choiceInputs, details: choiceDetails, hints: choiceHints });
}

export default { render };
export { grade, hint, openStages, submissionEntries };
