// The overview: every service, worst first, with its sentence, 90 days of
// bars, a latency sparkline and its 90-day uptime.

import { h } from "../dom.js";
import { dayBars, sparkline } from "../bars.js";
import { GLYPHS, LABELS, ago, clock, duration, fullTime, uptimeText, widestUptime } from "../format.js";
import { t } from "../i18n.js";

export function renderOverview(root, view, history, focused, invoke) {
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
    view.services.map((service) => row(service, byService.get(service.service), focused, view, invoke)));
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

function row(service, history, focused, view, invoke) {
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
    alertControls(service, view, invoke),
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

/** "Snoozed until 14:05 (42 min left)", or "Snoozed until it's back". */
export function snoozeText(alerts, now = Date.now()) {
  if (alerts?.snoozed_until_back) return t("snoozed until back");
  if (!alerts?.snoozed_until) return null;
  const left = Math.max(60, Math.round((Date.parse(alerts.snoozed_until) - now) / 1000));
  return t("snoozed until {t} ({d} left)", { t: clock(alerts.snoozed_until, now), d: duration(left) });
}

// The card's own controls: snooze (or its end, with the time left) and,
// while it is down, "Tell me when it's back". The engine decides; the card
// only asks and is redrawn from what it then says.
function alertControls(service, view, invoke) {
  const alerts = (view.alerts ?? []).find((a) => a.service === service.service);
  if (!alerts || !invoke) return null;
  const id = service.service;
  const down = Boolean(service.outage_since) || service.status === "major_outage" || service.status === "partial_outage";
  const ask = (command, args) => invoke(command, args).catch((error) => {
    const problem = document.getElementById("problem");
    if (problem) { problem.hidden = false; problem.textContent = String(error); }
  });
  const snoozed = snoozeText(alerts);
  const snooze = snoozed
    ? [h("span", { class: "tag snoozed", dataset: { until: alerts.snoozed_until ?? "" } }, snoozed),
      h("button", { type: "button", class: "secondary small", dataset: { action: "snooze-end" },
        onclick: () => ask("snooze", { id, choice: "end" }) }, t("snooze end"))]
    : h("select", {
      class: "small", name: `snooze-${id}`, "aria-label": t("snooze label", { name: service.name }),
      onchange: (e) => e.target.value && ask("snooze", { id, choice: e.target.value }),
    },
    h("option", { value: "" }, t("snooze")),
    ["hour", "tomorrow", ...(down ? ["until_back"] : [])].map((choice) => h("option", { value: choice }, t(`snooze.${choice}`))));
  const whenBack = down
    ? h("button", {
      type: "button", class: "secondary small", dataset: { action: "when-back" }, "aria-pressed": alerts.when_back ? "true" : "false",
      onclick: () => ask("when_back", { id, on: !alerts.when_back }),
    }, t(alerts.when_back ? "when back armed" : "when back"))
    : null;
  return h("p", { class: "alert-controls" }, snooze, " ", whenBack);
}
