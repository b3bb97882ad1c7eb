// Incidents of every service, newest first, filtered by service, severity,
// period and words.

import { h } from "../dom.js";
import { incident } from "./service.js";

const PERIODS = [["7", "7 days"], ["30", "30 days"], ["90", "90 days"], ["365", "a year"]];

export function renderIncidents(root, rows, filters, onFilter) {
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
    type: "search", name: "words", placeholder: "Search titles", value: filters.words ?? "",
    "aria-label": "Search incident titles",
    oninput: (e) => onFilter({ words: e.target.value }, { keepFocus: "words" }),
  });
  const open = h("input", { type: "checkbox", name: "open", onchange: (e) => onFilter({ open: e.target.checked }) });
  open.checked = Boolean(filters.open);
  root.replaceChildren(
    h("h2", {}, "Incidents"),
    h("form", { class: "filters", onsubmit: (e) => e.preventDefault() },
      select("service", "Service ", [["", "All services"], ...services], filters.service ?? ""),
      select("severity", "Severity ", [["", "All"], ["outage", "Outages only"]], filters.severity ?? ""),
      select("days", "Period ", PERIODS, String(filters.days)),
      h("label", {}, open, " Ongoing only"),
      words),
    h("p", { class: "meta", role: "status" }, `${shown.length} of ${rows.length} incidents`),
    shown.length
      ? h("ol", { class: "incidents" }, shown.map((r) => incident(r, { service: r.name })))
      : h("p", { class: "empty" }, "No incident matches."),
  );
}
