// "Class results" on the website: a trainer with only a browser chooses the answers files the
// learners handed in and sees what the class got wrong. Everything happens in this page; no
// file is sent anywhere. The figures come from results.js (the port of r2p_course/results.py);
// this file reads the files chosen and draws the tables. The course's questions come from
// window.r2pCourse (course-data.js, written at build time).

import { ANSWER_COLUMNS } from "./rules.js";
import { collect, compareText, csvText } from "./results.js";
import { el, nextId, saveFile } from "./shared.js";


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
  gainObjectives: [["scope", "Objective"], ["learners", "Learners (took both)"], ["mean_pre", "Pre (mean)"],
    ["mean_post", "Post (mean)"], ["gain", "Gain"], ["only_pre", "Pre-check only"], ["only_post", "Post-check only"]],
  gainLearners: [["who", "Learner"], ["pre", "Pre"], ["post", "Post"], ["gain", "Gain"]],
};

// answerKeys: bank name -> its answer keys page (course-data.js), for the question column
function cell(value, row, answerKeys, key) {
  if ((value === null || value === undefined) && key === "gain" && row.note) {
    // why there is no gain ("undefined: perfect pre score", "took only the pre-check"), never 0
    return el("span", { class: "r2p-results-why", text: row.note });
  }
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
  section.append(el(options.level || "h2", { id: headingId, text: title }));
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
      // scores and gains: three decimals, as the command's summary (they are rounded to three)
      const value = options.fixed?.includes(key) && numeric ? row[key].toFixed(3) : row[key];
      const content = cell(value, row, key === "question" && options.answerKeys, key);
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

// "Learning gain": the class's pre and post scores per objective (first attempts at the
// pre-check and post-check banks) and the gain of the means, each learner's, and who took only
// one of the two checks, by name.
function gainSection(result) {
  const section = el("section", { class: "r2p-results-part" });
  section.append(el("h2", { text: "Learning gain" }));
  const { gain, gain_objectives: classRows } = result.tables;
  if (!gain.length) {
    section.append(el("p", { text: "Nobody took the pre-check or the post-check in these files." }));
    return section;
  }
  section.append(el("p", { class: "r2p-note", text: "Scores count each learner's first attempt at the pre-check "
    + "and at the post-check (0 to 1). Gain = (post \u2212 pre) / (1 \u2212 pre): the share of what was left to learn "
    + "that was learned; negative when the post score is lower; undefined after a perfect pre score. The class's "
    + "figures are over the learners who took both checks." }));
  const named = [["pre_only", "pre-check"], ["post_only", "post-check"]]
    .filter(([key]) => result.one_check[key].length)
    .map(([key, check]) => `Took only the ${check} (${result.one_check[key].length}, not in the class's figures): `
      + `${result.one_check[key].join(", ")}.`);
  for (const text of named) section.append(el("p", { class: "r2p-results-one-check", text }));
  const scope = (r) => ({ ...r, scope: r.objective === "all" ? "All (the whole check)" : r.objective });
  section.append(
    tableSection("Learning gain per objective", null, classRows.map(scope), COLUMNS.gainObjectives,
      { level: "h3", fixed: ["mean_pre", "mean_post", "gain"] }),
    tableSection("Learning gain per learner", "The whole check; per objective in summary.json (and the command's gain.csv).",
      gain.filter((r) => r.objective === "all").map((r) => ({ ...r, who: r.alias || r.learner })),
      COLUMNS.gainLearners, { level: "h3", fixed: ["pre", "post", "gain"] }));
  return section;
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
    last = collect([...files.values()], banks, course);
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
      gainSection(last),
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
    tables: Object.fromEntries(["banks", "learners", "questions", "objectives", "sorter", "stages", "problems", "gain",
      "gain_objectives"].map((k) => [k, last.tables[k]])),
    one_check: last.one_check,
  }, null, 1) + "\n", "application/json"));
  restore();
  show();
}

function start() {
  for (const node of document.querySelectorAll("[data-r2p-class-results]")) render({ el: node });
}

export default { render, start };
export { collect };
