// The first run's picker (and, when everything was removed, the way back):
// nothing is watched until the person picks. Popular services by category,
// the ranked search and a pasted URL; what is picked shows at once as a
// card, with its state as the checks come in.

import { h } from "../dom.js";
import { GLYPHS, LABELS } from "../format.js";
import { t } from "../i18n.js";
import { catalogBrowser } from "../catalog.js";

export function renderPick(root, view, { invoke }) {
  const say = h("p", { class: "say", role: "status", "aria-live": "polite" });
  const add = async (request, name) => {
    say.textContent = t("saving");
    try {
      await invoke("add_service", { request });
      say.textContent = t("added {n}", { name });
      return true;
    } catch (error) {
      say.textContent = t("not saved {e}", { e: error });
      return false;
    }
  };
  const picked = h("div", { class: "picked" });
  const empty = view.setup === "empty";
  root.replaceChildren(
    h("section", { class: "picker", "aria-labelledby": "pick-title" },
      h("h2", { id: "pick-title" }, t(empty ? "pick again title" : "pick title")),
      h("p", { class: "lede" }, t(empty ? "pick again lede" : "pick lede")),
      picked, say,
      catalogBrowser({ invoke, add, shelf: "popular", autofocus: true })));
  updatePicked(root, view);
  root.querySelector("input[name=catalog]")?.focus();
}

// Just picked and not checked yet: "Checking…", not "Not observed" (which
// reads like a fault). Offline, nothing is checked: the banner says why.
function statusText(service, view) {
  if (service.status === "unknown" && !service.last_check && view.connectivity === "online") return t("checking");
  return LABELS[service.status] ?? service.status;
}

/** The services watched so far, as small cards, and the way on. */
export function updatePicked(root, view) {
  const picked = root.querySelector(".picked");
  if (!picked) return;
  // "Downbeat watches nothing until you choose" is no longer true.
  const lede = root.querySelector(".picker .lede");
  if (view.services.length && lede) lede.textContent = t("pick more lede");
  if (!view.services.length) return picked.replaceChildren();
  picked.replaceChildren(
    h("h3", {}, t("watching now ({n})", { n: view.services.length })),
    h("ul", { class: "services compact", "aria-label": t("services label") },
      view.services.map((s) => h("li", { class: "service", dataset: { service: s.service, status: s.status } },
        h("span", { class: "glyph", "aria-hidden": "true" }, GLYPHS[s.status] ?? "?"),
        h("span", { class: "name" }, s.name),
        h("span", { class: "status" }, statusText(s, view))))),
    h("p", {}, h("a", { class: "done", href: "#/" }, t("pick done"))));
}
