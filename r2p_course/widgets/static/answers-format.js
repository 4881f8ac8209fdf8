// The answers file's rules, as r2p_course/answers_format.py has them, name for name (checkEntry
// is check_entry...; tests/answers_format_cases.json runs against both): one answer entry, its
// time and the learner's name. Imported by every widget, the Class results page and the
// website's loader (for "Import"); their limits come from rules.js (generated from rules.py).

import { ALIAS_MAX, ANSWER_RESULTS, UNPRINTABLE_PATTERN } from "./rules.js";

// control characters (C0, DEL, C1), line and paragraph separators, the byte-order mark
const UNPRINTABLE = new RegExp(UNPRINTABLE_PATTERN, "g");

// The name a learner typed for their trainer, cleaned as answers_format.clean_alias does, or null.
function cleanAlias(value) {
  if (typeof value !== "string") return null;
  const words = value.replace(UNPRINTABLE, " ").split(/\s+/).filter(Boolean).join(" ");
  const text = Array.from(words).slice(0, ALIAS_MAX).join("").trim();
  return text || null;
}

// An answer's time as microseconds since 1970, UTC (a BigInt: a Number would lose microseconds
// far from 1970; a time without a zone is UTC), or null when it is not in answers_format.ISO_TIME's
// form, the one the widgets write.
const ISO_TIME = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,6}))?)?(?:Z|([+-])([01]\d|2[0-3]):([0-5]\d))?$/;

function isoMicros(value) {
  const m = typeof value === "string" ? ISO_TIME.exec(value) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] || 0));
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d); // not Date.UTC, which reads years 0-99 as 1900-1999
  if (y < 1 || day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  const offset = m[8] ? (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60) : 0;
  return BigInt(day.getTime() / 1000 + h * 3600 + mi * 60 + s - offset) * 1000000n + BigInt((m[7] || "").padEnd(6, "0"));
}

// True when answer time `time` is later than `than` (a time that cannot be read is the
// oldest): the rule by which the latest answer wins (answers_format.is_newer).
function isNewer(time, than) {
  const mine = isoMicros(time);
  const other = isoMicros(than);
  return other === null || (mine !== null && mine > other);
}

// One entry of a file's 'answers', checked as answers_format.check_entry checks it: its question
// id and entry, or an Error saying which field is wrong.
function checkEntry(item, number) {
  if (!item || typeof item !== "object" || Array.isArray(item)) throw new Error(`answer ${number}: expected an object`);
  const qid = item.question_id;
  if (typeof qid !== "string" || !qid) throw new Error(`answer ${number}: expected a 'question_id' text`);
  if (!ANSWER_RESULTS.includes(item.result)) {
    throw new Error(`answer ${number} (${qid}): expected 'result' in ('correct', 'partial', 'incorrect')`);
  }
  if (!Array.isArray(item.answer)) throw new Error(`answer ${number} (${qid}): expected 'answer' to be a list`);
  if (isoMicros(item.time) === null) {
    throw new Error(`answer ${number} (${qid}): expected an ISO 8601 'time' (such as 2026-03-10T09:15:00.000Z)`);
  }
  const entry = { answer: item.answer, result: item.result, time: item.time };
  // Optional (answers_format.check_entry): checks made, the first check's result, a check bank's
  // first answer, key shown.
  if ("attempts" in item) {
    if (!Number.isInteger(item.attempts) || item.attempts < 1) {
      throw new Error(`answer ${number} (${qid}): expected 'attempts' to be a whole number from 1`);
    }
    entry.attempts = item.attempts;
  }
  if ("first_result" in item) {
    if (!ANSWER_RESULTS.includes(item.first_result)) {
      throw new Error(`answer ${number} (${qid}): expected 'first_result' in ('correct', 'partial', 'incorrect')`);
    }
    entry.first_result = item.first_result;
  }
  if ("first_answer" in item) {
    // a check bank's first submission (mode: check), kept for learning gain; [] is unanswered
    if (!Array.isArray(item.first_answer)) throw new Error(`answer ${number} (${qid}): expected 'first_answer' to be a list`);
    entry.first_answer = item.first_answer;
  }
  if ("revealed" in item) {
    if (typeof item.revealed !== "boolean") throw new Error(`answer ${number} (${qid}): expected 'revealed' to be true or false`);
    entry.revealed = item.revealed;
  }
  return { qid, entry };
}

export { UNPRINTABLE, cleanAlias, isoMicros, isNewer, checkEntry };
