// Class results, computed in the browser: the port of r2p_course/results.py (the
// `r2p-course results` command), with the Python's function names. Every answer is graded again
// with grade(), bad files are reported by name and skipped, and the tables are the command's
// tables; tests/results_cases.json is run against both, messages included. No DOM: the page
// (class-results.js) draws what collect() returns.
// The limits, kinds and columns both sides share come from rules.js (r2p_course/rules.py).

import { FORMULA_START, GAIN_PHASES, LEARNER_ID_PATTERN, MAX_DEPTH, REJECTED, VERSION_MAX } from "./rules.js";
import { UNPRINTABLE, checkEntry, cleanAlias, isNewer } from "./answers-format.js";
import { grade } from "./grading.js";

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

function readJson(bytes, size, maxBytes) {
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
function impossible(question, answer) {
  if (!answer.length && question.check) return null; // a check bank's set submitted with this one unanswered
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
    data = readJson(file.bytes, file.size, course.max_bytes);
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
    const reason = impossible(question, entry.answer);
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
  if (!answer.length) return []; // left unanswered in a check's submission: no tool named
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
function stageTable(learners, assigned, titles) {
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


// answers.csv: one row per learner and question answered, every question of the course.
function answersTable(learners, all) {
  const rows = [];
  for (const l of learners) {
    for (const q of all) {
      const e = l.answers[q.id];
      if (e) rows.push({ learner: l.learner, alias: l.alias, question: q.id, bank: q.bank, objectives: q.objectives.join(";"),
        answer: listText(e.answer), result: e.result, time: e.time, first_result: firstResult(e),
        attempts: e.attempts ?? null, revealed: e.revealed ?? null });
    }
  }
  return rows;
}

function bankTable(learners, all, banks) {
  return banks.map((bank) => {
    const ids = all.filter((q) => q.bank === bank).map((q) => q.id);
    const done = learners.map((l) => ids.filter((id) => l.answers[id]).length);
    return { bank, questions: ids.length, learners: learners.length, complete: done.filter((d) => d === ids.length).length,
      started: done.filter((d) => d > 0 && d < ids.length).length, not_started: done.filter((d) => d === 0).length };
  });
}

function learnerTable(learners, assigned) {
  return learners.map((l) => {
    const given = assigned.filter((q) => l.answers[q.id]).map((q) => l.answers[q.id]);
    const correct = given.filter((a) => a.result === "correct").length;
    return { learner: l.learner, alias: l.alias, files: l.files.length, answered: given.length, questions: assigned.length,
      percent_complete: percent(given.length, assigned.length), correct, percent_correct: percent(correct, given.length) };
  });
}

function questionTable(learners, assigned) {
  return assigned.map((q) => {
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
}

function objectiveTable(questionRows, objectives) {
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
  return objectiveRows;
}

function sorterTable(learners, assigned) {
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
  return sorterRows;
}

// ------------------------------------------------------------------ learning gain
// As r2p_course/results/gain.py (read its docstring for the rules): scores of the first
// attempts at the pre-check and the post-check (the banks with phase: pre / post), the
// normalized gain (post - pre) / (1 - pre), undefined (null) at a perfect pre score.

const ALL = "all";
const PLACES = 1000;

// part / whole to three decimals, halves rounded up, in integer arithmetic (null when whole is 0).
function ratio(part, whole) {
  return whole ? Math.floor((2 * PLACES * part + whole) / (2 * whole)) / PLACES : null;
}

// (post - pre) / (1 - pre), exactly as (c*n - a*m) / (m*(n - a)); null when pre is 1.
function normalizedGain(preCorrect, preQuestions, postCorrect, postQuestions) {
  if (!preQuestions || !postQuestions || preCorrect === preQuestions) return null;
  return ratio(postCorrect * preQuestions - preCorrect * postQuestions, postQuestions * (preQuestions - preCorrect));
}

function gainNote(preCorrect, preQuestions, postCorrect, postQuestions) {
  if (preCorrect === null) return "took only the post-check";
  if (postCorrect === null) return "took only the pre-check";
  if (!preQuestions) return "no pre-check question on this objective";
  if (!postQuestions) return "no post-check question on this objective";
  return preCorrect === preQuestions ? "undefined: perfect pre score" : "";
}

// "all" (the whole check), then each objective a pre- or post-check question checks.
function gainScopes(all, objectives) {
  const checked = new Set(all.filter((q) => GAIN_PHASES.includes(q.phase)).flatMap((q) => q.objectives));
  return [ALL, ...objectives.filter((o) => checked.has(o.id)).map((o) => o.id)];
}

function gainTable(learners, all, objectives) {
  const checks = GAIN_PHASES.map((phase) => all.filter((q) => q.phase === phase));
  const scopes = gainScopes(all, objectives);
  const rows = [];
  for (const l of learners) {
    const took = checks.map((check) => check.some((q) => l.answers[q.id]));
    if (!took.some(Boolean)) continue;
    for (const scope of scopes) {
      const row = { learner: l.learner, alias: l.alias, objective: scope };
      GAIN_PHASES.forEach((phase, i) => {
        const mine = checks[i].filter((q) => scope === ALL || q.objectives.includes(scope));
        const correct = took[i] ? mine.filter((q) => l.answers[q.id] && firstResult(l.answers[q.id]) === "correct").length : null;
        Object.assign(row, { [`${phase}_correct`]: correct, [`${phase}_questions`]: mine.length,
          [phase]: correct === null ? null : ratio(correct, mine.length) });
      });
      const counts = [row.pre_correct, row.pre_questions, row.post_correct, row.post_questions];
      row.gain = row.pre_correct !== null && row.post_correct !== null ? normalizedGain(...counts) : null;
      row.note = gainNote(...counts);
      rows.push(row);
    }
  }
  return rows;
}

function gainObjectiveTable(gainRows, objectives) {
  const chapter = new Map(objectives.map((o) => [o.id, o.chapter]));
  return [...new Set(gainRows.map((r) => r.objective))].map((scope) => {
    const mine = gainRows.filter((r) => r.objective === scope);
    const both = mine.filter((r) => r.pre_correct !== null && r.post_correct !== null);
    const counts = ["pre_correct", "pre_questions", "post_correct", "post_questions"]
      .map((key) => both.reduce((s, r) => s + r[key], 0));
    return { objective: scope, chapter: chapter.get(scope) ?? null, learners: both.length,
      pre_questions: mine[0].pre_questions, post_questions: mine[0].post_questions,
      mean_pre: ratio(counts[0], counts[1]), mean_post: ratio(counts[2], counts[3]), gain: normalizedGain(...counts),
      only_pre: mine.filter((r) => r.post_correct === null).length,
      only_post: mine.filter((r) => r.pre_correct === null).length,
      note: both.length ? gainNote(...counts) : "no learner took both checks" };
  });
}

// The learners who took only the pre-check, and only the post-check, by name or else id.
function oneCheck(gainRows) {
  const whole = gainRows.filter((r) => r.objective === ALL);
  return { pre_only: whole.filter((r) => r.post_correct === null).map((r) => r.alias || r.learner),
    post_only: whole.filter((r) => r.pre_correct === null).map((r) => r.alias || r.learner) };
}

// The whole summary of a list of files ({name, size, bytes}), like results.collect: files are
// read in order of name, as the command reads a folder. The banks counted: `banks`, else the
// banks anyone answered (all of them if nobody answered any), as the command without --banks.
function collect(files, banks, course = window.r2pCourse) {
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
  const all = course.questions;
  const assigned = all.filter((q) => chosen.includes(q.bank));
  const questionRows = questionTable(learners, assigned);
  const tables = { answers: answersTable(learners, all), banks: bankTable(learners, all, chosen),
    learners: learnerTable(learners, assigned), questions: questionRows, objectives: objectiveTable(questionRows, course.objectives),
    sorter: sorterTable(learners, assigned), stages: stageTable(learners, assigned, course.stage_titles || {}), problems };
  // the gain reads the pre- and post-check banks whichever banks were assigned
  tables.gain = gainTable(learners, all, course.objectives);
  tables.gain_objectives = gainObjectiveTable(tables.gain, course.objectives);
  const rejected = new Set(problems.filter((p) => REJECTED.includes(p.kind)).map((p) => p.file));
  return {
    banks: chosen, tables, one_check: oneCheck(tables.gain),
    hardest: { questions: hardest(tables.questions, "answered"), objectives: hardest(tables.objectives, "answers") },
    counts: { files: sorted.length, counted: submissions.length, left_out: rejected.size, learners: learners.length },
  };
}

// As results.py's write(): a text a spreadsheet would run as a formula (learners' names and
// ids come from their files) gets a leading apostrophe; cells with a comma, quote or line
// break are quoted.
function spreadsheetSafe(value) {
  return typeof value === "string" && FORMULA_START.some((start) => value.startsWith(start)) ? `'${value}` : value;
}

function csvText(rows, columns) {
  const quote = (v) => {
    const safe = spreadsheetSafe(v);
    const text = safe === null || safe === undefined ? "" : String(safe);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c])).join(","))].join("\n") + "\n";
}

export { collect, compareText, csvText };
