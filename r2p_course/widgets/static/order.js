// Each learner's own order of a question's options (choice) or tools (order, tiers): a fair
// order, so no option gains from being read first, that stays put for that learner. No DOM and
// no randomness from the browser: the order is a pure function of (learner id, question id,
// the list of ids), so the website and JupyterLab show the same learner the same order, and a
// reload shows it again. tests/shuffle_cases.json pins it (run in Node.js and on the site).
//
// How: the text `${learnerId}\n${questionId}` is encoded as UTF-8 and hashed with 32-bit
// FNV-1a; that hash seeds mulberry32, a small 32-bit generator; its draws drive a
// Fisher-Yates shuffle of a copy of the list (from the last place down, place i swaps with
// floor(draw * (i + 1))). Only the display moves: answers stay stored by option or tool id.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

// 32-bit FNV-1a of a text's UTF-8 bytes, as an unsigned integer.
function fnv1a(text) {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(String(text))) {
    hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

// mulberry32: a generator of numbers in [0, 1) from a 32-bit seed; the same seed gives the
// same numbers in every JavaScript engine (integer arithmetic only, then one division).
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The ids in this learner's order for this question (a new list; the one given is untouched).
function learnerOrder(learnerId, questionId, ids) {
  const draw = mulberry32(fnv1a(`${learnerId}\n${questionId}`));
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(draw() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// The order a widget shows a question's ids in: as written when the question or its bank
// (`bankFixed`, the widget's fixed_order) says `fixed_order: true`, or when there is no learner
// id (nothing to keep the order by); else the learner's own order.
function shownOrder(learnerId, question, ids, bankFixed = false) {
  if (bankFixed === true || question.fixed_order === true || !learnerId) return [...ids];
  return learnerOrder(learnerId, question.id, ids);
}

export { fnv1a, learnerOrder, shownOrder };
