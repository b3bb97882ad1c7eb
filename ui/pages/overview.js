// The overview: every service, worst first, with its sentence, 90 days of
// bars, a latency sparkline and its 90-day uptime.

import { h } from "../dom.js";
import { dayBars, sparkline } from "../bars.js";
import { GLYPHS, LABELS, ago, clock, fullTime, uptimeText, widestUptime } from "../format.js";
import { t } from "../i18n.js";

export function renderOverview(root, view, history, focused) {
  const byService = new Map((history ?? []).map((entry) => [entry.service, entry]));
  if (view.services.length === 0 && !view.problem) {
    root.replaceChildren(
      h("section", { class: "empty" },
        h("h2", {}, t("empty title")),
        h("p", {}, t("empty add"), h("a", { href: "#/settings" }, t("nav.settings")),
          t("empty file"), h("code", {}, view.config_path)),
      ),
    );
    return;
  }
  const list = h("ul", { class: "services", "aria-label": t("services label") },
    view.services.map((service) => row(service, byService.get(service.service), focused, view)));
  root.replaceChildren(h("h2", { class: "visually-hidden" }, t("nav.overview")), list);
}

// Which services' details the person opened: the overview is redrawn when
// a sentence changes (a failure count, every check), and must not close
// them under the reader.
const opened = new Set();

// The technical cause of a failed check, collapsed under the sentence:
// there for whoever wants it, out of the way of whoever only glances.
export function detail(text, service) {
  if (!text) return null;
  return h("details", {
    class: "detail",
    open: opened.has(service),
    ontoggle: (event) => (event.target.open ? opened.add(service) : opened.delete(service)),
  },
  h("summary", {}, t("details")),
  h("p", { class: "detail-text" }, text));
}

function row(service, history, focused, view) {
  const uptime = widestUptime(history?.uptime);
  const muted = (view.muted ?? []).includes(service.service);
  const item = h("li", {
    class: "service",
    dataset: {
      service: service.service, status: service.status, focused: service.service === focused ? "true" : undefined,
      lastKnown: view.last_known ? "true" : undefined, muted: muted ? "true" : undefined,
    },
  },
  h("span", { class: "glyph", "aria-hidden": "true" }, GLYPHS[service.status] ?? "?"),
  h("div", { class: "body" },
    h("div", { class: "line" },
      h("a", { class: "name", href: `#/service/${encodeURIComponent(service.service)}` }, service.name),
      h("span", { class: "status" }, LABELS[service.status] ?? service.status),
      // Offline: what is shown is what was last seen, and how long ago.
      view.last_known
        ? h("span", { class: "last-known", dataset: { at: service.last_check ?? "" } }, t("last known {t}", { t: ago(service.last_check) }))
        : null,
      muted ? h("span", { class: "tag muted-tag", title: t("muted title") }, t("muted")) : null),
    h("p", { class: "reason" }, service.reason),
    detail(service.detail, service.service),
    h("p", { class: "meta" },
      h("span", { class: "since", title: fullTime(service.since) }, t("since {t}", { t: clock(service.since) })),
      " · ",
      h("span", { class: "checked", dataset: { at: service.last_check ?? "" } }, t("checked {t}", { t: ago(service.last_check) }))),
    history
      ? h("div", { class: "history" },
        dayBars(history.days, { label: service.name }),
        h("div", { class: "figures" },
          sparkline(history.sparkline),
          h("span", { class: "uptime", title: t("uptime title") }, uptimeText(uptime))))
      : null));
  return item;
}
