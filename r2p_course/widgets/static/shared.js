// Code shared by the course's widgets: grading, safe text, the question frame and the
// "My answers" tools. It has no imports or exports of its own: the Python side joins it (after
// answers-format.js) in front of each widget's module (see r2p_course/widgets/__init__.py), so
// every widget stays one self-contained ES module, in JupyterLab and on the static site alike.

const TIER_NAMES = { 1: "non-coercive", 2: "coercive but not military", 3: "military force" };
const PILLAR_WORDS = { 1: "one", 2: "two", 3: "three" };

// ------------------------------------------------------------------ grading
// The same rules as r2p_course/quiz.py; tests/grading_cases.json is run against both.

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
      .every((q) => ["correct", "partial", "incorrect"].includes(answers?.[q.id]?.result));
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

// The key and the explanation show for a right answer, or once revealed.
function showsKey(entry) {
  return entry.result === "correct" || entry.revealed === true;
}

// ------------------------------------------------------------------ safe text
// Text from the quiz banks is never inserted as HTML: only *emphasis* and paragraph
// citations ("para 12", "paras 12-13", "paras 31 and 32") become elements.

function paraLink(number, reportUrl) {
  const a = document.createElement("a");
  a.href = `${reportUrl}#para-${number}`;
  a.textContent = String(number);
  if (/\.md$/.test(reportUrl)) {
    // In JupyterLab reportUrl is the local report (book/report.md) relative to the notebook:
    // open it in JupyterLab at the paragraph. The plain link is the fallback (a new tab).
    a.target = "_blank";
    a.addEventListener("click", (event) => openInLab(event, reportUrl, number));
  } else if (new URL(a.href, location.href).origin !== location.origin) {
    a.target = "_blank"; // the hosted website, when no local copy of the course exists
    a.rel = "noopener";
  }
  return a;
}

async function openInLab(event, reportUrl, number) {
  const app = window.jupyterapp;
  const current = app?.shell?.currentWidget?.context?.path;
  if (!app || current === undefined) return;
  event.preventDefault();
  const parts = current.split("/").slice(0, -1);
  for (const piece of reportUrl.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  const widget = await app.commands.execute("docmanager:open", { path: parts.join("/") });
  await widget?.context?.ready;
  widget?.setFragment?.(`#para-${number}`);
}

const CITATION = /\b(paras?\.?|paragraphs?)\s+(\d{1,2}(?:\s*(?:[-–,]|and)\s*\d{1,2})*)/g;

function appendCitations(parent, text, reportUrl) {
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    parent.append(text.slice(last, m.index), m[1] + " ");
    const parts = m[2].split(/(\s*(?:[-–,]|and)\s*)/);
    for (const part of parts) {
      if (/^\d+$/.test(part)) parent.append(paraLink(Number(part), reportUrl));
      else parent.append(part);
    }
    last = m.index + m[0].length;
  }
  parent.append(text.slice(last));
}

function richText(text, reportUrl) {
  const frag = document.createDocumentFragment();
  String(text).split(/(\*[^*]+\*)/).forEach((piece) => {
    if (/^\*[^*]+\*$/.test(piece)) {
      const em = document.createElement("em");
      appendCitations(em, piece.slice(1, -1), reportUrl);
      frag.append(em);
    } else {
      appendCitations(frag, piece, reportUrl);
    }
  });
  return frag;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function citeList(paragraphs, reportUrl) {
  const p = el("p", { class: "r2p-cite" }, paragraphs.length > 1 ? "Report, paras " : "Report, para ");
  [...paragraphs].sort((a, b) => a - b).forEach((n, i) => {
    if (i) p.append(", ");
    p.append(paraLink(n, reportUrl));
  });
  return p;
}

// Save text as a file in the browser's downloads.
function saveFile(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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

let uid = 0;
function nextId(prefix) {
  uid += 1;
  return `r2p-${prefix}-${uid}-${Math.random().toString(36).slice(2, 7)}`;
}

// ------------------------------------------------------------------ the bank frame

// renderBank draws every question of the widget's bank. `kind` gives the widget name
// (the data-r2p-widget value) and, per question, `inputs(question, block, promptId, reportUrl)`
// which builds the answer controls and returns { read(), restore(answer), clear(), lock(on) };
// `details(question, grading, answer)` returns the feedback lines once the key shows, and
// `hints(question, hint, answer)` the lines of a first wrong check (from hint(): no key).
function renderBank({ model, el: root, kind, inputs, details, hints }) {
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
    const block = el("section", { class: "r2p-question", "data-r2p-widget": kind, "data-question-id": q.id });
    const promptId = nextId("prompt");
    block.setAttribute("aria-labelledby", promptId);
    const prompt = el("p", { class: "r2p-prompt", id: promptId });
    prompt.append(richText(q.prompt, reportUrl()));
    block.append(prompt);
    const control = inputs(q, block, promptId, reportUrl());
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

  download.addEventListener("click", () => model.send({ kind: "export", alias: cleanAlias(name.value) }));
  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    try {
      model.send({ kind: "import", data: JSON.parse(await chosen.text()) });
    } catch (err) {
      note.textContent = `That file could not be read as JSON: ${err.message}`;
    }
    file.value = "";
  });
  reset.addEventListener("click", () => { confirmBox.hidden = false; no.focus(); });
  no.addEventListener("click", () => { confirmBox.hidden = true; reset.focus(); });
  yes.addEventListener("click", () => { confirmBox.hidden = true; model.send({ kind: "reset" }); reset.focus(); });

  model.on("msg:custom", (msg) => {
    if (msg.kind === "export") {
      const fileName = answersFileName(msg.data.alias, msg.data.learner_id);
      saveFile(fileName, JSON.stringify(msg.data, null, 2), "application/json");
      note.textContent = `Downloaded ${msg.data.answers.length} answers as ${fileName}.`;
    } else if (msg.kind === "imported") {
      note.textContent = msg.error ? `Not imported: ${msg.error}` : `Imported ${msg.count} answers.`;
    } else if (msg.kind === "reset") {
      note.textContent = "All your answers were deleted.";
    }
  });
  details.append(el("div", { class: "r2p-tools-row" }, nameLabel, name, download),
    el("div", { class: "r2p-tools-row" }, fileLabel, file, reset), confirmBox, note);
  return { node: details, stop: () => model.off("change:alias", showAlias) };
}
