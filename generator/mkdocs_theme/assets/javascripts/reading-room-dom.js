// What the reading room's scripts share: an element built from properties and children (text is only ever
// set as text, never parsed as markup), and the labels of the page's language.

export function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  Object.assign(node, properties);
  node.append(...children);
  return node;
}

// A script's labels for the page's language (the <html lang> the site writes), English when it has none.
export function pageLabels(catalogue) {
  return catalogue[document.documentElement.lang.slice(0, 2)] || catalogue.en;
}
