// The reading room's search page: runs Pagefind's index in the browser and shows each result as text.
//
// Everything from the index (titles, excerpts, metadata, filter values) is put on the page as text
// nodes, never as HTML; an excerpt's <mark> highlights are rebuilt as elements around text. A result
// links only to a page of this site. Outside the search page this script does nothing.

import { element, pageLabels } from "./reading-room-dom.js";

const ROOT = new URL("../../", import.meta.url); // assets/javascripts/ -> the site's root
// The search page in each language: English at the root, Spanish under es/.
const SEARCH_PAGES = [new URL("search/", ROOT).pathname, new URL("es/search/", ROOT).pathname];
const PAGE_SIZE = 20;
const LABELS = {
  en: {
    kind: "Kind", agency: "Agency", basis: "Basis for withholding", year: "Year", court: "Court",
    docket: "Case number", bates: "Bates", status: "Status", date: "Date", page: "Page", section: "Section",
    best: "Best match", newest: "Newest first", oldest: "Oldest first", any: (label) => `Any ${label.toLowerCase()}`,
    more: "Show more results", searchFor: "Search for", sort: "Sort", loading: "Loading the search index…",
    prompt: "Type a word, name or number to search, or pick a filter.",
    count: (n, text) => `${n === 1 ? "1 result" : `${n} results`}${text ? ` for “${text}”` : ""}.`,
    failed: "Search could not start in this browser; use the links below to browse.",
  },
  es: {
    kind: "Tipo", agency: "Agencia", basis: "Fundamento de retención", year: "Año", court: "Tribunal",
    docket: "Número de caso", bates: "Bates", status: "Estado", date: "Fecha", page: "Página", section: "Sección",
    best: "Más pertinentes", newest: "Más recientes primero", oldest: "Más antiguos primero",
    any: (label) => `Cualquier ${label.toLowerCase()}`, more: "Mostrar más resultados", searchFor: "Buscar",
    sort: "Ordenar", loading: "Cargando el índice de búsqueda…",
    prompt: "Escriba una palabra, un nombre o un número para buscar, o elija un filtro.",
    count: (n, text) => `${n === 1 ? "1 resultado" : `${n} resultados`}${text ? ` para «${text}»` : ""}.`,
    failed: "La búsqueda no pudo iniciarse en este navegador; use los enlaces de abajo para navegar.",
  },
};
const labels = pageLabels(LABELS);
const FACETS = ["kind", "agency", "basis", "year"].map((key) => [key, labels[key]]);
const SORTS = [
  ["", labels.best],
  ["desc", labels.newest],
  ["asc", labels.oldest],
];
const SHOWN_META = ["agency", "court", "docket", "bates", "status", "date"].map((key) => [key, labels[key]]);

// A case, docket or record number (4:13-cr-00482, SYN-00600): letters and digits joined by - : / or .,
// with at least one digit. Pagefind would match such a number's parts one by one (any "SYN-…" for
// SYN-00600), so a query holding one is searched as an exact phrase: a number that is on no page finds nothing.
const IDENTIFIER = /^(?=.*\d)[\p{L}\p{N}]+(?:[-:/.][\p{L}\p{N}]+)+$/u;

function pagefindQuery(text) {
  if (!text) return null;
  return text.split(/\s+/).some((word) => IDENTIFIER.test(word)) ? `"${text.replaceAll('"', "")}"` : text;
}

// Pagefind escapes an excerpt's text for HTML and marks the matches with <mark>: decode the text
// (an inert document runs nothing and loads nothing) and rebuild only the marks.
function excerptNodes(excerpt) {
  const parts = String(excerpt).split(/(<mark>|<\/mark>)/);
  const nodes = [];
  let marked = false;
  for (const part of parts) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    const text = new DOMParser().parseFromString(`<!doctype html><body>${part}`, "text/html").body.textContent;
    nodes.push(marked ? element("mark", {}, [text]) : document.createTextNode(text));
  }
  return nodes;
}

// A result's address, if it is a page of this site; null for anything else.
function siteLink(url) {
  try {
    const target = new URL(url, ROOT);
    return target.origin === ROOT.origin && target.pathname.startsWith(ROOT.pathname) ? target.href : null;
  } catch {
    return null;
  }
}

function resultItem(data) {
  const meta = data.meta || {};
  const link = siteLink(data.url);
  const heading = element("h3", { className: "rr-result__title" });
  const title = String(meta.title || data.url);
  heading.append(link ? element("a", { href: link }, [title]) : title);
  const fields = element("dl", { className: "rr-result__meta" });
  fields.append(element("dt", {}, [labels.kind]), element("dd", {}, [String(meta.kind || labels.page)]));
  for (const [key, label] of SHOWN_META) {
    if (meta[key]) fields.append(element("dt", {}, [label]), element("dd", {}, [String(meta[key])]));
  }
  const item = element("li", { className: "rr-result" }, [heading, fields]);
  item.append(element("p", { className: "rr-result__excerpt" }, excerptNodes(data.excerpt || "")));
  const sections = (data.sub_results || [])
    .filter((sub) => sub.url !== data.url && sub.title !== title && siteLink(sub.url))
    .slice(0, 3);
  if (sections.length) {
    const list = element("ul", { className: "rr-result__sections" });
    for (const sub of sections) {
      const entry = element("li", {}, [`${labels.section} `, element("a", { href: siteLink(sub.url) }, [String(sub.title)])]);
      entry.append(": ", ...excerptNodes(sub.excerpt || ""));
      list.append(entry);
    }
    item.append(list);
  }
  return item;
}

function facetSelect(key, label, values) {
  const select = element("select", { id: `rr-filter-${key}`, name: key });
  select.append(element("option", { value: "" }, [labels.any(label)]));
  for (const value of values) select.append(element("option", { value }, [value]));
  return element("p", { className: "rr-search-control" }, [
    element("label", { htmlFor: select.id }, [label]),
    select,
  ]);
}

async function start(article) {
  const params = new URLSearchParams(location.search);
  const query = element("input", {
    id: "rr-query",
    type: "search",
    name: "q",
    value: params.get("q") || "",
    autocomplete: "off",
    spellcheck: false,
  });
  const sort = element("select", { id: "rr-sort", name: "sort" });
  for (const [value, label] of SORTS) sort.append(element("option", { value }, [label]));
  sort.value = params.get("sort") || "";
  const status = element("p", { className: "rr-search-status", role: "status" });
  const results = element("ol", { className: "rr-results" });
  const more = element("button", { type: "button", className: "md-button", hidden: true }, [labels.more]);
  const form = element("form", { className: "rr-search", role: "search" }, [
    element("p", { className: "rr-search-control rr-search-control--query" }, [
      element("label", { htmlFor: query.id }, [labels.searchFor]),
      query,
    ]),
  ]);
  form.addEventListener("submit", (event) => event.preventDefault());
  article.querySelector(".rr-search-help")?.before(form, status, results, more);
  status.textContent = labels.loading;

  const pagefind = await import(new URL("pagefind/pagefind.js", ROOT).href);
  await pagefind.options({ baseUrl: ROOT.pathname });
  const selects = {};
  for (const [key, label] of FACETS) {
    // The values are listed on the page when it is built: Pagefind's filter files grow with the room.
    const values = [...article.querySelectorAll(`.rr-facet-values-${key} li`)].map((item) => item.textContent);
    if (!values.length) continue;
    const control = facetSelect(key, label, values);
    selects[key] = control.querySelector("select");
    selects[key].value = params.get(key) || "";
    form.append(control);
  }
  form.append(element("p", { className: "rr-search-control" }, [element("label", { htmlFor: sort.id }, [labels.sort]), sort]));

  let found = [];
  let shown = 0;
  let latest = 0;

  async function showMore() {
    const batch = await Promise.all(found.slice(shown, shown + PAGE_SIZE).map((result) => result.data()));
    results.append(...batch.map(resultItem));
    shown += batch.length;
    more.hidden = shown >= found.length;
  }

  async function run() {
    const run = ++latest;
    const filters = {};
    for (const [key, select] of Object.entries(selects)) if (select.value) filters[key] = select.value;
    const text = query.value.trim();
    const next = new URLSearchParams();
    if (text) next.set("q", text);
    for (const [key, value] of Object.entries(filters)) next.set(key, value);
    if (sort.value) next.set("sort", sort.value);
    history.replaceState(null, "", `${location.pathname}${next.size ? `?${next}` : ""}`);
    if (!text && !Object.keys(filters).length) {
      found = [];
      results.replaceChildren();
      more.hidden = true;
      status.textContent = labels.prompt;
      return;
    }
    const options = { filters };
    if (sort.value) options.sort = { date: sort.value };
    const search = await pagefind.search(pagefindQuery(text), options);
    if (run !== latest) return; // a newer search has started
    found = search.results;
    shown = 0;
    results.replaceChildren();
    await showMore();
    status.textContent = labels.count(found.length, text);
  }

  let timer = 0;
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  for (const select of [...Object.values(selects), sort]) select.addEventListener("change", run);
  more.addEventListener("click", showMore);
  await run();
}

const article = document.querySelector("article");
if (article && SEARCH_PAGES.includes(location.pathname)) {
  start(article).catch(() => {
    const status = article.querySelector(".rr-search-status");
    if (status) status.textContent = labels.failed;
  });
}
