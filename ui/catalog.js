// The catalog browser, shared by the first run's picker and the settings:
// a ranked search, the catalog by category (popular first), and a pasted
// URL detected before it is added. Catalog text is ours; a pasted URL and
// what its page says are not: everything goes in as text (dom.js).

import { h } from "./dom.js";
import { LABELS } from "./format.js";
import { t } from "./i18n.js";

// French elides "de" before a vowel: "fait partie d'Apple services".
// Not y: French writes "de YouTube".
const VOWEL = /^[aeiouàâéèêëîïôûAEIOUÀÂÉÈÊËÎÏÔÛ]/;
const ofName = (key, name) => t(VOWEL.test(name) ? `${key} (vowel)` : key, { s: name });

/** "music" → "Music"; a category without words of its own reads as itself. */
export function categoryLabel(category) {
  const key = `cat.${category}`;
  const label = t(key);
  return label === key ? category.charAt(0).toUpperCase() + category.slice(1) : label;
}

/**
 * The browser's parts. `add(request, name, event)` saves and answers whether
 * it worked; `shelf` says how to show the categories: "popular" (a few of
 * each, the rest behind a button) or "all" (each category folded).
 */
export function catalogBrowser({ invoke, add, shelf = "all", autofocus = false }) {
  // Every "pick" button of a service, so all its copies follow once added.
  const watchedIds = new Set();
  // A service's button: its name on a shelf, "Add" beside a search match.
  const chip = (hit, label) => {
    const button = h("button", {
      type: "button", class: label ? "chip add" : "chip", dataset: { pick: hit.id },
      "aria-pressed": "false",
      onclick: async (e) => {
        if (watchedIds.has(hit.id)) return;
        if (await add({ from: "catalog", id: hit.id }, hit.name, e)) markWatched(hit.id);
      },
    }, label ?? hit.name);
    if (hit.watched || watchedIds.has(hit.id)) watched(button);
    return button;
  };
  const watched = (button) => {
    watchedIds.add(button.dataset.pick);
    button.classList.add("watched");
    button.setAttribute("aria-pressed", "true");
    button.title = t("watched");
    if (button.classList.contains("add")) button.textContent = t("watched");
  };
  const markWatched = (id) => {
    for (const button of root.querySelectorAll(`button[data-pick="${CSS.escape(id)}"]`)) watched(button);
  };

  const results = h("ul", { class: "catalog-results", "aria-label": t("catalog matches") });
  // The search being answered, so that Enter typed fast acts on its matches.
  let searching = Promise.resolve();
  const find = async (query) => {
    if (!query.trim()) return results.replaceChildren();
    const hits = await invoke("catalog_search", { query });
    if (search.value !== query) return;
    results.replaceChildren(...(hits.length
      ? hits.map((hit) => h("li", { dataset: { id: hit.id } },
        h("span", {}, hit.name, h("span", { class: "meta" }, ` ${categoryLabel(hit.category)}`
          + (hit.part_of ? ` · ${ofName("part of {s}", hit.part_of)}` : ""))),
        chip(hit, t("add"))))
      : [h("li", { class: "meta" }, t("no match"))]));
  };
  const search = h("input", {
    type: "search", name: "catalog", placeholder: "Spotify, GitHub, Slack…", "aria-label": t("search catalog"),
    autofocus: autofocus || undefined,
    oninput: (e) => { searching = find(e.target.value); },
    // Enter adds the first match, as it reads at the top of the list; the
    // text is selected so that the next name replaces it.
    onkeydown: async (e) => {
      // Not while an input method composes (Enter ends the word there).
      if (e.key !== "Enter" || e.isComposing) return;
      e.preventDefault();
      await searching.catch(() => {});
      const first = results.querySelector("button.chip");
      if (first && !first.classList.contains("watched")) first.click();
      search.select();
    },
  });

  const shelves = h("div", { class: "shelves" }, h("p", { class: "meta" }, t("looking")));
  invoke("catalog_shelves").then((all) => {
    shelves.replaceChildren(...all.map((one) => shelfOf(one, shelf, chip)));
  }).catch((error) => shelves.replaceChildren(h("p", {}, String(error))));

  const root = h("div", { class: "catalog-browser" },
    h("label", { class: "field" }, t("from catalog"), search), results,
    // Right under the search, where "nothing matches" points to.
    urlForm(invoke, add),
    h("h4", {}, t(shelf === "popular" ? "popular title" : "browse title")),
    shelves);
  return root;
}

// A service's button, and its parts folded behind a second one: a cloud's
// hundreds of products do not crowd the shelf.
function withParts(hit, chip) {
  if (!hit.parts?.length) return chip(hit);
  const parts = h("div", {
    class: "chips parts", hidden: true, role: "group", "aria-label": ofName("parts of {s}", hit.name),
  });
  const toggle = h("button", {
    type: "button", class: "link parts-toggle", "aria-expanded": "false",
    onclick: () => {
      if (!parts.childElementCount) parts.append(...hit.parts.map((part) => chip(part)));
      parts.hidden = !parts.hidden;
      toggle.setAttribute("aria-expanded", String(!parts.hidden));
    },
  }, t(hit.parts.length === 1 ? "1 part" : "{n} parts", { n: hit.parts.length }));
  // The button and its "N parts" wrap as one, never apart.
  return h("span", { class: "with-parts" }, h("span", { class: "chip-head" }, chip(hit), toggle), parts);
}

// A few services of a category, or all of them folded away.
function shelfOf({ category, services }, mode, plainChip) {
  const chip = (hit) => withParts(hit, plainChip);
  const label = categoryLabel(category);
  if (mode === "all") {
    return h("details", { class: "shelf", dataset: { category } },
      h("summary", {}, label, h("span", { class: "meta" }, ` (${services.length})`)),
      h("div", { class: "chips" }, services.map((hit) => chip(hit))));
  }
  const FEW = 6;
  const chips = h("div", { class: "chips" }, services.slice(0, FEW).map((hit) => chip(hit)));
  const more = services.length > FEW
    ? h("button", {
      type: "button", class: "link",
      onclick: (e) => {
        chips.append(...services.slice(FEW).map((hit) => chip(hit)));
        e.target.remove();
      },
    }, t("show all {n}", { n: services.length }))
    : null;
  return h("div", { class: "shelf", role: "group", dataset: { category }, "aria-label": label },
    h("h5", {}, label), chips, more);
}

// Paste a status page or any URL: detected first, added when the person says.
function urlForm(invoke, add) {
  const found = h("div", { class: "detected", "aria-live": "polite" });
  // Text, not type=url: a bare "status.example.com" is fine (https:// is assumed).
  const url = h("input", { type: "text", inputmode: "url", name: "url", placeholder: "status.example.com", "aria-label": t("url label") });
  const detect = async (event) => {
    event.preventDefault();
    if (!url.value.trim()) return;
    found.replaceChildren(h("p", { class: "meta" }, t("looking")));
    try {
      const d = await invoke("detect_url", { url: url.value });
      // Added: the field is ready for the next one (the page says "added").
      const added = () => { url.value = ""; found.replaceChildren(); url.focus(); };
      found.replaceChildren(detection(d, add, added));
    } catch (error) {
      found.replaceChildren(h("p", {}, String(error)));
    }
  };
  return h("div", {},
    h("form", { class: "field", onsubmit: detect },
      h("label", {}, t("or paste"), url),
      h("button", { type: "submit", class: "secondary" }, t("detect"))),
    found);
}

function detection(d, add, added) {
  if (!d.kind) {
    return h("div", { class: "detection failed" },
      h("p", {}, h("strong", {}, t("nothing usable")), d.error ?? d.explanation));
  }
  const name = h("input", { type: "text", name: "name", value: d.name, "aria-label": t("name").trim() });
  const facts = [d.explanation];
  if (d.components) facts.push(t(d.components === 1 ? "1 component" : "{n} components", { n: d.components }));
  facts.push(t("now {s}", { s: LABELS[d.status].toLowerCase() }));
  return h("form", {
    class: "detection",
    onsubmit: async (e) => {
      e.preventDefault();
      if (await add({ from: "url", kind: d.kind, url: d.url, name: name.value }, name.value, e)) added();
    },
  },
  // The explanation names the format; the heading says what it means.
  h("p", {}, h("strong", {}, t(d.kind === "http" ? "found endpoint" : "found page")), " ", facts.join(" · ")),
  h("label", {}, t("name"), name), " ",
  h("button", { type: "submit", class: "primary" }, t("add")));
}
