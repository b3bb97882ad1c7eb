// Incidents of every service, newest first, filtered by service, severity,
// period and words.

import { h } from "../dom.js";
import { incident } from "./service.js";
import { t } from "../i18n.js";

const PERIODS = () => ["7", "30", "90", "365"].map((days) => [days, t(`p.${days}`)]);

export function renderIncidents(root, rows, filters, onFilter, openLink) {
  const services = [...new Map(rows.map((r) => [r.service, r.name])).entries()];
  const shown = rows.filter((r) =>
    (!filters.service || r.service === filters.service)
    && (filters.severity !== "outage" || r.worst === "major_outage" || r.worst === "partial_outage")
    && (!filters.open || !r.ended_at)
    && (!filters.words || `${r.title} ${r.name}`.toLowerCase().includes(filters.words.toLowerCase())));
  const select = (name, label, options, value) => h("label", {}, label,
    h("select", { name, onchange: (e) => onFilter({ [name]: e.target.value }) },
      options.map(([v, text]) => {
        const option = h("option", { value: v }, text);
        option.selected = v === value;
        return option;
      })));
  const words = h("input", {
    type: "search", name: "words", placeholder: t("f.search"), value: filters.words ?? "",
    "aria-label": t("f.search"),
    oninput: (e) => onFilter({ words: e.target.value }, { keepFocus: "words" }),
  });
  const open = h("input", { type: "checkbox", name: "open", onchange: (e) => onFilter({ open: e.target.checked }) });
  open.checked = Boolean(filters.open);
  root.replaceChildren(
    h("h2", {}, t("incidents")),
    h("form", { class: "filters", onsubmit: (e) => e.preventDefault() },
      select("service", t("f.service"), [["", t("f.all services")], ...services], filters.service ?? ""),
      select("severity", t("f.severity"), [["", t("f.all")], ["outage", t("f.outages")]], filters.severity ?? ""),
      select("days", t("f.period"), PERIODS(), String(filters.days)),
      h("label", {}, open, t("f.ongoing")),
      words),
    h("p", { class: "meta", role: "status" }, t("f.count", { n: shown.length, total: rows.length })),
    shown.length
      ? h("ol", { class: "incidents" }, shown.map((r) => incident(r, { service: r.name, openLink })))
      : h("p", { class: "empty" }, t("f.none")),
  );
}
