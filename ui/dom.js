// Building the page without HTML strings: every piece of text becomes a text
// node, so vendor text (untrusted) can never turn into markup or script.

const SVG = "http://www.w3.org/2000/svg";

/**
 * h("li", { class: "x", dataset: { service: "id" } }, "text", child, …)
 * Attributes are set one by one; `href` only takes in-app links ("#/…").
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  apply(element, attributes);
  append(element, children);
  return element;
}

/** The same for SVG elements (sparklines). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  apply(element, attributes);
  append(element, children);
  return element;
}

function apply(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name.startsWith("on")) {
      element.addEventListener(name.slice(2), value);
    } else if (name === "href" && !String(value).startsWith("#")) {
      throw new Error(`only in-app links: ${value}`);
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}
