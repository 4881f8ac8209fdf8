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

let uid = 0;
function nextId(prefix) {
  uid += 1;
  return `r2p-${prefix}-${uid}-${Math.random().toString(36).slice(2, 7)}`;
}

// ------------------------------------------------------------------ the bank frame

// renderBank draws every question of the widget's bank. `kind` gives the widget name
// (the data-r2p-widget value) and, per question, `inputs(question, block, promptId, reportUrl)` which builds the
// answer controls and returns { read(), restore(answer), clear(), lock(on) }, and
// the report URL, and `details(question, grading)` which returns the feedback lines for a graded answer.
function renderBank({ model, el: root, kind, inputs, details }) {
  const reportUrl = () => model.get("report_url");
  const questions = model.get("questions");
  const wrapper = el("div", { class: "r2p-widget", "data-r2p-bank": model.get("bank") });
  const title = model.get("title");
  if (title) wrapper.append(el("p", { class: "r2p-title", text: title }));
  const score = el("p", { class: "r2p-score" });
  const shown = {};
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
    retry.hidden = true;
    const status = el("div", { role: "status", class: "r2p-status" });
    block.append(el("div", { class: "r2p-actions" }, check, retry), status);

    const show = (entry) => {
      status.replaceChildren();
      status.removeAttribute("data-result");
      control.lock(false);
      check.hidden = false;
      retry.hidden = true;
      if (!entry) return;
      control.restore(entry.answer);
      const graded = grade(q, entry.answer);
      status.dataset.result = graded.result;
      const headline = { correct: "Correct.", partial: "Partly right.", incorrect: "Not quite." }[graded.result];
      status.append(el("p", { class: "r2p-headline", text: headline }));
      for (const line of details(q, graded, entry.answer)) {
        const p = el("p");
        p.append(richText(line, reportUrl()));
        status.append(p);
      }
      const why = el("p", { class: "r2p-explanation" });
      why.append(richText(q.explanation, reportUrl()));
      status.append(why, citeList(q.paragraphs, reportUrl()));
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
      const entry = { answer, result: grade(q, answer).result, time: new Date().toISOString() };
      const answers = { ...model.get("answers"), [q.id]: entry };
      shown[q.id] = JSON.stringify(entry);
      show(entry);
      retry.focus();
      model.set("answers", answers);
      model.save_changes();
      updateScore();
    });
    retry.addEventListener("click", () => {
      const answers = { ...model.get("answers") };
      delete answers[q.id];
      shown[q.id] = undefined;
      show(null);
      control.clear();
      model.set("answers", answers);
      model.save_changes();
      updateScore();
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

  wrapper.append(...blocks.map((b) => b.block), score, answersTools(model));
  root.replaceChildren(wrapper);
  sync();
  model.on("change:answers", sync);
  return () => model.off("change:answers", sync);
}

// ------------------------------------------------------------------ "My answers" tools
// Export, import and reset go through model.send: in JupyterLab the Python side answers
// from the progress file, on the website the loader answers from localStorage.

function answersTools(model) {
  const details = el("details", { class: "r2p-tools" });
  details.append(el("summary", { text: "My answers: download, import, reset" }));
  details.append(el("p", { class: "r2p-note", text: "Your answers stay on this device. The quizzes are for checking your own understanding, not for assessment." }));
  const note = el("p", { class: "r2p-tools-status", "aria-live": "polite" });
  // Optional: the name goes only into the downloaded file (as `alias`), so a trainer reading
  // the class's results sees a name the learner chose; nothing else about them is sent.
  const nameId = nextId("alias");
  const nameLabel = el("label", { for: nameId, text: "Your name for your trainer (optional)" });
  const name = el("input", { type: "text", id: nameId, maxlength: "60", autocomplete: "off" });
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
      saveFile("r2p-course-answers.json", JSON.stringify(msg.data, null, 2), "application/json");
      note.textContent = `Downloaded ${msg.data.answers.length} answers.`;
    } else if (msg.kind === "imported") {
      note.textContent = msg.error ? `Not imported: ${msg.error}` : `Imported ${msg.count} answers.`;
    } else if (msg.kind === "reset") {
      note.textContent = "All your answers were deleted.";
    }
  });
  details.append(el("div", { class: "r2p-tools-row" }, nameLabel, name, download),
    el("div", { class: "r2p-tools-row" }, fileLabel, file, reset), confirmBox, note);
  return details;
}
