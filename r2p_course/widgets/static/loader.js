// The course website's widget loader: renders the course's anywidget widgets from the
// state saved in the page, with no kernel, no network and no ipywidgets manager.
//
// For each saved widget view whose model is one of ours, it loads the site's copy of that
// widget's front end (by name, never the saved _esm, so the site runs the current front end),
// gives it a small model over the saved state, and calls initialize/render. Answers are kept
// in localStorage under the course id, one entry per question id; the learner id (which also
// orders each learner's options, see order.js) under `<course id>:learner`.
//
// Written as an ES module; the site gets it, and each widget, as a classic script
// (r2p_course/assets.py resolves the imports when the site is built): browsers refuse
// ES-module imports from file://, and the site must also work opened from disk. Each widget
// script registers itself in window.r2pWidgets. Where a browser still refuses, the page says
// so in plain words.

import { KIND_EXPORT, KIND_IMPORT, KIND_IMPORTED, KIND_RESET } from "./rules.js";
import { checkEntry, cleanAlias, isNewer } from "./answers-format.js";
// A hash of the widgets' files, made by r2p_course/assets.py when the site is built (there is
// no such file): browsers never keep a stale cached copy of a widget after an update.
import { ASSETS_VERSION } from "./assets-version.js";

const VIEW = "application/vnd.jupyter.widget-view+json";
const STATE = "application/vnd.jupyter.widget-state+json";
const loaderUrl = document.currentScript.src;
const here = new URL(".", loaderUrl);
const reportUrl = new URL("../../book/report.html", loaderUrl).href;
const models = [];

function storageKey(course) {
  return `${course.id}:answers`;
}

function readStore(course) {
  try {
    const data = JSON.parse(localStorage.getItem(storageKey(course)) || "{}");
    if (data && typeof data === "object" && !Array.isArray(data)) return data;
    throw new Error("not a record of answers"); // valid JSON of another shape: kept aside too
  } catch {
    // A damaged entry is kept aside, not overwritten, and a fresh one started.
    localStorage.setItem(`${storageKey(course)}:corrupt-${Date.now()}`, localStorage.getItem(storageKey(course)));
    localStorage.removeItem(storageKey(course));
    console.warn("Saved answers could not be read; they were kept aside and a new record started.");
    return {};
  }
}

function writeStore(course, answers) {
  localStorage.setItem(storageKey(course), JSON.stringify(answers));
}

// The name the learner typed for their trainer, kept per course like the answers (null: none).
function readAlias(course) {
  return cleanAlias(localStorage.getItem(`${course.id}:alias`));
}

function writeAlias(course, alias) {
  if (alias) localStorage.setItem(`${course.id}:alias`, alias);
  else localStorage.removeItem(`${course.id}:alias`);
}

function learner(course) {
  const key = `${course.id}:learner`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

function questionIds(model) {
  return model.get("questions").map((q) => q.id);
}

function ownAnswers(model) {
  const all = readStore(model.get("course"));
  return Object.fromEntries(questionIds(model).filter((id) => all[id]).map((id) => [id, all[id]]));
}

// Check an imported file the same way r2p_course.progress.validate_export does.
function validateExport(data, course) {
  if (!data || typeof data !== "object") throw new Error("expected a JSON object with 'course' and 'answers'");
  if (data.course !== course.id) throw new Error(`expected course '${course.id}', found '${data.course}'`);
  if (!Array.isArray(data.answers)) throw new Error("expected 'answers' to be a list");
  const out = {};
  data.answers.forEach((item, i) => {
    const { qid, entry } = checkEntry(item, i + 1);
    out[qid] = entry;
  });
  return out;
}

function refreshAll() {
  for (const m of models) {
    m.set("answers", ownAnswers(m));
    m.set("alias", readAlias(m.get("course")));
  }
}

function makeModel(state) {
  const attrs = { ...state, report_url: reportUrl };
  const listeners = {};
  const emit = (event, ...args) => (listeners[event] || []).slice().forEach((cb) => cb(...args));
  const model = {
    get: (key) => attrs[key],
    set(key, value) {
      attrs[key] = value;
      emit(`change:${key}`, value);
      emit("change", key, value);
    },
    on(event, cb) { (listeners[event] ||= []).push(cb); },
    off(event, cb) {
      if (!event) { Object.keys(listeners).forEach((k) => delete listeners[k]); return; }
      listeners[event] = cb ? (listeners[event] || []).filter((f) => f !== cb) : [];
    },
    save_changes() {
      const course = attrs.course;
      const all = readStore(course);
      for (const id of questionIds(model)) delete all[id];
      writeStore(course, { ...all, ...attrs.answers });
      const alias = cleanAlias(attrs.alias);
      if (alias !== readAlias(course)) {
        writeAlias(course, alias);
        for (const m of models) if (m !== model) m.set("alias", alias); // the page's other widgets
      }
    },
    send(content) {
      const course = attrs.course;
      let reply;
      if (content.kind === KIND_EXPORT) {
        const all = readStore(course);
        const answers = Object.keys(all).sort().map((id) => ({ question_id: id, ...all[id] }));
        // The name typed in "My answers" (optional), cleaned as r2p_course.answers_format.clean_alias
        // does; else the one kept.
        const alias = cleanAlias(content.alias) || readAlias(course);
        reply = { kind: KIND_EXPORT, data: { course: course.id, version: course.version, learner_id: learner(course), alias, answers } };
      } else if (content.kind === KIND_IMPORT) {
        try {
          const incoming = validateExport(content.data, course);
          const all = readStore(course);
          let count = 0;
          for (const [id, entry] of Object.entries(incoming)) {
            if (!all[id] || isNewer(entry.time, all[id].time)) { all[id] = entry; count += 1; }
          }
          writeStore(course, all);
          // a file from another device brings its name where this one has none yet
          if (!readAlias(course) && cleanAlias(content.data.alias)) writeAlias(course, cleanAlias(content.data.alias));
          refreshAll();
          reply = { kind: KIND_IMPORTED, count };
        } catch (err) {
          reply = { kind: KIND_IMPORTED, count: 0, error: err.message };
        }
      } else if (content.kind === KIND_RESET) {
        writeStore(course, {});
        refreshAll();
        reply = { kind: KIND_RESET };
      }
      if (reply) setTimeout(() => emit("msg:custom", reply, []), 0);
    },
    widget_manager: null,
  };
  attrs.answers = ownAnswers(model);
  attrs.alias = readAlias(attrs.course);
  // this browser's learner id (made on the first visit, kept in localStorage): the widgets
  // order options and tools by it, as JupyterLab does by the progress file's id
  attrs.learner_id = learner(attrs.course);
  return model;
}

const modules = {};
function loadWidget(name) {
  if (!modules[name]) {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL(`${name}.css?v=${ASSETS_VERSION}`, here).href;
    document.head.append(css);
    modules[name] = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(`${name}.js?v=${ASSETS_VERSION}`, here).href;
      script.onload = () => (window.r2pWidgets?.[name] ? resolve(window.r2pWidgets[name])
        : reject(new Error(`${name}.js did not define the exercise`)));
      script.onerror = () => reject(new Error(`the browser did not load ${name}.js`));
      document.head.append(script);
    });
  }
  return modules[name];
}

// The page carries a plain message in place of each exercise (r2p_course.book puts it
// there): removed once the exercise is drawn, or told why it could not be.
function fallbackFor(script) {
  const prev = script.previousElementSibling;
  return prev && prev.classList.contains("r2p-fallback") ? prev : null;
}

// Draws one saved widget view, given its <script> element (complete: its JSON parses).
async function renderView(script, modelId, saved) {
  const state = saved[modelId]?.state;
  if (!state || !state._r2p_widget) return;
  const fallback = fallbackFor(script);
  const holder = document.createElement("div");
  holder.className = "r2p-holder";
  script.before(holder);
  try {
    const module = (await loadWidget(state._r2p_widget)).default;
    const model = makeModel(state);
    models.push(model);
    await module.initialize?.({ model });
    await module.render({ model, el: holder });
    fallback?.remove();
  } catch (err) {
    console.warn("r2p: an exercise could not be shown:", err);
    if (fallback) {
      fallback.textContent = "This exercise could not be shown in your browser " +
        `(${err.message}). Try another browser, or open the course in JupyterLab.`;
    }
  }
}

// Each widget is drawn as soon as its part of the page has been parsed, not at
// DOMContentLoaded, which waits for the whole page and every deferred script of the theme
// (slow on a phone). The saved state comes before this script in <head>, so the widgets'
// front ends start loading at once; a view whose JSON is still arriving is tried again on
// the next batch of parsed nodes.
let saved = null;
const started = new WeakSet();
const renders = [];

function renderArrived() {
  if (!saved) {
    const stateScript = document.querySelector(`script[type="${STATE}"]`);
    if (!stateScript) return;
    saved = JSON.parse(stateScript.textContent).state || {};
    for (const model of Object.values(saved)) {
      if (model?.state?._r2p_widget) loadWidget(model.state._r2p_widget).catch(() => {});
    }
  }
  for (const script of document.querySelectorAll(`script[type="${VIEW}"]`)) {
    if (started.has(script)) continue;
    let view;
    try {
      view = JSON.parse(script.textContent);
    } catch {
      continue; // not fully parsed yet
    }
    started.add(script);
    renders.push(renderView(script, view.model_id, saved));
  }
}

async function finish() {
  renderArrived();
  await Promise.all(renders);
  if (saved) document.documentElement.dataset.r2pReady = "true";
}

if (document.readyState === "loading") {
  const watcher = new MutationObserver(renderArrived);
  watcher.observe(document, { childList: true, subtree: true, characterData: true });
  renderArrived();
  document.addEventListener("DOMContentLoaded", () => { watcher.disconnect(); finish(); });
} else {
  finish();
}
