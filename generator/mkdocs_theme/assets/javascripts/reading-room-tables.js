// The reading room's tables (the data_table macro in generator/templates/_macros.md.j2). When a table has
// columns out of view, a line above it says which are in view, with buttons that scroll to the next or
// previous ones; a dataset's preview with withheld columns gets a "Withheld columns first" toggle.
// Nothing here reads a cell's text into markup: cells are moved, never rewritten.

import { element, pageLabels } from "./reading-room-dom.js";

const LABELS = {
  en: {
    inView: (first, last, total) => `Columns ${first}–${last} of ${total} in view; scroll sideways or use the buttons.`,
    earlier: "‹ Earlier columns",
    later: "More columns ›",
    withheldFirst: "Withheld columns first",
  },
  es: {
    inView: (first, last, total) => `Columnas ${first}–${last} de ${total} a la vista; desplácese de lado o use los botones.`,
    earlier: "‹ Columnas anteriores",
    later: "Más columnas ›",
    withheldFirst: "Columnas retenidas primero",
  },
};
const labels = pageLabels(LABELS);

function button(text, onClick) {
  const made = element("button", { type: "button", textContent: text });
  made.addEventListener("click", onClick);
  return made;
}

// The first and last header cells (1-based) at least partly in the region's view; once scrolled, the first
// column (kept in view by the stylesheet) is not counted.
function columnsInView(region, headers) {
  const view = region.getBoundingClientRect();
  let first = 0;
  let last = 0;
  headers.forEach((th, index) => {
    const box = th.getBoundingClientRect();
    if ((index || region.scrollLeft <= 0) && box.right > view.left + 1 && box.left < view.right - 1) {
      first = first || index + 1;
      last = index + 1;
    }
  });
  return [first, last];
}

// Moves each row's cells so that the columns at ``order`` (old positions) come first, in that order.
function reorder(table, order) {
  for (const row of table.rows) {
    const cells = Array.from(row.cells);
    if (cells.length === order.length) {
      order.forEach((index) => row.appendChild(cells[index]));
    }
  }
}

function withheldToggle(table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  const marked = headers.flatMap((th, index) => (th.classList.contains("rr-withheld-col") ? [index] : []));
  if (!marked.length || marked.length === headers.length) {
    return null;
  }
  const first = [...marked, ...headers.map((_, index) => index).filter((index) => !marked.includes(index))];
  const back = first.map((_, position) => first.indexOf(position));
  const toggle = button(labels.withheldFirst, () => {
    const pressed = toggle.getAttribute("aria-pressed") === "true";
    reorder(table, pressed ? back : first);
    toggle.setAttribute("aria-pressed", String(!pressed));
  });
  toggle.setAttribute("aria-pressed", "false");
  return toggle;
}

// A withheld column the reader cannot see at first (on a phone, say) is brought to the front.
function withheldOutOfView(region, table) {
  const headers = Array.from(table.tHead.rows[0].cells);
  const [, last] = columnsInView(region, headers);
  return headers.some((th, index) => index >= last && th.classList.contains("rr-withheld-col"));
}

function enhance(region) {
  const table = region.querySelector("table");
  if (!table || !table.tHead || !table.tHead.rows.length) {
    return;
  }
  const controls = element("div", { className: "rr-table-controls" });
  const status = element("span");
  const step = (direction) => () => region.scrollBy({ left: direction * region.clientWidth * 0.8, behavior: "smooth" });
  const earlier = button(labels.earlier, step(-1));
  const later = button(labels.later, step(1));
  controls.append(status, earlier, later);
  const toggle = region.classList.contains("rr-preview") ? withheldToggle(table) : null;
  if (toggle) {
    controls.append(toggle);
  }
  region.before(controls);
  const update = () => {
    const headers = Array.from(table.tHead.rows[0].cells);
    const overflowing = region.scrollWidth > region.clientWidth + 1;
    const [first, last] = columnsInView(region, headers);
    status.hidden = earlier.hidden = later.hidden = !overflowing;
    controls.hidden = !overflowing && !toggle;
    status.textContent = labels.inView(first, last, headers.length);
    earlier.disabled = region.scrollLeft <= 0;
    later.disabled = region.scrollLeft + region.clientWidth >= region.scrollWidth - 1;
  };
  region.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  if (toggle) {
    toggle.addEventListener("click", update);
  }
  if (toggle && withheldOutOfView(region, table)) {
    toggle.click();
  }
  update();
}

document.querySelectorAll("article .rr-scroll").forEach(enhance);
// A table a script builds later (the explore page's) announces itself.
document.addEventListener("rr:table", (event) => enhance(event.target));
