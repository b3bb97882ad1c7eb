// A service's page: uptime over each window, 90 days of bars, its current
// components, and its incidents as vertical timelines where our
// observations and the vendor's updates interleave.

import { h } from "../dom.js";
import { dayBars } from "../bars.js";
import { GLYPHS, LABELS, clock, duration, fullTime, lead, uptimeText, usefulWindows } from "../format.js";
import { t } from "../i18n.js";
import { detail } from "./overview.js";


export function renderService(root, page, state, { openLink } = {}) {
  if (!page) {
    root.replaceChildren(h("section", { class: "empty" },
      h("h2", {}, t("no such service")),
      h("p", {}, h("a", { href: "#/" }, t("back")))));
    return;
  }
  const status = state?.status ?? "unknown";
  root.replaceChildren(
    h("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, h("a", { href: "#/" }, t("nav.overview")), " › ", page.name),
    h("section", { class: "service-head", dataset: { status } },
      h("h2", {}, h("span", { class: "glyph", "aria-hidden": "true" }, GLYPHS[status]), " ", page.name,
        page.muted ? h("span", { class: "tag muted-tag", title: t("muted title") }, t("muted")) : null),
      h("p", { class: "status-line" }, h("strong", {}, LABELS[status]), state ? t("since short {t}", { t: clock(state.since) }) : ""),
      state ? h("p", { class: "reason" }, state.reason) : null,
      detail(state?.detail, state?.service),
      page.page_description ? h("p", { class: "meta" }, t("vendor says {d}", { d: page.page_description })) : null,
      linkButton(page.page_url, t("open page"), openLink)),
    h("section", { "aria-labelledby": "uptime-title" },
      h("h3", { id: "uptime-title" }, t("uptime")),
      h("dl", { class: "windows" }, usefulWindows(page.uptime).map((u) => h("div", { class: "window" },
        h("dt", {}, t(`w.${u.window}`)),
        h("dd", {}, uptimeText(u))))),
      dayBars(page.days, { label: page.name })),
    components(page),
    h("section", { "aria-labelledby": "incidents-title" },
      h("h3", { id: "incidents-title" }, t("incidents 90")),
      page.incidents.length
        ? h("ol", { class: "incidents" }, page.incidents.map((timeline) => incident(timeline, { openLink })))
        : h("p", { class: "meta" }, t("no incident 90"))),
    h("section", { class: "sources" }, h("h3", {}, t("watched through")),
      h("ul", {}, page.sources.map((url) => h("li", {}, h("code", {}, url))))),
  );
}

function components(page) {
  if (!page.components.length) return null;
  const watched = page.watched.map((w) => w.toLowerCase());
  return h("section", { "aria-labelledby": "components-title" },
    h("h3", { id: "components-title" }, t("components")),
    watched.length ? h("p", { class: "meta" }, t("watching only {c}", { c: page.watched.join(", ") })) : null,
    h("ul", { class: "components" }, page.components.map((c) => {
      const isWatched = watched.length === 0 || watched.includes(c.name.toLowerCase())
        || (c.group && watched.includes(c.group.toLowerCase()));
      return h("li", { dataset: { status: c.status, watched: String(isWatched) } },
        h("span", { class: "glyph", "aria-hidden": "true" }, GLYPHS[c.status]),
        h("span", { class: "component-name" }, c.group ? `${c.group} › ${c.name}` : c.name),
        h("span", { class: "status" }, LABELS[c.status]));
    })));
}

/** A button that opens `url` in the default browser (http(s) only). */
function linkButton(url, label, openLink) {
  if (!openLink || !/^https?:\/\//i.test(url ?? "")) return null;
  return h("button", { type: "button", class: "link", title: url, onclick: () => openLink(url) }, label, " ↗");
}

/** One incident: a card with its figures and the timeline. */
export function incident(timeline, { service, openLink } = {}) {
  const url = (timeline.vendor ?? []).map((v) => v.url).find(Boolean);
  const ended = timeline.ended_at ? clock(timeline.ended_at) : t("ongoing");
  const sentence = lead(timeline.detection_lead_ms);
  return h("li", { class: "incident", dataset: { status: timeline.worst, open: String(!timeline.ended_at) } },
    h("header", {},
      h("h4", { class: "incident-title" }, timeline.title),
      h("p", { class: "meta" },
        service ? [h("a", { href: `#/service/${encodeURIComponent(timeline.service)}` }, service), " · "] : null,
        `${LABELS[timeline.worst]} · ${clock(timeline.started_at)} → ${ended} · `,
        h("span", { class: "duration" }, duration(Math.round(timeline.duration_ms / 1000)))),
      sentence ? h("p", { class: "lead" }, sentence) : null,
      linkButton(url, t("open incident"), openLink)),
    h("ol", { class: "timeline" }, timeline.entries.map(entry)));
}

function entry(item) {
  const time = h("time", { datetime: item.at, title: fullTime(item.at) }, clock(item.at));
  switch (item.kind) {
    case "first_failure":
      return h("li", { class: "ours", dataset: { kind: item.kind } }, time, h("span", {}, t("e.first")));
    case "verdict":
      return h("li", { class: "ours", dataset: { kind: item.kind, status: item.status } }, time,
        h("span", {}, h("strong", {}, LABELS[item.status]), ": ", item.reason));
    case "recovered":
      return h("li", { class: "ours", dataset: { kind: item.kind } }, time, h("span", {}, h("strong", {}, t("e.back"))));
    case "vendor":
      return h("li", { class: "vendor", dataset: { kind: item.kind } }, time,
        h("span", { class: "vendor-update" },
          h("span", { class: "who" }, t("e.vendor {s}", { s: item.status })),
          h("span", { class: "vendor-body" }, item.body)));
    default:
      return h("li", {}, time, item.kind);
  }
}
