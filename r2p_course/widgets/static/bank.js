// The frame every widget draws its bank in (questions, Check, Retry, "Show the answer", the
// score, staged scenarios; or, for a check bank, one "Submit answers" for the whole set) and
// the "My answers" tools (download, import, reset, the name).

import { ALIAS_MAX, ANSWER_RESULTS, KIND_EXPORT, KIND_IMPORT, KIND_IMPORTED, KIND_RESET } from "./rules.js";
import { cleanAlias } from "./answers-format.js";
import { grade, hint, openStages, checkedEntry, showsKey, submissionEntries } from "./grading.js";
import { richText, el, citeList, saveFile, nextId } from "./shared.js";

// The downloaded answers file's name: the learner's name (or, without one, the start of their
// learner id, so two files never collide) and the day, in characters safe on every system:
// letters and digits, "-" and "_"; spaces become "-", accents are dropped (José -> Jose), any
// other character is left out, and the name is cut at 40 characters.
// Such as r2p-answers-Amina-2026-12-05.json or r2p-answers-3f2c9a1b-2026-12-05.json.
const FILE_NAME_MAX = 40;
const SPELLED = { ß: "ss", æ: "ae", Æ: "AE", ø: "o", Ø: "O", œ: "oe", Œ: "OE", đ: "d", Đ: "D", ł: "l", Ł: "L", þ: "th", Þ: "Th" };

function fileSafe(text) {
  return String(text ?? "").normalize("NFKD").replace(/\p{M}/gu, "")
    .replace(/[ßæÆøØœŒđĐłŁþÞ]/g, (c) => SPELLED[c])
    .replace(/\s+/g, "-").replace(/[^A-Za-z0-9_-]/g, "").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
}

function answersFileName(alias, learnerId, when = new Date()) {
  const two = (n) => String(n).padStart(2, "0");
  const day = `${String(when.getFullYear()).padStart(4, "0")}-${two(when.getMonth() + 1)}-${two(when.getDate())}`;
  const name = fileSafe(alias).slice(0, FILE_NAME_MAX).replace(/-+$/, "");
  const who = name || fileSafe(learnerId).slice(0, 8).replace(/-+$/, "") || "learner";
  return `r2p-answers-${who}-${day}.json`;
}

// ------------------------------------------------------------------ the bank frame

// One question's frame, the same in practice and in a check: a section labelled by its prompt,
// with the widget's answer controls (`inputs` builds them and returns the control object).
function questionFrame(q, kind, inputs, reportUrl) {
  const block = el("section", { class: "r2p-question", "data-r2p-widget": kind, "data-question-id": q.id });
  const promptId = nextId("prompt");
  block.setAttribute("aria-labelledby", promptId);
  const prompt = el("p", { class: "r2p-prompt", id: promptId });
  prompt.append(richText(q.prompt, reportUrl));
  block.append(prompt);
  return { block, control: inputs(q, block, promptId, reportUrl) };
}

// renderBank draws every question of the widget's bank. `kind` gives the widget name
// (the data-r2p-widget value) and, per question, `inputs(question, block, promptId, reportUrl)`
// which builds the answer controls and returns { read(), restore(answer), clear(), lock(on) };
// `details(question, grading, answer)` returns the feedback lines once the key shows, and
// `hints(question, hint, answer)` the lines of a first wrong check (from hint(): no key).
function renderBank({ model, el: root, kind, inputs, details, hints }) {
  if (model.get("mode") === "check") return renderCheck({ model, el: root, kind, inputs, details });
  const reportUrl = () => model.get("report_url");
  const questions = model.get("questions");
  const wrapper = el("div", { class: "r2p-widget", "data-r2p-bank": model.get("bank") });
  const title = model.get("title");
  if (title) wrapper.append(el("p", { class: "r2p-title", text: title }));
  const score = el("p", { class: "r2p-score" });
  const shown = {};
  const lines = (status, texts) => {
    for (const line of texts) {
      const p = el("p");
      p.append(richText(line, reportUrl()));
      status.append(p);
    }
  };
  const save = (id, entry) => {
    model.set("answers", { ...model.get("answers"), [id]: entry });
    model.save_changes();
  };
  const blocks = questions.map((q) => {
    const { block, control } = questionFrame(q, kind, inputs, reportUrl());
    const check = el("button", { type: "button", class: "r2p-check", text: "Check answer" });
    const retry = el("button", { type: "button", class: "r2p-retry", text: "Retry" });
    const reveal = el("button", { type: "button", class: "r2p-reveal", text: "Show the answer" });
    retry.hidden = true;
    reveal.hidden = true;
    const status = el("div", { role: "status", class: "r2p-status" });
    block.append(el("div", { class: "r2p-actions" }, check, retry, reveal), status);

    const show = (entry) => {
      status.replaceChildren();
      status.removeAttribute("data-result");
      control.lock(false);
      check.hidden = false;
      retry.hidden = true;
      reveal.hidden = true;
      if (!entry) return;
      control.restore(entry.answer);
      const graded = grade(q, entry.answer);
      status.dataset.result = graded.result;
      const headline = { correct: "Correct.", partial: "Partly right.", incorrect: "Not quite." }[graded.result];
      status.append(el("p", { class: "r2p-headline", text: headline }));
      if (showsKey(entry)) {
        lines(status, details(q, graded, entry.answer));
        const why = el("p", { class: "r2p-explanation" });
        why.append(richText(q.explanation, reportUrl()));
        status.append(why, citeList(q.paragraphs, reportUrl()));
      } else {
        // A hint first: what does not fit in this answer, then Retry or "Show the answer".
        lines(status, hints(q, hint(q, entry.answer), entry.answer));
        // where the report settles it: a place to read again, not the answer
        status.append(citeList(q.paragraphs, reportUrl()),
          el("p", { class: "r2p-next", text: "Retry to try again, or show the answer and its explanation." }));
        reveal.hidden = false;
      }
      control.lock(true);
      check.hidden = true;
      retry.hidden = false;
    };

    check.addEventListener("click", () => {
      const answer = control.read();
      if (Array.isArray(answer) && !answer.length) {
        status.replaceChildren(el("p", { text: "Choose at least one answer first." }));
        return;
      }
      const entry = checkedEntry(q, answer, model.get("answers")?.[q.id], new Date().toISOString());
      shown[q.id] = JSON.stringify(entry);
      show(entry);
      retry.focus();
      save(q.id, entry);
      updateScore();
    });
    reveal.addEventListener("click", () => {
      const entry = { ...model.get("answers")[q.id], revealed: true };
      shown[q.id] = JSON.stringify(entry);
      show(entry);
      retry.focus();
      save(q.id, entry);
    });
    // Retry clears the question for a new try; its saved entry stays until the next Check,
    // which counts one more attempt and keeps the first result.
    retry.addEventListener("click", () => {
      show(null);
      control.clear();
      control.focus ? control.focus() : check.focus();
    });
    return { q, show, control, block };
  });

  function updateScore() {
    const answers = model.get("answers") || {};
    const right = questions.filter((q) => answers[q.id]?.result === "correct").length;
    const done = questions.filter((q) => answers[q.id]).length;
    score.textContent = `Score: ${right} of ${questions.length} correct` + (done > right ? ` (${done} answered)` : "");
  }

  function sync() {
    const answers = model.get("answers") || {};
    for (const b of blocks) {
      const entry = answers[b.q.id];
      const key = entry ? JSON.stringify(entry) : undefined;
      if (shown[b.q.id] === key) continue;
      shown[b.q.id] = key;
      if (!entry) b.control.clear();
      b.show(entry || null);
    }
    updateScore();
  }

  const tools = answersTools(model);
  const staged = stagedParts(model, blocks, reportUrl);
  wrapper.append(...(staged ? staged.nodes : blocks.map((b) => b.block)), score, tools.node);
  root.replaceChildren(wrapper);
  sync();
  staged?.update(false);
  const changed = () => { sync(); staged?.update(true); };
  model.on("change:answers", changed);
  return () => { model.off("change:answers", changed); tools.stop(); };
}

// ------------------------------------------------------------------ check mode
// A check bank (mode: check): each question shows its prompt and controls only, and one
// "Submit answers" grades the whole set at once (submissionEntries: an entry for every
// question, the unanswered ones as [] and incorrect). Before that nothing on the page or in
// the accessibility tree tells right from wrong: no data-result, no feedback, no score, no
// colour (the key is still in the page's data: a learning check, not an exam). After it, the
// answers are locked and every question shows its feedback with the key; "Try again" (after a
// confirmation) clears the choices for a new attempt, whose submission keeps the first one's
// result and answer. A reload shows the last submission, from the saved answers.
function renderCheck({ model, el: root, kind, inputs, details }) {
  const reportUrl = () => model.get("report_url");
  const questions = model.get("questions");
  const wrapper = el("div", { class: "r2p-widget r2p-check", "data-r2p-bank": model.get("bank"), "data-r2p-mode": "check" });
  const title = model.get("title");
  if (title) wrapper.append(el("p", { class: "r2p-title", text: title }));
  wrapper.append(el("p", { class: "r2p-note r2p-check-note", text: "A learning check, not an exam: answer the questions, "
    + "then press \u201cSubmit answers\u201d below. Feedback comes after you submit, for every question at once. "
    + "Your first submission is kept; you can try again after it." }));
  const blocks = questions.map((q) => {
    const { block, control } = questionFrame(q, kind, inputs, reportUrl());
    const status = el("div", { role: "status", class: "r2p-status" });
    block.append(status);
    return { q, control, block, status };
  });

  const submit = el("button", { type: "button", class: "r2p-submit", text: "Submit answers" });
  const askId = nextId("ask");
  const ask = el("p", { id: askId });
  const anyway = el("button", { type: "button", text: "Submit anyway" });
  const back = el("button", { type: "button", text: "Back to the questions" });
  const confirmSubmit = el("div", { class: "r2p-confirm", role: "group", "aria-labelledby": askId }, ask, anyway, back);
  confirmSubmit.hidden = true;
  const summary = el("p", { class: "r2p-score r2p-check-summary", role: "status", tabindex: "-1" });
  const again = el("button", { type: "button", class: "r2p-again", text: "Try again" });
  again.hidden = true;
  const againId = nextId("again");
  const yes = el("button", { type: "button", text: "Yes, start a new attempt" });
  const no = el("button", { type: "button", text: "Cancel" });
  const confirmAgain = el("div", { class: "r2p-confirm", role: "group", "aria-labelledby": againId },
    el("p", { id: againId, text: "Start a new attempt? Your choices are cleared so you can answer again; your first submission stays recorded." }), yes, no);
  confirmAgain.hidden = true;

  const entriesOf = (answers) => blocks.map((b) => answers?.[b.q.id]);
  // Submitted: every question of the set has an entry (a submission writes them all at once).
  const submitted = (answers) => entriesOf(answers).every((entry) => entry && ANSWER_RESULTS.includes(entry.result));
  let shownKey = null;

  // The set as the learner fills it in: controls open, no result anywhere.
  function showOpen() {
    for (const b of blocks) {
      b.status.replaceChildren();
      b.status.removeAttribute("data-result");
      b.control.lock(false);
    }
    submit.hidden = false;
    again.hidden = true;
  }

  // The set as submitted: each question's answer, locked, with its feedback and the key.
  function showSubmitted(answers) {
    confirmSubmit.hidden = true;
    for (const b of blocks) {
      const entry = answers[b.q.id];
      b.control.clear();
      b.control.restore(entry.answer);
      b.control.lock(true);
      b.status.replaceChildren();
      const graded = grade(b.q, entry.answer);
      const unanswered = !entry.answer.length;
      b.status.dataset.result = unanswered ? "incorrect" : graded.result;
      const headline = unanswered ? "No answer given."
        : { correct: "Correct.", partial: "Partly right.", incorrect: "Not quite." }[graded.result];
      b.status.append(el("p", { class: "r2p-headline", text: headline }));
      for (const line of unanswered ? [] : details(b.q, graded, entry.answer)) {
        const p = el("p");
        p.append(richText(line, reportUrl()));
        b.status.append(p);
      }
      const why = el("p", { class: "r2p-explanation" });
      why.append(richText(b.q.explanation, reportUrl()));
      b.status.append(why, citeList(b.q.paragraphs, reportUrl()));
    }
    submit.hidden = true;
    again.hidden = false;
    summary.textContent = summaryText(answers);
  }

  function summaryText(answers) {
    const entries = entriesOf(answers);
    const count = (result) => entries.filter((e) => e.answer.length && e.result === result).length;
    const blank = entries.filter((e) => !e.answer.length).length;
    const parts = [count("partial") && `${count("partial")} partly right`, blank && `${blank} with no answer`].filter(Boolean);
    const attempt = Math.max(...entries.map((e) => e.attempts || 1));
    const first = entries.filter((e) => (e.first_result || e.result) === "correct").length;
    return `Submitted: ${count("correct")} of ${entries.length} correct` + (parts.length ? ` (${parts.join(", ")})` : "")
      + `. The feedback for each question is shown with it.`
      + (attempt > 1 ? ` This was attempt ${attempt}; your first submission had ${first} of ${entries.length} correct.` : "");
  }

  function doSubmit() {
    confirmSubmit.hidden = true;
    const given = Object.fromEntries(blocks.map((b) => [b.q.id, b.control.read()]));
    const before = model.get("answers") || {};
    const entries = submissionEntries(questions, given, before, new Date().toISOString());
    const answers = { ...before, ...entries };
    shownKey = JSON.stringify(entriesOf(answers));
    model.set("answers", answers);
    model.save_changes();
    showSubmitted(answers);
    summary.focus();
  }

  submit.addEventListener("click", () => {
    const blank = blocks.filter((b) => !b.control.read().length);
    if (!blank.length) return doSubmit();
    ask.textContent = blank.length === 1 ? "1 question has no answer: submit anyway?"
      : `${blank.length} questions have no answer: submit anyway?`;
    confirmSubmit.hidden = false;
    anyway.focus();
  });
  anyway.addEventListener("click", doSubmit);
  back.addEventListener("click", () => {
    confirmSubmit.hidden = true;
    const blank = blocks.find((b) => !b.control.read().length);
    if (blank?.control.focus) blank.control.focus();
    else submit.focus();
  });
  again.addEventListener("click", () => { confirmAgain.hidden = false; yes.focus(); });
  no.addEventListener("click", () => { confirmAgain.hidden = true; again.focus(); });
  // A new attempt: the saved entries stay until it is submitted (a reload shows them again).
  yes.addEventListener("click", () => {
    confirmAgain.hidden = true;
    for (const b of blocks) b.control.clear();
    showOpen();
    summary.textContent = "New attempt: your choices are cleared. Submit again when you are ready; your first submission stays recorded.";
    blocks[0].control.focus ? blocks[0].control.focus() : submit.focus();
  });

  // The saved answers changed (a first render, an import, a reset, or JupyterLab's kernel).
  function sync() {
    const answers = model.get("answers") || {};
    const key = JSON.stringify(entriesOf(answers));
    if (key === shownKey) return;
    shownKey = key;
    if (submitted(answers)) {
      showSubmitted(answers);
    } else {
      for (const b of blocks) b.control.clear();
      showOpen();
      summary.textContent = "";
    }
  }

  const tools = answersTools(model);
  // the score first, then "Try again" after it: the way Tab goes on from the score
  wrapper.append(...blocks.map((b) => b.block), summary,
    el("div", { class: "r2p-actions r2p-check-actions" }, submit, again), confirmSubmit, confirmAgain, tools.node);
  root.replaceChildren(wrapper);
  sync();
  model.on("change:answers", sync);
  return () => { model.off("change:answers", sync); tools.stop(); };
}

// A staged scenario: each stage is a section with its narrative (the bank's `stages`, safe
// text) and its questions; a stage is hidden until openStages() opens it, and its opening is
// announced. "Start again" (after a confirmation) clears this bank's answers only. Returns
// null for a bank without stages.
function stagedParts(model, blocks, reportUrl) {
  const stages = model.get("stages") || [];
  if (!stages.length || !blocks.every((b) => "stage" in b.q)) return null;
  const sections = stages.map((stage, i) => {
    const headingId = nextId("stage");
    const section = el("section", { class: "r2p-stage", "data-r2p-stage": String(i + 1), "aria-labelledby": headingId });
    const text = el("p", { class: "r2p-stage-text" });
    text.append(richText(stage.text, reportUrl()));
    section.append(el("h3", { class: "r2p-stage-title", id: headingId, text: stage.title }), text);
    blocks.filter((b) => b.q.stage === i + 1).forEach((b) => section.append(b.block));
    return section;
  });
  const waiting = el("p", { class: "r2p-stage-next" });
  const announce = el("p", { role: "status", class: "r2p-stage-status" });
  const restart = el("button", { type: "button", class: "r2p-restart", text: "Start again" });
  const confirmBox = el("div", { class: "r2p-confirm", role: "group", "aria-label": "Confirm start again" });
  confirmBox.hidden = true;
  const yes = el("button", { type: "button", text: "Yes, clear my answers to this scenario" });
  const no = el("button", { type: "button", text: "Cancel" });
  confirmBox.append(el("p", { text: "Clear your answers to every stage of this scenario and start from stage 1? Your answers to the course's other exercises stay." }), yes, no);
  restart.addEventListener("click", () => { confirmBox.hidden = false; no.focus(); });
  no.addEventListener("click", () => { confirmBox.hidden = true; restart.focus(); });
  yes.addEventListener("click", () => {
    confirmBox.hidden = true;
    const answers = { ...(model.get("answers") || {}) };
    for (const b of blocks) delete answers[b.q.id];
    model.set("answers", answers);
    model.save_changes();
    announce.textContent = "Your answers to this scenario were cleared: stage 1 is open.";
    blocks[0]?.control.focus?.();
  });
  let shownStages = 0;
  const update = (tell) => {
    const opened = openStages(blocks.map((b) => b.q), model.get("answers") || {});
    sections.forEach((section, i) => { section.hidden = !opened.includes(i + 1); });
    const last = opened.length ? opened[opened.length - 1] : 1;
    waiting.textContent = last < stages.length
      ? `Stage ${last + 1} of ${stages.length} opens once you have checked an answer to every question of stage ${last}.`
      : `All ${stages.length} stages are open.`;
    if (tell && last > shownStages) announce.textContent = `Stage ${last} of ${stages.length} is open: ${stages[last - 1].title}.`;
    shownStages = last;
  };
  const tools = el("div", { class: "r2p-stage-tools" }, waiting, announce, el("div", { class: "r2p-actions" }, restart), confirmBox);
  return { nodes: [...sections, tools], update };
}

// ------------------------------------------------------------------ "My answers" tools
// Export, import and reset go through model.send: in JupyterLab the Python side answers
// from the progress file, on the website the loader answers from localStorage.

function answersTools(model) {
  const details = el("details", { class: "r2p-tools" });
  details.append(el("summary", { text: "My answers: download, import, reset" }));
  details.append(el("p", { class: "r2p-note", text: "Your answers stay on this device. The quizzes are for checking your own understanding, not for assessment." }));
  const note = el("p", { class: "r2p-tools-status", "aria-live": "polite" });
  // Optional: the name goes into every downloaded file (as `alias`), so a trainer reading the
  // class's results sees a name the learner chose; nothing else about them is sent. It is kept
  // (the `alias` trait: the progress file in JupyterLab, localStorage on the website), so every
  // widget and page shows it filled in; emptying the field forgets it.
  const nameId = nextId("alias");
  const nameLabel = el("label", { for: nameId, text: "Your name for your trainer (optional)" });
  const name = el("input", { type: "text", id: nameId, maxlength: String(ALIAS_MAX), autocomplete: "off" });
  name.value = model.get("alias") || "";
  name.addEventListener("input", () => {
    model.set("alias", cleanAlias(name.value));
    model.save_changes();
  });
  // Another widget changed the name: show it, unless this field already says the same.
  const showAlias = () => {
    if (cleanAlias(name.value) !== (model.get("alias") || null)) name.value = model.get("alias") || "";
  };
  model.on("change:alias", showAlias);
  const download = el("button", { type: "button", text: "Download my answers" });
  const fileId = nextId("import");
  const file = el("input", { type: "file", id: fileId, accept: "application/json,.json" });
  const fileLabel = el("label", { for: fileId, text: "Import answers from a downloaded file " });
  const reset = el("button", { type: "button", text: "Reset my answers" });
  const confirmBox = el("div", { class: "r2p-confirm", role: "group", "aria-label": "Confirm reset" });
  confirmBox.hidden = true;
  const yes = el("button", { type: "button", text: "Yes, delete all my answers" });
  const no = el("button", { type: "button", text: "Cancel" });
  confirmBox.append(el("p", { text: "Delete every answer you gave in this course on this device?" }), yes, no);

  download.addEventListener("click", () => model.send({ kind: KIND_EXPORT, alias: cleanAlias(name.value) }));
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    try {
      model.send({ kind: KIND_IMPORT, data: JSON.parse(await chosen.text()) });
    } catch (err) {
      note.textContent = `That file could not be read as JSON: ${err.message}`;
    }
    file.value = "";
  });
  reset.addEventListener("click", () => { confirmBox.hidden = false; no.focus(); });
  no.addEventListener("click", () => { confirmBox.hidden = true; reset.focus(); });
  yes.addEventListener("click", () => { confirmBox.hidden = true; model.send({ kind: KIND_RESET }); reset.focus(); });

  model.on("msg:custom", (msg) => {
    if (msg.kind === KIND_EXPORT) {
      const fileName = answersFileName(msg.data.alias, msg.data.learner_id);
      saveFile(fileName, JSON.stringify(msg.data, null, 2), "application/json");
      note.textContent = `Downloaded ${msg.data.answers.length} answers as ${fileName}.`;
    } else if (msg.kind === KIND_IMPORTED) {
      note.textContent = msg.error ? `Not imported: ${msg.error}` : `Imported ${msg.count} answers.`;
    } else if (msg.kind === KIND_RESET) {
      note.textContent = "All your answers were deleted.";
    }
  });
  details.append(el("div", { class: "r2p-tools-row" }, nameLabel, name, download),
    el("div", { class: "r2p-tools-row" }, fileLabel, file, reset), confirmBox, note);
  return { node: details, stop: () => model.off("change:alias", showAlias) };
}

export { renderBank, answersFileName };
