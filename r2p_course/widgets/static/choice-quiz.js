// ChoiceQuiz: single or multiple choice, with feedback on each option chosen wrongly. Each
// learner sees the options in an order of their own (order.js); the answer is the chosen
// options' ids in the bank's written order, whatever order they were shown in.

import { grade, hint, openStages, submissionEntries } from "./grading.js";
import { richText, el, nextId } from "./shared.js";
import { renderBank } from "./bank.js";
import { learnerOrder, shownOrder } from "./order.js";

function choiceInputs(question, block, promptId, reportUrl, learnerId, bankFixed) {
  const fieldset = el("fieldset", { class: "r2p-choices", "aria-labelledby": promptId });
  const group = nextId("group");
  const byId = Object.fromEntries(question.options.map((o) => [o.id, o]));
  const shown = shownOrder(learnerId, question, question.options.map((o) => o.id), bankFixed).map((id) => byId[id]);
  // in the shown order: the page, Tab and the arrow keys go through the options as they read
  const inputs = shown.map((option) => {
    const id = nextId("option");
    const input = el("input", { type: question.multiple ? "checkbox" : "radio", id, name: group, value: option.id });
    const label = el("label", { for: id });
    label.append(richText(option.text, reportUrl));
    fieldset.append(el("div", { class: "r2p-choice" }, input, label));
    return input;
  });
  if (question.multiple) fieldset.append(el("p", { class: "r2p-hint", text: "Choose every answer that applies." }));
  block.append(fieldset);
  const written = question.options.map((o) => o.id);
  return {
    read: () => {
      const chosen = inputs.filter((i) => i.checked).map((i) => i.value);
      return written.filter((id) => chosen.includes(id));
    },
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

// The learner id (the progress file's in JupyterLab, the browser's on the website) orders the
// options, unless the bank keeps its order (fixed_order); both are read when the widget is drawn.
function render({ model, el: root }) {
  const learnerId = model.get("learner_id");
  const bankFixed = model.get("fixed_order") === true;
  const inputs = (question, block, promptId, reportUrl) => choiceInputs(question, block, promptId, reportUrl, learnerId, bankFixed);
  return renderBank({ model, el: root, kind: "choice-quiz", inputs, details: choiceDetails, hints: choiceHints });
}

export default { render };
export { grade, hint, openStages, submissionEntries, learnerOrder, shownOrder };
