// Grading, hints and staged scenarios: the same rules as r2p_course/quiz.py, with
// tests/grading_cases.json run against both. No DOM: the Class results page and Node use it too.

import { ANSWER_RESULTS } from "./rules.js";

function grade(question, answer) {
  if (question.type === "order") return gradeOrder(question, answer);
  if (question.type === "tiers") return gradeTiers(question, answer);
  const options = question.type === "pillars" ? [1, 2, 3] : question.options.map((o) => o.id);
  const chosen = options.filter((o) => answer.includes(o));
  const expected = options.filter((o) => question.answer.includes(o));
  const missing = expected.filter((o) => !chosen.includes(o));
  const extra = chosen.filter((o) => !expected.includes(o));
  let result = "incorrect";
  if (chosen.length && !missing.length && !extra.length) result = "correct";
  else if (chosen.some((o) => expected.includes(o))) result = "partial";
  return { result, missing, extra, misplaced: [] };
}

function gradeOrder(question, answer) {
  const tier = Object.fromEntries(question.items.map((i) => [i.id, i.tier]));
  const ids = Object.keys(tier);
  const same = answer.length === ids.length && [...answer].sort().join("\n") === [...ids].sort().join("\n");
  if (!same) return { result: "incorrect", missing: [], extra: [], misplaced: ids };
  const tiers = Object.values(tier);
  const misplaced = answer.filter((id, position) => {
    const first = tiers.filter((t) => t < tier[id]).length;
    const last = first + tiers.filter((t) => t === tier[id]).length;
    return !(first <= position && position < last);
  });
  let result = "partial";
  if (!misplaced.length) result = "correct";
  else if (misplaced.length === answer.length) result = "incorrect";
  return { result, missing: [], extra: [], misplaced };
}

// tiers: one tier (1, 2 or 3) per item, in the question's item order; an entry that is not
// the item's tier (null for an unplaced tool, a text, a boolean) misplaces that tool, and an
// answer of the wrong length misplaces every tool.
function gradeTiers(question, answer) {
  const ids = question.items.map((i) => i.id);
  if (!Array.isArray(answer) || answer.length !== ids.length) {
    return { result: "incorrect", missing: [], extra: [], misplaced: ids };
  }
  const misplaced = question.items
    .filter((item, i) => !(typeof answer[i] === "number" && answer[i] === item.tier))
    .map((item) => item.id);
  let result = "partial";
  if (!misplaced.length) result = "correct";
  else if (misplaced.length === ids.length) result = "incorrect";
  return { result, missing: [], extra: [], misplaced };
}

// ------------------------------------------------------------------ hints
// What a first wrong (or partly right) Check shows, before the key (the same rule as
// r2p_course/quiz.py's hint; tests/grading_cases.json is run against both): the options chosen
// wrongly (`wrong`) with the bank's feedback on each (`feedback`, why it does not fit), whether
// a right choice is missing (`incomplete`, never which one), and the misplaced tools of a
// sorting question (`misplaced`, never their tier). Nothing in it names the key.
function hint(question, answer) {
  const graded = grade(question, answer);
  let texts = {};
  if (question.type === "pillars") texts = question.feedback || {};
  else if (question.type === "choice") texts = Object.fromEntries(question.options.map((o) => [o.id, o.feedback]));
  const feedback = graded.extra.filter((o) => texts[String(o)]).map((o) => ({ option: o, text: texts[String(o)] }));
  return { result: graded.result, wrong: graded.extra, feedback, incomplete: graded.missing.length > 0, misplaced: graded.misplaced };
}

// ------------------------------------------------------------------ stages
// A staged scenario (a bank with `staged: true`): stage 1 is always open, stage k+1 opens once
// every question of stage k has a checked answer (an entry with a result, right or not). The
// same rule as r2p_course/quiz.py's open_stages; tests/grading_cases.json is run against both.
// A bank without stages gives [].
function openStages(questions, answers) {
  const stages = [...new Set(questions.filter((q) => "stage" in q).map((q) => q.stage))].sort((a, b) => a - b);
  const opened = [];
  for (const stage of stages) {
    opened.push(stage);
    const done = questions.filter((q) => q.stage === stage)
      .every((q) => ANSWER_RESULTS.includes(answers?.[q.id]?.result));
    if (!done) break;
  }
  return opened;
}

// A Check's answer entry, given the entry it replaces (kept through Retry): how many Checks
// were made, the first one's result, and whether the key was shown, which a second Check that
// is still not right does (as the "Show the answer" button does).
function checkedEntry(question, answer, previous, time) {
  const result = grade(question, answer).result;
  const attempts = previous ? (previous.attempts || 1) + 1 : 1;
  const first = previous ? previous.first_result || previous.result : result;
  const revealed = Boolean(previous?.revealed) || (result !== "correct" && attempts >= 2);
  return { answer, result, time, attempts, first_result: first, revealed };
}

// ------------------------------------------------------------------ check mode
// A check bank (mode: check) grades the whole set the widget shows at once, when the learner
// submits it: one entry per question, all with the submit time. `given` maps question id -> the
// answer on screen (missing or [] for a question left unanswered, graded "incorrect");
// `previous` maps question id -> the entry of the last submission, if any. A later submission
// replaces answer, result and time, adds 1 to attempts and keeps the first submission's result
// and answer (first_result, first_answer), which learning gain reads. The same rule as
// r2p_course/quiz.py's submission_entries; tests/grading_cases.json is run against both.
function submissionEntries(questions, given, previous, time) {
  const out = {};
  for (const question of questions) {
    const answer = Array.isArray(given?.[question.id]) ? given[question.id] : [];
    const result = answer.length ? grade(question, answer).result : "incorrect";
    const before = previous?.[question.id];
    const entry = { answer, result, time, attempts: 1, first_result: result, first_answer: answer };
    if (before) {
      entry.attempts = (before.attempts || 1) + 1;
      entry.first_result = before.first_result || before.result;
      entry.first_answer = before.first_answer ?? before.answer;
    }
    out[question.id] = entry;
  }
  return out;
}

// The key and the explanation show for a right answer, or once revealed.
function showsKey(entry) {
  return entry.result === "correct" || entry.revealed === true;
}

export { grade, hint, openStages, checkedEntry, showsKey, submissionEntries };
