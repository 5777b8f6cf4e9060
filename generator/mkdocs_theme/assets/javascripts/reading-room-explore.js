// A dataset's explore page (generator/templates/explore.md.j2): the whole released table, loaded a part at a
// time from the files beside the page (data.json and its parts, see generator/render/explore.py), with a
// filter per column, a filter over every column, sorting, pages, a link to every row (#row-600) and the
// filters kept in the page's address. Every cell is set as text (textContent), never as markup; the only
// links made are to this page's rows and to the site's own basis pages.

import { element, pageLabels } from "./reading-room-dom.js";

const root = document.querySelector("article #rr-explorer");

const LABELS = {
  en: {
    search: "Search every column",
    filterBy: (title) => `Filter ${title}`,
    any: "any",
    contains: "contains…",
    sortBy: (title) => `Sort by ${title}`,
    row: "Row",
    rowLink: (row) => `Link to row ${row}`,
    perPage: "Rows per page",
    previous: "‹ Previous",
    next: "Next ›",
    clear: "Clear filters",
    loading: (have, total) => `Loading: ${have} of ${total} rows so far…`,
    showing: (first, last, shown, total) =>
      shown === total
        ? `Rows ${first}–${last} of ${total}.`
        : `Rows ${first}–${last} of ${shown} matching (of ${total}).`,
    none: (total) => `No row of ${total} matches.`,
    page: (number, pages) => `Page ${number} of ${pages}`,
    failed: "The data could not be loaded. Download the CSV or Parquet file instead.",
    caption: "Every row of the dataset, filtered and sorted as chosen above",
    whyWithheld: "Why it is withheld",
    emptyCell: "(empty cell)",
  },
  es: {
    search: "Buscar en todas las columnas",
    filterBy: (title) => `Filtrar ${title}`,
    any: "cualquiera",
    contains: "contiene…",
    sortBy: (title) => `Ordenar por ${title}`,
    row: "Fila",
    rowLink: (row) => `Enlace a la fila ${row}`,
    perPage: "Filas por página",
    previous: "‹ Anterior",
    next: "Siguiente ›",
    clear: "Quitar filtros",
    loading: (have, total) => `Cargando: ${have} de ${total} filas por ahora…`,
    showing: (first, last, shown, total) =>
      shown === total
        ? `Filas ${first}–${last} de ${total}.`
        : `Filas ${first}–${last} de ${shown} que coinciden (de ${total}).`,
    none: (total) => `Ninguna de las ${total} filas coincide.`,
    page: (number, pages) => `Página ${number} de ${pages}`,
    failed: "No se pudieron cargar los datos. Descargue el archivo CSV o Parquet.",
    caption: "Todas las filas del conjunto de datos, filtradas y ordenadas como se eligió arriba",
    whyWithheld: "Por qué se retiene",
    emptyCell: "(celda vacía)",
  },
};
const labels = pageLabels(LABELS);
const numberFormat = new Intl.NumberFormat(document.documentElement.lang || "en");
const fmt = (n) => numberFormat.format(n);
const collator = new Intl.Collator(document.documentElement.lang || "en", { numeric: true, sensitivity: "base" });
const PAGE_SIZES = [25, 50, 100, 250];
// Distinct values up to this many get a list to choose from; a column with more gets a "contains" box.
const MAX_CHOICES = 150;
const NUMERIC = new Set(["integer", "number", "year"]);
// A cell longer than this shows its start and "…" (the downloads have it whole); a list entry, shorter.
const MAX_SHOWN = 500;
const MAX_CHOICE_SHOWN = 80;
const shortened = (text, limit) => (text.length > limit ? `${text.slice(0, limit)}…` : text);
const BASIS_CODE = /^[a-z0-9][a-z0-9-]*$/;

// Where the site's basis pages are: the bases index the page links to (a link on this site only).
function basesRoot() {
  const link = document.querySelector("article a.rr-explore-bases");
  const url = link ? new URL(link.getAttribute("href"), document.baseURI) : null;
  return url && url.origin === location.origin ? url : null;
}

function decode(part, width) {
  if (!part || !Array.isArray(part.columns) || part.columns.length !== width) {
    throw new Error("unexpected part");
  }
  return part.columns.map((column) => {
    const values = column.values.map(String);
    return Array.isArray(column.codes) ? column.codes.map((code) => values[code]) : values;
  });
}

// The explorer's data: data.json, which the page links to (in every language, the same file), and the parts
// beside it. Only a file on this site is fetched.
const dataLink = document.querySelector("article a.rr-explore-data");
const DATA = dataLink ? new URL(dataLink.getAttribute("href"), document.baseURI) : null;

async function fetchJson(name) {
  const url = new URL(name, DATA);
  if (url.origin !== location.origin) {
    throw new Error("not this site's file");
  }
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) {
    throw new Error(`${name}: ${response.status}`);
  }
  return response.json();
}

class Explorer {
  constructor(meta) {
    this.meta = meta;
    this.width = meta.columns.length;
    this.cells = meta.columns.map(() => []);
    this.loaded = 0;
    this.numbers = [];
    this.rowTexts = null;
    this.order = null;
    this.markers = new Map(Object.entries(meta.markers || {}));
    this.bases = basesRoot();
    this.state = this.readState();
    this.build();
  }

  get complete() {
    return this.loaded >= this.meta.rows;
  }

  readState() {
    const params = new URLSearchParams(location.search);
    const filters = new Map();
    this.meta.columns.forEach((column, index) => {
      if (params.has(`x.${column.name}`)) {
        filters.set(index, { exact: true, value: params.get(`x.${column.name}`) });
      } else if (params.get(`f.${column.name}`)) {
        filters.set(index, { exact: false, value: params.get(`f.${column.name}`) });
      }
    });
    const sortName = params.get("sort");
    const sort = this.meta.columns.findIndex((column) => column.name === sortName);
    const size = Number(params.get("size"));
    return {
      query: params.get("q") || "",
      filters,
      sort,
      descending: params.get("order") === "desc",
      page: Math.max(1, Number(params.get("page")) || 1),
      size: PAGE_SIZES.includes(size) ? size : 50,
    };
  }

  writeState() {
    const params = new URLSearchParams();
    const { query, filters, sort, descending, page, size } = this.state;
    if (query) params.set("q", query);
    for (const [index, filter] of [...filters].sort((a, b) => a[0] - b[0])) {
      params.set(`${filter.exact ? "x" : "f"}.${this.meta.columns[index].name}`, filter.value);
    }
    if (sort >= 0) {
      params.set("sort", this.meta.columns[sort].name);
      if (descending) params.set("order", "desc");
    }
    if (page > 1) params.set("page", String(page));
    if (size !== 50) params.set("size", String(size));
    const search = params.toString();
    history.replaceState(null, "", `${location.pathname}${search ? `?${search}` : ""}${location.hash}`);
  }

  build() {
    const search = element("input", { type: "search", value: this.state.query, className: "rr-explore-search" });
    search.setAttribute("aria-label", labels.search);
    search.placeholder = labels.search;
    search.addEventListener("input", this.debounced(() => this.change({ query: search.value })));
    const size = element(
      "select",
      {},
      PAGE_SIZES.map((n) => element("option", { value: String(n), textContent: String(n), selected: n === this.state.size })),
    );
    size.addEventListener("change", () => this.change({ size: Number(size.value) }));
    const clear = element("button", { type: "button", textContent: labels.clear });
    clear.addEventListener("click", () => {
      search.value = "";
      this.state.filters.clear();
      this.filterControls.forEach((control) => (control.value = ""));
      this.change({ query: "" });
    });
    this.status = element("p", { className: "rr-explore-status" });
    this.status.setAttribute("role", "status");
    this.previous = element("button", { type: "button", textContent: labels.previous });
    this.next = element("button", { type: "button", textContent: labels.next });
    this.pageLabel = element("span");
    this.previous.addEventListener("click", () => this.change({ page: this.shownPage - 1 }, true));
    this.next.addEventListener("click", () => this.change({ page: this.shownPage + 1 }, true));
    const sizeLabel = element("label", {}, [`${labels.perPage} `, size]);
    const controls = element("div", { className: "rr-explore-controls" }, [search, clear, sizeLabel]);
    const pager = element("div", { className: "rr-explore-pager" }, [this.previous, this.pageLabel, this.next]);
    this.table = element("table", { className: "rr-table rr-explore-table" });
    this.table.append(element("caption", { textContent: labels.caption }));
    this.head = this.table.createTHead();
    this.body = this.table.createTBody();
    this.buildHeader();
    this.region = element("div", { className: "rr-scroll rr-explore-region", tabIndex: 0 }, [this.table]);
    this.region.setAttribute("role", "region");
    this.region.setAttribute("aria-label", labels.caption);
    root.replaceChildren(controls, this.status, this.region, pager);
    // The tables' script (reading-room-tables.js) adds its column controls to this table too.
    this.region.dispatchEvent(new CustomEvent("rr:table", { bubbles: true }));
  }

  buildHeader() {
    const titles = this.head.insertRow();
    const filters = this.head.insertRow();
    filters.className = "rr-explore-filters";
    titles.append(element("th", { scope: "col", textContent: labels.row }));
    filters.append(element("td"));
    this.sortButtons = [];
    this.filterControls = [];
    this.meta.columns.forEach((column, index) => {
      const title = column.title || column.name;
      const button = element("button", { type: "button", className: "rr-sort" }, [
        element("code", { textContent: column.name }),
      ]);
      button.title = labels.sortBy(title);
      button.addEventListener("click", () => {
        const same = this.state.sort === index;
        this.change({ sort: same && this.state.descending ? -1 : index, descending: same && !this.state.descending });
      });
      const th = element("th", { scope: "col" }, [button]);
      if (column.withheld) th.classList.add("rr-withheld-col");
      titles.append(th);
      this.sortButtons.push(th);
      const current = this.state.filters.get(index);
      const input = element("input", { type: "text", value: current && !current.exact ? current.value : "" });
      input.placeholder = labels.contains;
      input.setAttribute("aria-label", labels.filterBy(title));
      input.addEventListener(
        "input",
        this.debounced(() => this.setFilter(index, input.value ? { exact: false, value: input.value } : null)),
      );
      this.filterControls.push(input);
      filters.append(element("td", {}, [input]));
    });
  }

  // Once every row is in, a column with few distinct values offers them as a list instead of a box (not one
  // being typed in, nor one holding a "contains" filter).
  offerChoices() {
    this.meta.columns.forEach((column, index) => {
      const box = this.filterControls[index];
      const current = this.state.filters.get(index);
      if (document.activeElement === box || (current && !current.exact)) return;
      const distinct = new Set();
      for (const value of this.cells[index]) {
        distinct.add(value);
        if (distinct.size > MAX_CHOICES) return;
      }
      if (current && !distinct.has(current.value)) distinct.add(current.value); // from the address: kept
      const values = [...distinct].sort(collator.compare);
      const select = element("select", {}, [
        element("option", { value: "", textContent: labels.any }),
        ...values.map((value) =>
          element("option", { value: `v:${value}`, textContent: value ? shortened(value, MAX_CHOICE_SHOWN) : labels.emptyCell }),
        ),
      ]);
      select.value = current ? `v:${current.value}` : "";
      select.setAttribute("aria-label", labels.filterBy(column.title || column.name));
      select.addEventListener("change", () =>
        this.setFilter(index, select.value ? { exact: true, value: select.value.slice(2) } : null),
      );
      box.replaceWith(select);
      this.filterControls[index] = select;
    });
  }

  debounced(action) {
    let timer = 0;
    return () => {
      clearTimeout(timer);
      timer = setTimeout(action, 200);
    };
  }

  setFilter(index, filter) {
    if (filter) this.state.filters.set(index, filter);
    else this.state.filters.delete(index);
    this.change({});
  }

  change(update, keepPage = false) {
    Object.assign(this.state, update);
    if (!keepPage) this.state.page = update.page || 1;
    this.order = null;
    this.writeState();
    this.render();
  }

  append(columns) {
    columns.forEach((values, index) => {
      const target = this.cells[index];
      for (const value of values) target.push(value);
    });
    this.loaded = this.cells[0] ? this.cells[0].length : 0;
    this.rowTexts = null;
    this.numbers = [];
    this.order = null;
  }

  // A cell matches a column's filter: exactly (chosen from a list), or containing it in any case (typed).
  matches(index, row, filter) {
    const cell = this.cells[index][row];
    return filter.exact ? cell === filter.value : cell.toLowerCase().includes(filter.value.toLowerCase());
  }

  rowText(row) {
    if (!this.rowTexts) this.rowTexts = [];
    let text = this.rowTexts[row];
    if (text === undefined) {
      text = this.cells.map((column) => column[row]).join("\u0000").toLowerCase();
      this.rowTexts[row] = text;
    }
    return text;
  }

  // A numeric column's values as numbers (NaN for an empty or unreadable cell); integers too big for a
  // JavaScript number exactly are compared as BigInt instead.
  numbersOf(index) {
    if (!this.numbers[index]) {
      const values = this.cells[index];
      let numbers = Float64Array.from(values, (cell) => (cell.trim() === "" ? NaN : Number(cell)));
      if (this.meta.columns[index].type === "integer" && numbers.some((n) => Math.abs(n) > Number.MAX_SAFE_INTEGER)) {
        numbers = values.map((cell) => (/^\s*[+-]?[0-9]+\s*$/.test(cell) ? BigInt(cell.trim()) : NaN));
      }
      this.numbers[index] = numbers;
    }
    return this.numbers[index];
  }

  rows() {
    if (this.order) return this.order;
    const { query, filters, sort, descending } = this.state;
    const needle = query.trim().toLowerCase();
    const active = [...filters];
    const chosen = [];
    for (let row = 0; row < this.loaded; row += 1) {
      if (needle && !this.rowText(row).includes(needle)) continue;
      if (active.every(([index, filter]) => this.matches(index, row, filter))) chosen.push(row);
    }
    if (sort >= 0) {
      const column = this.cells[sort];
      const numeric = NUMERIC.has(this.meta.columns[sort].type) ? this.numbersOf(sort) : null;
      const direction = descending ? -1 : 1;
      const missing = (row) => (numeric ? Number.isNaN(numeric[row]) : column[row].trim() === "");
      chosen.sort((a, b) => {
        // Empty (or, in a numeric column, unreadable) cells go last either way.
        if (missing(a) !== missing(b)) return missing(a) ? 1 : -1;
        let result = 0;
        if (numeric && !missing(a)) {
          result = numeric[a] < numeric[b] ? -1 : numeric[a] > numeric[b] ? 1 : 0;
        } else {
          result = collator.compare(column[a], column[b]);
        }
        return direction * result || a - b;
      });
    }
    this.order = chosen;
    return chosen;
  }

  cell(value, column) {
    const td = element("td");
    const codes = column.withheld ? this.markers.get(value) : undefined;
    const code = codes && codes.find((candidate) => BASIS_CODE.test(candidate));
    if (code && this.bases) {
      td.className = "rr-withheld";
      const link = element("a", { href: new URL(`${code}/`, this.bases).href, textContent: value });
      link.title = labels.whyWithheld;
      td.append(link);
    } else {
      td.textContent = shortened(value, MAX_SHOWN);
    }
    return td;
  }

  render() {
    const rows = this.rows();
    const { size } = this.state;
    const pages = Math.max(1, Math.ceil(rows.length / size));
    // The page asked for may not be loaded yet: the address keeps it until every row is in.
    const page = Math.min(this.state.page, pages);
    if (this.complete) this.state.page = page;
    this.shownPage = page;
    const start = (page - 1) * size;
    const shown = rows.slice(start, start + size);
    const target = this.targetRow();
    const fragment = document.createDocumentFragment();
    for (const row of shown) {
      const number = row + 1;
      const tr = element("tr", { id: `row-${number}` });
      if (number === target) tr.className = "rr-row-target";
      const link = element("a", { href: `#row-${number}`, textContent: fmt(number) });
      link.setAttribute("aria-label", labels.rowLink(fmt(number)));
      tr.append(element("th", { scope: "row" }, [link]));
      this.meta.columns.forEach((column, index) => tr.append(this.cell(this.cells[index][row], column)));
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
    this.sortButtons.forEach((th, index) => {
      const sorted = this.state.sort === index;
      if (sorted) th.setAttribute("aria-sort", this.state.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    let status = rows.length
      ? labels.showing(fmt(start + 1), fmt(start + shown.length), fmt(rows.length), fmt(this.loaded))
      : labels.none(fmt(this.loaded));
    if (!this.complete) status = `${status} ${labels.loading(fmt(this.loaded), fmt(this.meta.rows))}`;
    this.status.textContent = status;
    this.pageLabel.textContent = labels.page(fmt(page), fmt(pages));
    const focused = document.activeElement;
    this.previous.disabled = page <= 1;
    this.next.disabled = page >= pages;
    // A button that has just become disabled loses the focus: it moves to the other one.
    if (focused === this.next && this.next.disabled) this.previous.focus();
    if (focused === this.previous && this.previous.disabled) this.next.focus();
  }

  targetRow() {
    const match = /^#row-([0-9]{1,9})$/.exec(location.hash);
    return match ? Number(match[1]) : 0;
  }

  // A link to a row opens the page that holds it (under the filters in the address, if it matches them), and
  // takes the focus unless the reader is using a control of the explorer.
  goToTarget() {
    const target = this.targetRow();
    if (!target || target > this.loaded) return;
    const position = this.rows().indexOf(target - 1);
    if (position < 0) return;
    this.state.page = Math.floor(position / this.state.size) + 1;
    this.writeState();
    this.render();
    const row = document.getElementById(`row-${target}`);
    if (row && !root.contains(document.activeElement)) {
      row.scrollIntoView({ block: "center" });
      row.querySelector("a").focus({ preventScroll: true });
    }
  }
}

async function start() {
  let explorer = null;
  try {
    const meta = await fetchJson(DATA.href);
    explorer = new Explorer(meta);
    window.addEventListener("hashchange", () => explorer.goToTarget());
    let reached = false;
    for (const name of meta.parts) {
      explorer.append(decode(await fetchJson(name), explorer.width));
      explorer.render();
      // A linked row is shown as soon as its part is in (filters and sorting may move it later).
      if (!reached && explorer.loaded >= explorer.targetRow()) {
        reached = true;
        explorer.goToTarget();
      }
    }
    explorer.offerChoices();
    explorer.render();
    explorer.goToTarget();
  } catch (error) {
    const message = element("p", { className: "rr-explore-status", textContent: labels.failed });
    root.prepend(message);
  }
}

if (root && DATA) {
  start();
}
