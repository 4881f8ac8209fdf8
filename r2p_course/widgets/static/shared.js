// Safe text and small DOM helpers shared by the widgets and the website's pages: text from the
// quiz banks never goes in as HTML, and paragraph citations become links to the report.

import { CITATION_PATTERN } from "./rules.js";

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

// the course's one citation pattern (r2p_course/rules.py), with its groups `word` and `numbers`
const CITATION = new RegExp(CITATION_PATTERN, "g");

function appendCitations(parent, text, reportUrl) {
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    parent.append(text.slice(last, m.index), m.groups.word + " ");
    const parts = m.groups.numbers.split(/(\s*(?:[-–,]|and)\s*)/);
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

let uid = 0;
function nextId(prefix) {
  uid += 1;
  return `r2p-${prefix}-${uid}-${Math.random().toString(36).slice(2, 7)}`;
}

export { paraLink, richText, el, citeList, saveFile, nextId };
