// "My progress" on the website: the learner's own answers, read from this browser's local
// storage (where the exercises keep them, under "<course id>:answers"), counted per chapter and
// learning objective, with the questions to revisit and a link to the page of each.
//
// summarize() is the rule of r2p_course/progress_summary.py (the notebook's version);
// tests/progress_summary_cases.json is run against both. The course's questions, objectives
// and pages come from window.r2pProgressData (progress-data.js, written at build time). The
// page only reads the store: it never changes or repairs it.

import { ANSWER_RESULTS } from "./rules.js";
import { el } from "./shared.js";

const MY_PROGRESS_REVISIT = ["incorrect", "partial"];
const RESULT_WORDS = { incorrect: "not right yet", partial: "partly right" };
// The address of this script, for links to the course's pages (resolved from the site's
// root, so they work from a server and from disk alike).
const PROGRESS_SCRIPT = (typeof document !== "undefined" && document.currentScript) ? document.currentScript.src : "";

function summarize(data, answers) {
  const resultOf = (qid) => {
    const entry = Object.prototype.hasOwnProperty.call(answers, qid) ? answers[qid] : null;
    const result = entry && typeof entry === "object" ? entry.result : null;
    return ANSWER_RESULTS.includes(result) ? result : null;
  };
  const blank = (extra) => ({ ...extra, questions: 0, answered: 0, correct: 0 });
  const chapterOf = new Map(data.objectives.map((o) => [o.id, o.chapter]));
  const objectives = new Map(data.objectives.map((o) => [o.id, blank({ objective: o.id, chapter: o.chapter })]));
  const chapters = new Map();
  for (const o of data.objectives) if (!chapters.has(o.chapter)) chapters.set(o.chapter, blank({ chapter: o.chapter }));
  const totals = blank({});
  const revisit = [];
  for (const q of data.questions) {
    const result = resultOf(q.id);
    const rows = q.objectives.filter((o) => objectives.has(o)).map((o) => objectives.get(o));
    const own = [...new Set(q.objectives.filter((o) => chapterOf.has(o)).map((o) => chapterOf.get(o)))];
    rows.push(...own.map((c) => chapters.get(c)), totals);
    for (const row of rows) {
      row.questions += 1;
      row.answered += result !== null ? 1 : 0;
      row.correct += result === "correct" ? 1 : 0;
    }
    if (MY_PROGRESS_REVISIT.includes(result)) revisit.push({ question: q.id, result });
  }
  return { ...totals, chapters: [...chapters.values()], objectives: [...objectives.values()], revisit };
}

// The learner's saved answers; null when the store holds something that is not a record of
// answers (the exercises' loader keeps such an entry aside the next time an exercise opens).
function savedAnswers(course) {
  try {
    const data = JSON.parse(localStorage.getItem(`${course.id}:answers`) || "{}");
    return data && typeof data === "object" && !Array.isArray(data) ? data : null;
  } catch {
    return null;
  }
}

function pageLink(page, text) {
  return el("a", { href: new URL(`../../${page}`, PROGRESS_SCRIPT || document.baseURI).href, text });
}

function countTable(caption, headings, rows) {
  const table = el("table", { class: "r2p-progress-table" }, el("caption", { text: caption }));
  table.append(el("thead", {}, el("tr", {}, ...headings.map((h) => el("th", { scope: "col", text: h })))));
  const body = el("tbody");
  for (const cells of rows) {
    body.append(el("tr", {}, el("th", { scope: "row" }, ...cells[0]),
      ...cells.slice(1).map((c) => el("td", { class: "r2p-num", text: String(c) }))));
  }
  table.append(body);
  // a wide table scrolls inside its own region on a narrow screen, reachable from the keyboard
  return el("div", { class: "r2p-progress-scroll", role: "region", tabindex: "0", "aria-label": caption }, table);
}

function render({ el: root }) {
  const data = window.r2pProgressData;
  root.replaceChildren();
  root.classList.add("r2p-widget", "r2p-progress");
  const status = el("p", { class: "r2p-progress-status", role: "status" });
  root.append(status);
  if (!data) {
    status.textContent = "The course's list of questions did not load, so your progress cannot be shown. Reload the page.";
    return;
  }
  const answers = savedAnswers(data.course);
  if (answers === null) {
    status.textContent = "The answers saved in this browser could not be read. Open any exercise: it keeps the "
      + "damaged record aside and starts a new one.";
    return;
  }
  const s = summarize(data, answers);
  const titles = new Map(data.chapters.map((c) => [c.chapter, c]));
  const byId = new Map(data.questions.map((q) => [q.id, q]));
  if (!s.answered) {
    status.textContent = `You have not answered any question yet in this browser. The course has ${s.questions} `
      + "questions in its chapters and labs; answer some and come back here.";
  } else {
    status.textContent = `You have answered ${s.answered} of the course's ${s.questions} questions in this browser, `
      + `${s.correct} of them right. ${s.revisit.length ? `${s.revisit.length} to revisit (below).` : "None to revisit."}`;
  }
  root.append(el("h2", { text: "By chapter" }), countTable(
    "Your answers by chapter",
    ["Chapter", "Questions", "Answered", "Right"],
    s.chapters.map((c) => {
      const chapter = titles.get(c.chapter);
      const name = chapter ? [`${c.chapter}. `, pageLink(chapter.page, chapter.title)] : [`${c.chapter} (chapter to come)`];
      return [name, c.questions, c.answered, c.correct];
    }),
  ));
  root.append(el("h2", { text: "By learning objective" }), countTable(
    "Your answers by learning objective",
    ["Objective", "Questions", "Answered", "Right"],
    s.objectives.map((o) => [[el("strong", { text: o.objective }), " ",
      el("span", { class: "r2p-progress-objective", text: data.objectives.find((x) => x.id === o.objective).text })],
    o.questions, o.answered, o.correct]),
  ));
  root.append(el("h2", { text: "To revisit" }));
  if (!s.revisit.length) {
    root.append(el("p", { text: s.answered ? "No answer of yours is wrong or partly right: nothing to revisit."
      : "Questions you answer wrongly or partly right will be listed here, with a link to each." }));
  } else {
    const list = el("ul", { class: "r2p-progress-revisit" });
    for (const r of s.revisit) {
      const q = byId.get(r.question);
      list.append(el("li", {}, pageLink(q.page, q.title), `: ${q.prompt} `,
        el("span", { class: "r2p-progress-result", text: `(${RESULT_WORDS[r.result]}; question ${q.id})` })));
    }
    root.append(list);
  }
}

function start() {
  const draw = () => { for (const node of document.querySelectorAll("[data-r2p-my-progress]")) render({ el: node }); };
  draw();
  // answers given in another tab show up here without a reload
  window.addEventListener("storage", (event) => { if (!event.key || event.key.endsWith(":answers")) draw(); });
}

export default { render, start };
export { summarize };
