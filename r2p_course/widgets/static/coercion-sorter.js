// CoercionSorter: sort the report's tools by how coercive they are. Two kinds of question:
// - order: put the tools in order from least to most coercive, by dragging a tool by its
//   handle (mouse, pen or touch: pointer events) or with its Move up / Move down buttons
//   (keyboard and screen readers). Any order that respects the tiers is right.
// - tiers: place each tool in one of the three tiers, with the tool's radio group
//   (keyboard) or by dragging it into a tier's zone. The answer is one tier per tool, in
//   the question's item order (null for a tool not placed yet).
// Each learner sees the tools in an order of their own (order.js): the order question starts
// in it (unless it already respects the tiers), the tiers question lists the tools in it;
// answers keep their form (the order of ids; the tiers in the question's written item order).
// Only the drag handle has touch-action: none, so the page still scrolls by touch elsewhere.
// data-lm-suppress-shortcuts on each control keeps JupyterLab's notebook shortcuts (arrow
// keys, Enter) off it, so there too the keys move through the radios and press the buttons.

import { TIER_NAMES } from "./rules.js";
import { grade, hint } from "./grading.js";
import { el, nextId } from "./shared.js";
import { renderBank } from "./bank.js";
import { shownOrder } from "./order.js";

const NO_SHORTCUTS = { "data-lm-suppress-shortcuts": "true" };

const TIERS = [1, 2, 3];
const ZONES = [0, ...TIERS]; // the tier mode's zones: "no tier yet" (0), then each tier
const EDGE = 48;

function parasOf(item) {
  return item.paragraphs.length > 1 ? `paras ${item.paragraphs.join(", ")}` : `para ${item.paragraphs[0]}`;
}

function gripHandle() {
  return el("span", { class: "r2p-handle", "aria-hidden": "true", title: "Drag to move" });
}

// ------------------------------------------------------------------ pointer dragging

function scrollParent(node) {
  for (let n = node.parentElement; n && n !== document.body; n = n.parentElement) {
    const overflow = getComputedStyle(n).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && n.scrollHeight > n.clientHeight) return n;
  }
  return document.scrollingElement || document.documentElement;
}

// Let `card` be dragged by `handle` (any pointer) or, with a mouse, by the card itself.
// hooks: enabled(), start(), move(x, y), drop(x, y), cancel(); axis "y" keeps the card in
// its column. The card follows the pointer; the page scrolls when the pointer nears an edge.
function draggable(card, handle, hooks) {
  card.addEventListener("pointerdown", (down) => {
    if (!down.isPrimary || down.button !== 0 || !hooks.enabled()) return;
    const onHandle = handle.contains(down.target);
    if (!onHandle && (down.pointerType !== "mouse" || down.target.closest("button, input, label, a"))) return;
    down.preventDefault();
    const id = down.pointerId;
    const capturer = onHandle ? handle : card;
    try {
      capturer.setPointerCapture(id);
    } catch {
      // a synthetic pointer (tests, assistive tools) cannot be captured: window listeners do
    }
    const scroller = scrollParent(card);
    const box = card.getBoundingClientRect();
    const grabX = down.clientX - box.left;
    const grabY = down.clientY - box.top;
    let x = down.clientX;
    let y = down.clientY;
    let tx = 0;
    let ty = 0;
    let dragging = false;
    let frame = 0;

    const follow = () => {
      const r = card.getBoundingClientRect();
      tx = hooks.axis === "y" ? 0 : x - grabX - (r.left - tx);
      ty = y - grabY - (r.top - ty);
      card.style.transform = `translate(${tx}px, ${ty}px)`;
    };
    const autoScroll = () => {
      frame = 0;
      if (!dragging) return;
      const view = scroller === document.scrollingElement || scroller === document.documentElement
        ? { top: 0, bottom: window.innerHeight } : scroller.getBoundingClientRect();
      const delta = y < view.top + EDGE ? -10 : y > view.bottom - EDGE ? 10 : 0;
      if (!delta) return;
      const before = scroller.scrollTop;
      scroller.scrollTop += delta;
      if (scroller.scrollTop === before) return;
      hooks.move(x, y);
      follow();
      frame = requestAnimationFrame(autoScroll);
    };
    const onMove = (e) => {
      if (e.pointerId !== id) return;
      x = e.clientX;
      y = e.clientY;
      if (!dragging && Math.hypot(x - down.clientX, y - down.clientY) < 4) return;
      e.preventDefault();
      if (!dragging) {
        dragging = true;
        card.classList.add("r2p-dragging");
        hooks.start();
      }
      hooks.move(x, y);
      follow();
      if (!frame) frame = requestAnimationFrame(autoScroll);
    };
    const finish = (dropped) => {
      window.removeEventListener("pointermove", onMove);
      window.removeEventListener("pointerup", onUp);
      window.removeEventListener("pointercancel", onCancel);
      window.removeEventListener("keydown", onKey, true);
      cancelAnimationFrame(frame);
      try {
        capturer.releasePointerCapture(id);
      } catch {
        // never captured
      }
      card.classList.remove("r2p-dragging");
      card.style.transform = "";
      if (!dragging) return;
      dragging = false;
      if (dropped) hooks.drop(x, y);
      else hooks.cancel();
    };
    const onUp = (e) => {
      if (e.pointerId !== id) return;
      x = e.clientX;
      y = e.clientY;
      finish(true);
    };
    const onCancel = (e) => {
      if (e.pointerId === id) finish(false);
    };
    const onKey = (e) => {
      if (e.key !== "Escape" || !dragging) return;
      e.preventDefault();
      e.stopPropagation();
      finish(false);
    };
    window.addEventListener("pointermove", onMove, { passive: false });
    window.addEventListener("pointerup", onUp);
    window.addEventListener("pointercancel", onCancel);
    window.addEventListener("keydown", onKey, true);
  });
}

// ------------------------------------------------------------------ order mode

function orderInputs(question, block, promptId, learnerId, bankFixed) {
  const list = el("ol", { class: "r2p-sort", "aria-labelledby": promptId });
  const announce = el("p", { class: "r2p-sr-only", "aria-live": "polite" });
  const byId = Object.fromEntries(question.items.map((i) => [i.id, i]));
  let locked = false;
  let before = [];
  const items = {};
  for (const item of question.items) {
    const li = el("li", { class: "r2p-sort-item", "data-tool-id": item.id });
    const handle = gripHandle();
    const up = el("button", { type: "button", class: "r2p-move", "aria-label": `Move ${item.name} up`, text: "▲", ...NO_SHORTCUTS });
    const down = el("button", { type: "button", class: "r2p-move", "aria-label": `Move ${item.name} down`, text: "▼", ...NO_SHORTCUTS });
    up.addEventListener("click", () => move(item.id, -1, up));
    down.addEventListener("click", () => move(item.id, 1, down));
    li.append(handle, el("span", { class: "r2p-sort-name", text: item.name }), el("span", { class: "r2p-move-group" }, up, down));
    items[item.id] = { li, up, down };
    draggable(li, handle, {
      axis: "y",
      enabled: () => !locked,
      start: () => { before = order(); },
      move: (x, y) => {
        const others = [...list.children].filter((c) => c !== li);
        const index = others.filter((c) => {
          const r = c.getBoundingClientRect();
          return r.top + r.height / 2 < y;
        }).length;
        const target = others[index] || null;
        if (li.nextElementSibling !== target) list.insertBefore(li, target);
      },
      drop: () => {
        const ids = order();
        place(ids);
        const to = ids.indexOf(item.id);
        if (to !== before.indexOf(item.id)) say(`${item.name} moved to position ${to + 1} of ${ids.length}.`);
      },
      cancel: () => place(before),
    });
  }
  block.append(el("p", { class: "r2p-hint", text: "Top: least coercive. Bottom: most coercive. Drag a tool by its handle (mouse or touch), or use its arrow buttons (Tab, then Enter)." }), list, announce);

  function say(text) {
    announce.textContent = text;
  }
  function order() {
    return [...list.children].map((li) => li.dataset.toolId);
  }
  function place(ids) {
    const focused = list.contains(document.activeElement) ? document.activeElement : null;
    list.replaceChildren(...ids.map((id) => items[id].li));
    if (focused) focused.focus({ preventScroll: true });
    list.classList.toggle("r2p-locked", locked);
    const n = ids.length;
    ids.forEach((id, i) => {
      items[id].up.disabled = locked || i === 0;
      items[id].down.disabled = locked || i === n - 1;
    });
  }
  function move(id, step, button) {
    const ids = order();
    const from = ids.indexOf(id);
    const to = from + step;
    if (locked || to < 0 || to >= ids.length) return;
    [ids[from], ids[to]] = [ids[to], ids[from]];
    place(ids);
    const target = button.disabled ? (step < 0 ? items[id].down : items[id].up) : button;
    target.focus();
    say(`${byId[id].name} moved to position ${to + 1} of ${ids.length}.`);
  }
  // The learner's order, unless it already respects the tiers (a Check would call it right
  // before any move): then the written order, which the banks keep scrambled (test_quiz.py).
  const written = question.items.map((i) => i.id);
  const shuffled = shownOrder(learnerId, question, written, bankFixed);
  const initial = grade(question, shuffled).result === "correct" ? written : shuffled;
  place(initial);
  return {
    read: order,
    restore: (answer) => {
      if (Array.isArray(answer) && answer.length === initial.length && answer.every((id) => id in items)) place(answer);
    },
    clear: () => place(initial),
    lock: (on) => { locked = on; place(order()); },
    focus: () => items[order()[0]].down.focus(),
  };
}

function orderDetails(question, graded) {
  const byId = Object.fromEntries(question.items.map((i) => [i.id, i]));
  return graded.misplaced.map((id) => {
    const item = byId[id];
    return `${item.name} is out of place: the report places it among ${TIER_NAMES[item.tier]} measures (${parasOf(item)}).`;
  });
}

// ------------------------------------------------------------------ tiers mode

function tierInputs(question, block, learnerId, bankFixed) {
  const announce = el("p", { class: "r2p-sr-only", "aria-live": "polite" });
  const board = el("div", { class: "r2p-board" });
  const zones = {};
  for (const t of ZONES) {
    const titleId = nextId("zone");
    const title = el("p", { class: "r2p-zone-title", id: titleId, text: t ? `Tier ${t}: ${TIER_NAMES[t]}` : "Not placed yet" });
    const list = el("ul", { class: "r2p-zone-list", "aria-labelledby": titleId });
    const empty = el("p", { class: "r2p-zone-empty", text: t ? "No tool in this tier yet." : "Every tool has a tier." });
    const zone = el("div", { class: "r2p-zone", "data-tier": String(t) }, title, list, empty);
    zones[t] = { zone, list, empty };
    board.append(zone);
  }
  let locked = false;
  let moving = false;
  const cards = {};
  // `index`: the tool's place in the shown order, which each zone keeps
  const byId = Object.fromEntries(question.items.map((i) => [i.id, i]));
  const shown = shownOrder(learnerId, question, question.items.map((i) => i.id), bankFixed).map((id) => byId[id]);
  shown.forEach((item, index) => {
    const li = el("li", { class: "r2p-sort-item r2p-tier-item", "data-tool-id": item.id });
    const handle = gripHandle();
    const group = el("fieldset", { class: "r2p-tier-choice" }, el("legend", { class: "r2p-sort-name", text: item.name }));
    const options = el("div", { class: "r2p-tier-options" });
    const name = nextId("tier");
    const inputs = TIERS.map((t) => {
      const input = el("input", { type: "radio", name, value: String(t), ...NO_SHORTCUTS });
      options.append(el("label", { class: "r2p-tier-option" }, input, el("span", { class: "r2p-tier-number", text: String(t) }), ` ${TIER_NAMES[t]}`));
      return input;
    });
    group.append(options);
    li.append(handle, group);
    const card = { item, index, li, inputs, tier: null, keyboard: false, placed: false };
    cards[item.id] = card;
    li.addEventListener("keydown", (event) => {
      card.keyboard = true;
      // The tool just placed from the keyboard has moved into its tier's zone, away from the
      // tools with no tier yet: Tab goes on to the next of those, as it did before the move.
      if (event.key !== "Tab" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey || !card.placed) return;
      const next = [...zones[0].list.children].map((other) => cards[other.dataset.toolId])
        .find((other) => other.index > card.index) || cards[zones[0].list.firstElementChild?.dataset.toolId];
      if (!next) return;
      event.preventDefault();
      next.inputs[0].focus();
    });
    li.addEventListener("pointerdown", () => { card.keyboard = false; });
    group.addEventListener("change", (event) => {
      const tier = Number(event.target.value);
      card.tier = tier;
      // The tool moves to its tier at once, by keyboard too; focus stays on its radio, so the
      // arrow keys keep choosing, and the move is announced.
      settle(card);
      card.placed = card.keyboard;
      say(`${item.name} placed in tier ${tier}, ${TIER_NAMES[tier]}.`);
    });
    li.addEventListener("focusout", (event) => {
      if (moving || li.contains(event.relatedTarget)) return;
      card.placed = false;
      settle(card);
    });
    draggable(li, handle, {
      enabled: () => !locked,
      start: () => {},
      move: (x, y) => highlight(zoneAt(x, y)),
      drop: (x, y) => {
        highlight(null);
        const over = zoneAt(x, y);
        if (over === null) return;
        setTier(card, over || null);
        say(over ? `${item.name} placed in tier ${over}, ${TIER_NAMES[over]}.` : `${item.name} has no tier now.`);
      },
      cancel: () => highlight(null),
    });
  });
  block.append(el("p", { class: "r2p-hint", text: "Place each tool in a tier: choose its tier (Tab to the tool, then the arrow keys or Space; Tab again goes to the next tool with no tier), or drag the tool by its handle into a tier." }), board, announce);

  function say(text) {
    announce.textContent = text;
  }
  // show which zone a dragged tool is over (null: none)
  function highlight(over) {
    for (const t of ZONES) zones[t].zone.classList.toggle("r2p-over", t === over);
  }

  function zoneAt(x, y) {
    for (const t of ZONES) {
      const r = zones[t].zone.getBoundingClientRect();
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return t;
    }
    return null;
  }
  // Put a card in the zone of its tier, keeping the shown order inside each zone.
  function settle(card) {
    const list = zones[card.tier || 0].list;
    if (card.li.parentElement === list) return;
    const focused = card.li.contains(document.activeElement) ? document.activeElement : null;
    const next = [...list.children].find((li) => cards[li.dataset.toolId].index > card.index);
    // Moving a card blurs what has focus inside it (a focusout): give the focus back.
    moving = true;
    list.insertBefore(card.li, next || null);
    moving = false;
    if (focused) focused.focus({ preventScroll: true });
    for (const t of ZONES) zones[t].empty.hidden = zones[t].list.children.length > 0;
  }
  function setTier(card, tier) {
    card.tier = tier;
    card.inputs.forEach((input) => { input.checked = Number(input.value) === tier; });
    settle(card);
  }
  function each(fn) {
    question.items.forEach((item, i) => fn(cards[item.id], i));
  }
  function lock(on) {
    locked = on;
    board.classList.toggle("r2p-locked", on);
    each((card) => {
      settle(card);
      card.inputs.forEach((input) => { input.disabled = on; });
    });
  }
  each((card) => setTier(card, null));
  return {
    read: () => {
      const answer = question.items.map((item) => cards[item.id].tier);
      return answer.some((t) => t !== null) ? answer : [];
    },
    restore: (answer) => {
      if (!Array.isArray(answer) || answer.length !== question.items.length) return;
      each((card, i) => setTier(card, TIERS.includes(answer[i]) ? answer[i] : null));
    },
    clear: () => each((card) => setTier(card, null)),
    lock,
    focus: () => cards[shown[0].id].inputs[0].focus(),
  };
}

function tierDetails(question, graded, answer) {
  return graded.misplaced.map((id) => {
    const i = question.items.findIndex((item) => item.id === id);
    const item = question.items[i];
    const given = Array.isArray(answer) ? answer[i] : null;
    const where = TIERS.includes(given) ? `is not in tier ${given}` : "has no tier yet";
    return `${item.name} ${where}: the report places it in tier ${item.tier}, ${TIER_NAMES[item.tier]} (${parasOf(item)}).`;
  });
}

// ------------------------------------------------------------------ the widget

function sorterInputs(question, block, promptId, learnerId, bankFixed) {
  return question.type === "tiers" ? tierInputs(question, block, learnerId, bankFixed) : orderInputs(question, block, promptId, learnerId, bankFixed);
}

function sorterDetails(question, graded, answer) {
  return question.type === "tiers" ? tierDetails(question, graded, answer) : orderDetails(question, graded);
}

// A first wrong check: which tools are misplaced and where to read about each, not their tier.
function sorterHints(question, hinted, answer) {
  const byId = Object.fromEntries(question.items.map((i) => [i.id, i]));
  return hinted.misplaced.map((id) => {
    const item = byId[id];
    if (question.type !== "tiers") return `${item.name} is out of place: see where the report places it (${parasOf(item)}).`;
    const given = Array.isArray(answer) ? answer[question.items.indexOf(item)] : null;
    const where = TIERS.includes(given) ? `is not in tier ${given}` : "has no tier yet";
    return `${item.name} ${where}: see where the report places it (${parasOf(item)}).`;
  });
}

// The learner id orders the tools, unless the bank keeps its order (fixed_order); both are read
// when the widget is drawn.
function render({ model, el: root }) {
  const learnerId = model.get("learner_id");
  const bankFixed = model.get("fixed_order") === true;
  const inputs = (question, block, promptId) => sorterInputs(question, block, promptId, learnerId, bankFixed);
  return renderBank({ model, el: root, kind: "coercion-sorter", inputs, details: sorterDetails, hints: sorterHints });
}

export default { render };
export { grade, hint };
