// "Class results" on the website: a trainer with only a browser chooses the answers files the
// learners handed in and sees what the class got wrong. Everything happens in this page; no
// file is sent anywhere.
//
// The same rules as r2p_course/results.py (the `r2p-course results` command): every answer
// is graded again with grade() from shared.js, bad files are reported by name and skipped,
// and the tables are the command's tables. tests/results_cases.json is run against both.
// The course's questions come from window.r2pCourse (course-data.js, written at build time);
// the limits, kinds and columns both sides share from rules.js (r2p_course/rules.py).

import { ANSWER_COLUMNS, FORMULA_START, LEARNER_ID_PATTERN, MAX_DEPTH, REJECTED, VERSION_MAX } from "./rules.js";
import { UNPRINTABLE, checkEntry, cleanAlias, isNewer } from "./answers-format.js";
import { grade } from "./grading.js";
import { el, nextId, saveFile } from "./shared.js";

const LEARNER_ID = new RegExp(`^(?:${LEARNER_ID_PATTERN})$`);

class Rejected extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

// ------------------------------------------------------------------ reading one file

// True when text that failed to parse stops inside a string or an open object or list:
// a download that did not finish, not a file of another kind.
function cutShort(text) {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const ch of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") depth += 1;
    else if (ch === "}" || ch === "]") depth -= 1;
  }
  return inString || depth > 0;
}

function parseAnswersFile(bytes, size, maxBytes) {
  if (size > maxBytes) {
    throw new Rejected("too-large", `the file is ${size.toLocaleString("en")} bytes; answers files are far smaller `
      + `(limit ${maxBytes.toLocaleString("en")})`);
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Rejected("not-json", "not a text file (not UTF-8), so not an answers file");
  }
  if (!text.trim()) throw new Rejected("not-json", "the file is empty");
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    if ("{[".includes(text.trimStart()[0]) && cutShort(text)) {
      throw new Rejected("truncated-json", "the JSON stops before its end: the file was cut short; ask for it again");
    }
    throw new Rejected("not-json", `not JSON (${err.message})`);
  }
  const reason = oddValue(data, 1);
  if (reason) throw new Rejected("not-json", `not JSON an answers file can hold (${reason})`);
  return data;
}

// What no answers file holds, which JavaScript and Python would read differently (as
// results.py's odd_value): deep nesting, a number too large to be finite, a broken character.
// True when a text holds half of a UTF-16 pair without its other half (String.isWellFormed,
// which older browsers lack).
function loneSurrogate(text) {
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i += 1;
    }
  }
  return false;
}
function oddValue(data, depth) {
  if (depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep`;
  if (typeof data === "number") return Number.isFinite(data) ? null : "a number too large";
  if (typeof data === "string") return loneSurrogate(data) ? "a broken character" : null;
  if (data && typeof data === "object") {
    const values = Array.isArray(data) ? data : [...Object.keys(data), ...Object.values(data)];
    for (const value of values) {
      const reason = oddValue(value, depth + 1);
      if (reason) return reason;
    }
  }
  return null;
}

function checkDocument(data, course) {
  if (!data || typeof data !== "object" || Array.isArray(data) || !("answers" in data) || !("course" in data)) {
    throw new Rejected("not-answers-file",
      "JSON, but not an answers file (expected an object with 'course', 'learner_id' and 'answers')");
  }
  if (data.course !== course.id) {
    throw new Rejected("other-course", `answers for another course (${shortJson(data.course)}, expected "${course.id}")`);
  }
  if (!Array.isArray(data.answers)) throw new Rejected("not-answers-file", "its 'answers' is not a list");
  const id = data.learner_id;
  if (typeof id !== "string" || !LEARNER_ID.test(id)) {
    throw new Rejected("not-answers-file", "it has no 'learner_id' of the course's form (the random id every "
      + "answers file carries: letters, digits and . _ : -)");
  }
  const version = data.version === undefined || data.version === null ? null
    : String(data.version).replace(UNPRINTABLE, " ").slice(0, VERSION_MAX);
  return { learner: id, alias: cleanAlias(data.alias), version };
}

function shortJson(value) {
  const shown = JSON.stringify(value);
  return shown.length <= 40 ? shown : `${shown.slice(0, 37)}...`;
}

// Why an answer could not have come from the question's widget, or null if it could.
function impossibleAnswer(question, answer) {
  const client = question.client;
  if (question.type === "pillars" || question.type === "choice") {
    if (question.type === "pillars") {
      const wrong = answer.filter((a) => !(Number.isInteger(a) && [1, 2, 3].includes(a)));
      if (wrong.length) return `pillar ${shortJson(wrong[0])} does not exist (pillars are 1, 2 and 3)`;
    } else {
      const allowed = client.options.map((o) => o.id);
      const wrong = answer.filter((a) => typeof a !== "string" || !allowed.includes(a));
      if (wrong.length) return `option ${shortJson(wrong[0])} is not one of the question's options`;
      if (!client.multiple && answer.length > 1) return `${answer.length} options chosen in a single-choice question`;
    }
    if (!answer.length) return "an empty answer";
    if (new Set(answer).size !== answer.length) return "the same choice twice";
    return null;
  }
  const ids = client.items.map((i) => i.id);
  if (question.type === "order") {
    const same = answer.every((a) => typeof a === "string")
      && JSON.stringify([...answer].sort()) === JSON.stringify([...ids].sort());
    return same ? null : `an order answer must list the question's ${ids.length} tools once each`;
  }
  if (answer.length !== ids.length) {
    return `a tiers answer needs ${ids.length} entries (one per tool), found ${answer.length}`;
  }
  const wrong = answer.filter((a) => a !== null && !(Number.isInteger(a) && [1, 2, 3].includes(a)));
  return wrong.length ? `tier ${shortJson(wrong[0])} does not exist (tiers are 1, 2 and 3)` : null;
}

// One file: its learner and countable answers (graded again), and its problems.
function readSubmission(file, course, questions) {
  let data, doc;
  try {
    if (file.error) throw new Rejected("unreadable", `the file could not be read (${file.error})`);
    data = parseAnswersFile(file.bytes, file.size, course.max_bytes);
    doc = checkDocument(data, course);
  } catch (err) {
    if (err instanceof Rejected) return { learner: null, problems: [{ file: file.name, kind: err.kind, message: err.message }] };
    throw err;
  }
  const problems = [];
  const problem = (kind, message) => problems.push({ file: file.name, kind, message });
  const entries = Object.create(null); // keys come from the file: no inherited "constructor"
  const unknown = new Set();
  data.answers.forEach((item, index) => {
    let found;
    try {
      found = checkEntry(item, index + 1);
    } catch (err) {
      problem("bad-entry", `${err.message}; that answer was left out`);
      return;
    }
    const { qid, entry } = found;
    const question = questions.get(qid);
    if (!question) {
      unknown.add(qid);
      return;
    }
    const reason = impossibleAnswer(question, entry.answer);
    if (reason) {
      problem("impossible-answer", `question ${qid}: ${reason}; that answer was left out`);
      return;
    }
    const regraded = grade(question.client, entry.answer).result;
    if (regraded !== entry.result) {
      problem("result-disagrees", `question ${qid}: the file says ${entry.result}, the course's grading says `
        + `${regraded}; counted as ${regraded}`);
    }
    if (entries[qid] && isNewer(entries[qid].time, entry.time)) return;
    entries[qid] = { ...entry, result: regraded };
  });
  const unknownIds = [...unknown].sort();
  const counted = Object.keys(entries).length;
  if (doc.version !== course.version) {
    problem("other-version", `made with course version ${doc.version || "unknown"} (this is ${course.version}): `
      + `${counted} answer(s) to known questions counted`
      + (unknownIds.length ? `, ${unknownIds.length} to questions this version does not have left out: ${unknownIds.join(", ")}` : ""));
  } else if (unknownIds.length) {
    problem("unknown-question", `${unknownIds.length} answer(s) to questions the course does not have left out: `
      + unknownIds.join(", "));
  }
  return { learner: { learner: doc.learner, alias: doc.alias, files: [file.name], answers: entries }, problems };
}

// Texts in Python's order: by code point (JavaScript's < compares UTF-16 units).
function compareText(a, b) {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

// File paths in the command's order (a folder's files sorted as paths: part by part).
function comparePath(a, b) {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const order = compareText(x[i], y[i]);
    if (order) return order;
  }
  return x.length - y.length;
}

// One record per learner id; the latest answer to each question wins, and the trainer is told.
function mergeLearners(submissions) {
  const merged = new Map();
  const problems = [];
  for (const sub of submissions) {
    const mine = merged.get(sub.learner);
    if (!mine) {
      merged.set(sub.learner, { ...sub, files: [...sub.files], answers: Object.assign(Object.create(null), sub.answers) });
      continue;
    }
    mine.files.push(...sub.files);
    mine.alias = sub.alias || mine.alias;
    for (const [qid, entry] of Object.entries(sub.answers)) {
      if (!mine.answers[qid] || isNewer(entry.time, mine.answers[qid].time)) mine.answers[qid] = entry;
    }
  }
  for (const l of merged.values()) {
    if (l.files.length > 1) {
      const who = l.alias ? `${l.alias} (${l.learner})` : l.learner;
      problems.push({ file: l.files.join(", "), kind: "duplicate-learner",
        message: `the same learner, ${who}, handed in ${l.files.length} files; the latest answer to each question was kept` });
    }
  }
  // named learners in alphabetical order, then the others by id
  const order = [...merged.values()].sort((a, b) => (a.alias === null) - (b.alias === null)
    || compareText((a.alias || "").toLowerCase(), (b.alias || "").toLowerCase()) || compareText(a.learner, b.learner));
  return { learners: order, problems };
}

// ------------------------------------------------------------------ the tables

// A percentage with one decimal, halves rounded up, in integer arithmetic (as results.py).
function percent(part, whole) {
  return whole ? Math.floor((2000 * part + whole) / (2 * whole)) / 10 : null;
}

function listText(values) {
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

function count(values) {
  const out = new Map();
  for (const v of values) out.set(v, (out.get(v) || 0) + 1);
  return out;
}

function misplacements(question, answer) {
  const items = question.client.items;
  const tier = Object.fromEntries(items.map((i) => [i.id, i.tier]));
  const ids = items.map((i) => i.id);
  return grade(question.client, answer).misplaced.map((tool) => {
    if (question.type === "order") {
      const first = Object.values(tier).filter((t) => t < tier[tool]).length;
      return [tool, answer.indexOf(tool) < first ? "too early" : "too late"];
    }
    const given = answer[ids.indexOf(tool)];
    return [tool, given === null ? "not placed" : given < tier[tool] ? "too low" : "too high"];
  });
}

// How the learner's first attempt went; an entry without first_result (an older course
// version) counts its one result as the first (as results.py's first_result).
function firstResult(entry) {
  return entry.first_result ?? entry.result;
}

// Rows with answers, hardest first: the lowest share correct in the end, then on the first
// try, then the most answers, then course order (as results.py's hardest).
function hardest(rows, answered, limit = 10) {
  return rows.map((row, i) => [i, row]).filter(([, row]) => row[answered])
    .sort(([i, a], [j, b]) => a.percent_correct - b.percent_correct
      || a.percent_correct_first_try - b.percent_correct_first_try || b[answered] - a[answered] || i - j)
    .slice(0, limit).map(([, row]) => row);
}

// A choice answer as its option ids in the question's option order, joined by ";" (as
// results.py's choice_text).
function choiceText(question, answer) {
  return question.client.options.filter((o) => answer.includes(o.id)).map((o) => o.id).join(";");
}

// Per staged question someone answered, in stage order: the class's most frequent choice, a
// tie going to the choice whose text sorts first (as results.py's stage_table).
function stageRows(learners, assigned, titles) {
  const rows = [];
  for (const q of assigned) {
    if (!titles[q.bank] || !("stage" in q.client)) continue;
    const given = learners.filter((l) => l.answers[q.id]).map((l) => choiceText(q, l.answers[q.id].answer));
    if (!given.length) continue;
    const counts = [...count(given)].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    const [choice, n] = counts[0];
    const stage = q.client.stage;
    rows.push({ bank: q.bank, stage, title: titles[q.bank][stage - 1], question: q.id, choice, learners: n,
      answered: given.length, is_key: choice === choiceText(q, q.client.answer) });
  }
  return rows;
}

function buildTables(learners, all, banks, objectives, titles = {}) {
  const assigned = all.filter((q) => banks.includes(q.bank));
  const answers = [];
  for (const l of learners) {
    for (const q of all) {
      const e = l.answers[q.id];
      if (e) answers.push({ learner: l.learner, alias: l.alias, question: q.id, bank: q.bank, objectives: q.objectives.join(";"),
        answer: listText(e.answer), result: e.result, time: e.time, first_result: firstResult(e),
        attempts: e.attempts ?? null, revealed: e.revealed ?? null });
    }
  }
  const bankRows = banks.map((bank) => {
    const ids = all.filter((q) => q.bank === bank).map((q) => q.id);
    const done = learners.map((l) => ids.filter((id) => l.answers[id]).length);
    return { bank, questions: ids.length, learners: learners.length, complete: done.filter((d) => d === ids.length).length,
      started: done.filter((d) => d > 0 && d < ids.length).length, not_started: done.filter((d) => d === 0).length };
  });
  const learnerRows = learners.map((l) => {
    const given = assigned.filter((q) => l.answers[q.id]).map((q) => l.answers[q.id]);
    const correct = given.filter((a) => a.result === "correct").length;
    return { learner: l.learner, alias: l.alias, files: l.files.length, answered: given.length, questions: assigned.length,
      percent_complete: percent(given.length, assigned.length), correct, percent_correct: percent(correct, given.length) };
  });
  const questionRows = assigned.map((q) => {
    const given = learners.filter((l) => l.answers[q.id]).map((l) => l.answers[q.id]);
    const results = count(given.map((a) => a.result));
    let wrong = null;
    let wrongCount = null;
    if (q.type === "pillars") {
      const wrongs = [...count(given.filter((a) => a.result !== "correct")
        .map((a) => listText([...a.answer].sort((x, y) => x - y))))];
      // most frequent first; a tie goes to the answer that sorts first
      wrongs.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
      if (wrongs.length) [wrong, wrongCount] = wrongs[0];
    }
    const first = given.filter((a) => firstResult(a) === "correct").length;
    return { question: q.id, prompt: q.prompt, bank: q.bank, type: q.type, objectives: q.objectives.join(";"),
      answered: given.length, correct: results.get("correct") || 0, partial: results.get("partial") || 0,
      incorrect: results.get("incorrect") || 0, percent_correct: percent(results.get("correct") || 0, given.length),
      correct_first_try: first, percent_correct_first_try: percent(first, given.length), most_frequent_wrong: wrong,
      most_frequent_wrong_count: wrongCount };
  });
  const objectiveRows = [];
  for (const o of objectives) {
    const checking = questionRows.filter((r) => r.objectives.split(";").includes(o.id));
    if (!checking.length) continue;
    const answered = checking.reduce((s, r) => s + r.answered, 0);
    const correct = checking.reduce((s, r) => s + r.correct, 0);
    const first = checking.reduce((s, r) => s + r.correct_first_try, 0);
    objectiveRows.push({ objective: o.id, chapter: o.chapter, questions: checking.length, answers: answered, correct,
      percent_correct: percent(correct, answered), correct_first_try: first, percent_correct_first_try: percent(first, answered) });
  }
  const sorterRows = [];
  for (const q of assigned) {
    if (q.type !== "order" && q.type !== "tiers") continue;
    const given = learners.filter((l) => l.answers[q.id]).map((l) => l.answers[q.id].answer);
    const counts = [...count(given.flatMap((a) => misplacements(q, a).map((m) => JSON.stringify(m))))]
      .map(([key, n]) => [JSON.parse(key), n]);
    counts.sort((a, b) => b[1] - a[1] || compareText(a[0][0], b[0][0]) || compareText(a[0][1], b[0][1]));
    const items = Object.fromEntries(q.client.items.map((i) => [i.id, i]));
    for (const [[tool, direction], n] of counts) {
      sorterRows.push({ question: q.id, mode: q.type, tool, name: items[tool].name, tier: items[tool].tier, direction,
        learners: n, answered: given.length });
    }
  }
  return { answers, banks: bankRows, learners: learnerRows, questions: questionRows, objectives: objectiveRows,
    sorter: sorterRows, stages: stageRows(learners, assigned, titles) };
}

// The whole summary of a list of files ({name, size, bytes}), like results.collect: files are
// read in order of name, as the command reads a folder. The banks counted: `banks`, else the
// banks anyone answered (all of them if nobody answered any), as the command without --banks.
function summarize(files, banks, course = window.r2pCourse) {
  const questions = new Map(course.questions.map((q) => [q.id, q]));
  const sorted = [...files].sort((a, b) => comparePath(a.name, b.name));
  const problems = [];
  const submissions = [];
  for (const file of sorted) {
    const { learner, problems: found } = readSubmission(file, course, questions);
    problems.push(...found);
    if (learner) submissions.push(learner);
  }
  const { learners, problems: duplicates } = mergeLearners(submissions);
  problems.push(...duplicates);
  const given = new Set(learners.flatMap((l) => Object.keys(l.answers).map((id) => questions.get(id).bank)));
  const answered = course.default_banks.filter((b) => given.has(b));
  const chosen = banks && banks.length ? banks : answered.length ? answered : course.default_banks;
  const tables = buildTables(learners, course.questions, chosen, course.objectives, course.stage_titles || {});
  tables.problems = problems;
  const rejected = new Set(problems.filter((p) => REJECTED.includes(p.kind)).map((p) => p.file));
  return {
    banks: chosen, tables,
    hardest: { questions: hardest(tables.questions, "answered"), objectives: hardest(tables.objectives, "answers") },
    counts: { files: sorted.length, counted: submissions.length, left_out: rejected.size, learners: learners.length },
  };
}

// ------------------------------------------------------------------ the page

// [key, heading] per column. In the question tables the figures a trainer reads from the
// back of the room come first, so they fit a 1280 px screen without scrolling sideways.
const QUESTION_FIGURES = [["percent_correct", "% correct"], ["percent_correct_first_try", "% correct first try"],
  ["wrong", "Most frequent wrong (pillars)"], ["answered", "Answered"]];
const COLUMNS = {
  hardest: [["question", "Question (answer key)"], ...QUESTION_FIGURES],
  banks: [["bank", "Bank"], ["questions", "Questions"], ["complete", "Answered all"], ["started", "Answered some"],
    ["not_started", "Answered none"]],
  learners: [["who", "Learner"], ["answered", "Answered"], ["percent_complete", "% of assigned"],
    ["correct", "Correct"], ["percent_correct", "% correct"]],
  questions: [["question", "Question (answer key)"], ...QUESTION_FIGURES, ["correct", "Correct"],
    ["partial", "Partly"], ["incorrect", "Wrong"], ["type", "Type"]],
  objectives: [["objective", "Objective"], ["chapter", "Chapter"], ["questions", "Questions"], ["answers", "Answers"],
    ["correct", "Correct"], ["percent_correct", "% correct"], ["percent_correct_first_try", "% correct first try"]],
  sorter: [["question", "Question"], ["name", "Tool"], ["tier", "Its tier"], ["direction", "Placed"],
    ["learners", "Learners"], ["answered", "Of"]],
  stages: [["title", "Stage"], ["question", "Question (answer key)"], ["choice", "Most frequent choice"],
    ["learners", "Learners"], ["answered", "Of"], ["key", "The key?"]],
  problems: [["file", "File"], ["kind", "Problem"], ["message", "What to do / what was counted"]],
};

// answerKeys: bank name -> its answer keys page (course-data.js), for the question column
function cell(value, row, answerKeys) {
  if (value === null || value === undefined) {
    // a dash to the eye, a word to a screen reader
    const frag = document.createDocumentFragment();
    frag.append(el("span", { "aria-hidden": "true", text: "–" }), el("span", { class: "r2p-sr-only", text: "none" }));
    return frag;
  }
  if (answerKeys && typeof value === "string") {
    // a new tab, so the results loaded here stay; the prompt (text) says which question it is
    const frag = document.createDocumentFragment();
    const page = answerKeys.get(row.bank);
    const code = el("code", { text: value });
    frag.append(page ? el("a", { href: `${page}#q-${value}`, target: "_blank", rel: "noopener" }, code) : code);
    if (row.prompt) frag.append(el("span", { class: "r2p-results-prompt", text: row.prompt }));
    return frag;
  }
  return String(value);
}

// Order for a column: numbers as numbers, texts as the command orders them; empty cells last
// whichever the direction; rows that tie keep their order.
function sortRows(rows, key, direction) {
  const sign = direction === "descending" ? -1 : 1;
  return rows.map((row, i) => [row, i]).sort(([a, i], [b, j]) => {
    const x = a[key];
    const y = b[key];
    const empty = (x === null || x === undefined) - (y === null || y === undefined);
    if (empty) return empty;
    const order = typeof x === "number" && typeof y === "number" ? x - y : compareText(String(x ?? ""), String(y ?? ""));
    return sign * order || i - j;
  }).map(([row]) => row);
}

function tableSection(title, note, rows, columns, options = {}) {
  const section = el("section", { class: "r2p-results-part" });
  const headingId = nextId("results-part");
  section.append(el("h2", { id: headingId, text: title }));
  if (note) section.append(el("p", { class: "r2p-note", text: note }));
  if (!rows.length) {
    section.append(el("p", { text: options.empty || "Nothing to show." }));
    return section;
  }
  const table = el("table", { class: "r2p-results-table" });
  table.append(el("caption", { class: "r2p-sr-only", text: `${title} (the buttons in the column headings sort it)` }));
  const head = el("tr");
  const body = el("tbody");
  const fill = (ordered) => body.replaceChildren(...ordered.map((row) => {
    const tr = el("tr");
    columns.forEach(([key], i) => {
      const numeric = typeof row[key] === "number";
      const content = cell(row[key], row, key === "question" && options.answerKeys);
      // the first column names the row (a bank, a learner, a question...)
      tr.append(i === 0 ? el("th", { scope: "row", class: `r2p-col-${key}` }, content)
        : el("td", { class: `r2p-col-${key}${numeric ? " r2p-num" : ""}` }, content));
    });
    return tr;
  }));
  for (const [key, label] of columns) {
    const th = el("th", { scope: "col", class: `r2p-col-${key}` });
    // the arrow is for the eye; aria-sort tells a screen reader
    const arrow = el("span", { class: "r2p-sort-arrow", "aria-hidden": "true" });
    const button = el("button", { type: "button", class: "r2p-sort" }, label, arrow);
    // first press: ascending (for "% correct", the hardest first); again: the other way
    button.addEventListener("click", () => {
      const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      for (const other of head.children) other.removeAttribute("aria-sort");
      for (const other of head.querySelectorAll(".r2p-sort-arrow")) other.textContent = "";
      th.setAttribute("aria-sort", direction);
      arrow.textContent = direction === "ascending" ? " \u2191" : " \u2193";
      fill(sortRows(rows, key, direction));
    });
    th.append(button);
    head.append(th);
  }
  table.append(el("thead", {}, head), body);
  fill(rows);
  // a wide table scrolls inside its own box, which the keyboard can reach and scroll
  section.append(el("div", { class: "r2p-results-scroll", tabindex: "0", role: "region", "aria-labelledby": headingId }, table));
  return section;
}

// As results.py's write(): a text a spreadsheet would run as a formula (learners' names and
// ids come from their files) gets a leading apostrophe; cells with a comma, quote or line
// break are quoted.
function csvText(rows, columns) {
  const quote = (v) => {
    let text = v === null || v === undefined ? "" : String(v);
    if (typeof v === "string" && FORMULA_START.some((start) => v.startsWith(start))) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c])).join(","))].join("\n") + "\n";
}

// Every file in what was dropped, folders included (read recursively, as the command does).
// What is dropped can be read only during the drop event: both lists are taken at once.
async function droppedFiles(dataTransfer) {
  const plain = [...dataTransfer.files].map((f) => ({ file: f, path: f.name }));
  const entries = [...(dataTransfer.items || [])].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.some((entry) => entry.isDirectory)) return plain; // files only: no need to walk
  const out = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ file, path: entry.fullPath.replace(/^\//, "") });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return out;
}

// The course's example class (data/examples/: six learners and two bad files), loaded only
// when asked for, as a script beside this one, so it works opened from disk too.
async function loadExampleClass() {
  if (!window.r2pExampleClass) {
    const mine = document.querySelector("script[src*='class-results.js']");
    const url = mine ? new URL(`example-class.js${new URL(mine.src).search}`, mine.src) : "example-class.js";
    await new Promise((done, fail) => {
      const script = el("script", { src: String(url) });
      script.onload = done;
      script.onerror = () => fail(new Error("The example class could not be loaded."));
      document.head.append(script);
    });
  }
  return window.r2pExampleClass;
}

const SAVED_FILES = "r2p-class-results-files";

function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function render({ el: root }) {
  const course = window.r2pCourse;
  // each bank's keys page sits beside this one (book/instructors/)
  const answerKeys = new Map(course.banks.map((b) => [b.name, b.answer_keys]));
  const files = new Map(); // name -> {name, size, lastModified, bytes, error?}
  const wrapper = el("div", { class: "r2p-widget r2p-results" });

  const pickId = nextId("files");
  const pick = el("input", { type: "file", id: pickId, multiple: "", accept: ".json,application/json" });
  const folderId = nextId("folder");
  const folderNoteId = nextId("folder-note");
  const folder = el("input", { type: "file", id: folderId, webkitdirectory: "", multiple: "", "aria-describedby": folderNoteId });
  const drop = el("div", { class: "r2p-drop" },
    el("p", { text: "Or drop the files, or a folder of them, here." }));
  const clear = el("button", { type: "button", text: "Start again with no files" });
  const example = el("button", { type: "button", text: "Try it with the example class" });
  const status = el("p", { role: "status", class: "r2p-results-status" });
  const chosenList = el("details", { class: "r2p-results-files" });
  chosenList.hidden = true;
  const bankNoteId = nextId("banks-note");
  const bankBox = el("fieldset", { class: "r2p-results-banks", "aria-describedby": bankNoteId },
    el("legend", { text: "Banks the workshop assigned" }),
    el("p", { class: "r2p-note", id: bankNoteId, text: "Until you change them, the banks someone answered are ticked, "
      + "so a bank the class was not given is not counted as \u201canswered none\u201d." }));
  // false: the boxes follow the files (the banks anyone answered); true: the trainer chose
  let banksByHand = false;
  const bankInputs = course.banks.map((b) => {
    const id = nextId("bank");
    const box = el("input", { type: "checkbox", id, value: b.name });
    box.checked = course.default_banks.includes(b.name);
    bankBox.append(el("div", { class: "r2p-choice" }, box, el("label", { for: id }, `${b.title} (`, el("code", { text: b.name }), ")")));
    box.addEventListener("change", () => {
      banksByHand = true;
      show();
    });
    return box;
  });
  const output = el("div", { class: "r2p-results-output" });
  const downloads = el("div", { class: "r2p-tools-row" });
  const csvButton = el("button", { type: "button", text: "Download answers.csv" });
  const jsonButton = el("button", { type: "button", text: "Download summary.json" });
  downloads.append(csvButton, jsonButton);
  downloads.hidden = true;

  wrapper.append(
    el("p", { class: "r2p-note", text: "The files are read in this browser only: nothing is uploaded or sent anywhere." }),
    el("div", { class: "r2p-tools-row" }, el("label", { for: pickId, text: "Learners' answers files (choose several)" }), pick),
    el("div", { class: "r2p-tools-row" }, el("label", { for: folderId, text: "Or a folder of them" }), folder),
    el("p", { class: "r2p-note", id: folderNoteId, text: "Your browser may ask whether to \u201cupload\u201d the "
      + "folder's files to this site: that only lets this page read them; they still go nowhere." }),
    drop, bankBox, el("div", { class: "r2p-tools-row" }, clear, example), status, chosenList, downloads, output);
  root.replaceChildren(wrapper);

  let last = null;
  // The files chosen are kept in this tab's session storage (gone when the tab closes), so
  // the results survive Back, a reload or a click on the site's menu.
  function remember() {
    try {
      if (!files.size) {
        sessionStorage.removeItem(SAVED_FILES);
        return;
      }
      sessionStorage.setItem(SAVED_FILES, JSON.stringify({
        files: [...files.values()].map((f) => ({ ...f, bytes: toBase64(f.bytes) })),
        banks: banksByHand ? bankInputs.filter((b) => b.checked).map((b) => b.value) : null,
      }));
    } catch {
      // storage off, or the class too large for it: the results just do not survive Back
    }
  }
  function restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(SAVED_FILES) || "null");
      if (!saved) return;
      for (const f of saved.files) files.set(f.name, { ...f, bytes: fromBase64(f.bytes) });
      if (saved.banks) {
        banksByHand = true;
        for (const box of bankInputs) box.checked = saved.banks.includes(box.value);
      }
    } catch {
      files.clear(); // a damaged copy: start with no files
    }
  }
  function show() {
    remember();
    const banks = banksByHand ? bankInputs.filter((b) => b.checked).map((b) => b.value) : null;
    chosenList.hidden = !files.size;
    chosenList.replaceChildren(el("summary", { text: `The ${files.size} file(s) read` }),
      el("ul", {}, ...[...files.values()].map((f) => el("li", { text: f.name }))));
    const waiting = !files.size ? "No files chosen yet." : banks && !banks.length ? "Choose at least one bank." : null;
    if (waiting) {
      status.textContent = waiting;
      output.replaceChildren();
      downloads.hidden = true;
      return;
    }
    last = summarize([...files.values()], banks, course);
    const { counts, tables } = last;
    for (const box of bankInputs) box.checked = last.banks.includes(box.value);
    status.textContent = `${counts.files} file(s) read: ${counts.counted} counted, ${counts.left_out} left out; `
      + `${counts.learners} learner(s); ${tables.problems.length} problem(s).`;
    const learners = tables.learners.map((r) => ({ ...r, who: r.alias ? `${r.alias} (${r.learner.slice(0, 8)})` : r.learner.slice(0, 8) }));
    const wrong = (r) => ({ ...r, wrong: r.most_frequent_wrong
      ? `${r.most_frequent_wrong.replace(/[[\]]/g, "")} (${r.most_frequent_wrong_count})` : null });
    const answered = tables.questions.filter((r) => r.answered > 0).map(wrong);
    output.replaceChildren(
      tableSection("Hardest questions", "The ten assigned questions with the fewest correct answers, hardest first; "
        + "\u201cfirst try\u201d counts each learner's first attempt. Each id opens its answer key in a new tab.",
      last.hardest.questions.map(wrong), COLUMNS.hardest, { empty: "No answers yet.", answerKeys }),
      tableSection("Problems with the files", "A file left out is not counted at all; other problems leave out, or correct, part of a file.",
        tables.problems, COLUMNS.problems, { empty: "None: every file was counted whole." }),
      tableSection("Completion per bank", null, tables.banks, COLUMNS.banks),
      tableSection("Completion per learner", "Named by the name they typed, if any, and the start of their random id.",
        learners, COLUMNS.learners, { empty: "No learner counted." }),
      tableSection("Correct answers per learning objective", null, tables.objectives, COLUMNS.objectives,
        { empty: "No answers to the assigned banks." }),
      tableSection("Correct answers per question", `${answered.length} of ${tables.questions.length} assigned questions `
        + "answered by someone; each id opens its answer key in a new tab.", answered, COLUMNS.questions, { empty: "No answers yet.", answerKeys }),
      tableSection("Sorter: the tools the class misplaced",
        "Order rounds: placed too early or too late for the tool's tier. Tier questions: too low, too high or not placed.",
        tables.sorter, COLUMNS.sorter, { empty: "No sorting answer misplaced a tool." }),
      tableSection("Staged scenarios: the class's most frequent choice at each stage",
        "Per question of each stage, the choice most learners made (its option ids), and whether it is the key.",
        tables.stages.map((r) => ({ ...r, key: r.is_key ? "yes" : "no" })), COLUMNS.stages,
        { empty: "No answers to a staged scenario.", answerKeys }),
    );
    downloads.hidden = false;
  }

  // Two files are the same when their bytes are: the same file chosen twice is read once,
  // while two learners' files with one name (every download is r2p-course-answers.json) both count.
  const same = (a, b) => a.size === b.size && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i])
    && (a.bytes.length || a.lastModified === b.lastModified);

  async function add(list) {
    let added = 0;
    let again = 0;
    for (const { file, path } of list) {
      let name = path || file.name;
      // hidden files and folders inside a chosen folder are skipped, as the command skips them
      if (name.split("/").slice(1).some((part) => part.startsWith("."))) continue;
      if (name.includes("/") && !/\.json$/i.test(name)) continue; // in a folder, .json files only, as the command
      const entry = { name, size: file.size, lastModified: file.lastModified, bytes: new Uint8Array() };
      try {
        if (file.size <= course.max_bytes) entry.bytes = new Uint8Array(await file.arrayBuffer());
      } catch (err) {
        entry.error = err.message || String(err);
      }
      if ([...files.values()].some((f) => same(f, entry) && f.name.replace(/ \(\d+\)$/, "") === name)) {
        again += 1;
        continue;
      }
      for (let n = 2; files.has(name); n += 1) name = `${entry.name} (${n})`;
      entry.name = name;
      files.set(name, entry);
      added += 1;
    }
    show();
    if (!added) {
      status.textContent = `${again ? "Those files were read already." : "No .json file in what you chose."} ${status.textContent}`;
    }
  }

  pick.addEventListener("change", async () => {
    await add([...pick.files].map((file) => ({ file, path: file.name })));
    pick.value = "";
  });
  folder.addEventListener("change", async () => {
    await add([...folder.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })));
    folder.value = "";
  });
  // A file dropped beside the box must not make the browser leave the page (and the files);
  // the file inputs and the box take drops themselves.
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (event) => {
      if (!event.dataTransfer?.types?.includes("Files") || drop.contains(event.target)) return;
      if (event.target instanceof HTMLInputElement && event.target.type === "file") return;
      event.preventDefault();
      if (type === "dragover") event.dataTransfer.dropEffect = "none";
    });
  }
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("r2p-drop-over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("r2p-drop-over"));
  drop.addEventListener("drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("r2p-drop-over");
    try {
      await add(await droppedFiles(event.dataTransfer));
    } catch (err) {
      // e.g. a folder dropped on a page opened from disk, where browsers refuse to read it
      status.textContent = `The dropped folder could not be read here (${err.message || err}); `
        + "choose it with \u201cOr a folder of them\u201d instead.";
    }
  });
  example.addEventListener("click", async () => {
    try {
      const list = await loadExampleClass();
      await add(list.map((f) => ({ file: new File([f.text], f.name, { type: "application/json" }), path: f.name })));
    } catch (err) {
      status.textContent = err.message;
    }
  });
  clear.addEventListener("click", () => {
    files.clear();
    banksByHand = false;
    show();
  });
  csvButton.addEventListener("click", () => saveFile("answers.csv",
    csvText(last.tables.answers, ANSWER_COLUMNS), "text/csv"));
  jsonButton.addEventListener("click", () => saveFile("summary.json", JSON.stringify({
    course: course.id, version: course.version, assigned_banks: last.banks, counts: last.counts,
    tables: Object.fromEntries(["banks", "learners", "questions", "objectives", "sorter", "stages", "problems"].map((k) => [k, last.tables[k]])),
  }, null, 1) + "\n", "application/json"));
  restore();
  show();
}

function start() {
  for (const node of document.querySelectorAll("[data-r2p-class-results]")) render({ el: node });
}

export default { render, start };
export { summarize };
