// CoercionSorter: put the report's tools in order from least to most coercive with the
// Move up / Move down buttons (keyboard and screen-reader friendly; no dragging needed).
// Any order that respects the tiers is right. Joined after shared.js into one module.

function sorterInputs(question, block, promptId) {
  const list = el("ol", { class: "r2p-sort", "aria-labelledby": promptId });
  const announce = el("p", { class: "r2p-sr-only", "aria-live": "polite" });
  const byId = Object.fromEntries(question.items.map((i) => [i.id, i]));
  let locked = false;
  const items = {};
  for (const item of question.items) {
    const li = el("li", { class: "r2p-sort-item", "data-tool-id": item.id });
    const up = el("button", { type: "button", class: "r2p-move", "aria-label": `Move ${item.name} up`, text: "▲" });
    const down = el("button", { type: "button", class: "r2p-move", "aria-label": `Move ${item.name} down`, text: "▼" });
    up.addEventListener("click", () => move(item.id, -1, up));
    down.addEventListener("click", () => move(item.id, 1, down));
    li.append(el("span", { class: "r2p-sort-name", text: item.name }), el("span", { class: "r2p-move-group" }, up, down));
    items[item.id] = { li, up, down };
  }
  block.append(el("p", { class: "r2p-hint", text: "Top: least coercive. Bottom: most coercive. Use the arrow buttons (or Tab and Enter) to move a tool." }), list, announce);

  function order() {
    return [...list.children].map((li) => li.dataset.toolId);
  }
  function place(ids) {
    list.replaceChildren(...ids.map((id) => items[id].li));
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
    announce.textContent = `${byId[id].name} moved to position ${to + 1} of ${ids.length}.`;
  }
  const initial = question.items.map((i) => i.id);
  place(initial);
  return {
    read: order,
    restore: (answer) => {
      if (answer.length === initial.length && answer.every((id) => id in items)) place(answer);
    },
    clear: () => place(initial),
    lock: (on) => { locked = on; place(order()); },
    focus: () => items[order()[0]].down.focus(),
  };
}

function sorterDetails(question, graded) {
  const byId = Object.fromEntries(question.items.map((i) => [i.id, i]));
  return graded.misplaced.map((id) => {
    const item = byId[id];
    const paras = item.paragraphs.length > 1 ? `paras ${item.paragraphs.join(", ")}` : `para ${item.paragraphs[0]}`;
    return `${item.name} is out of place: the report places it among ${TIER_NAMES[item.tier]} measures (${paras}).`;
  });
}

function render({ model, el: root }) {
  return renderBank({ model, el: root, kind: "coercion-sorter", inputs: sorterInputs, details: sorterDetails });
}

export default { render };
export { grade };
