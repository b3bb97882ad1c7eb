// 90 days of bars and a latency sparkline, shared by the overview and the
// service page. One bar group is one tab stop: arrow keys move between days
// and the caption says that day's figures (hover shows them too).

import { h, svg } from "./dom.js";
import { LABELS, duration, percent } from "./format.js";
import { language, t } from "./i18n.js";

export function dayBars(days, { label }) {
  const caption = h("p", { class: "bars-caption", "aria-live": "polite" });
  // A day's words are made when it is pointed at or selected, not for
  // every bar at drawing time: 90 dates formatted per service cost the page
  // most of its memory and time.
  const bars = days.map((day, index) =>
    h("span", {
      class: "bar-day",
      dataset: { status: day.worst ?? "none", index: String(index) },
    }),
  );
  const group = h("div", {
    class: "bars",
    role: "img",
    tabindex: "0",
    "aria-label": t("bars label", { name: label, n: days.length }),
  }, bars);
  let selected = days.length - 1;
  const select = (index) => {
    selected = Math.max(0, Math.min(days.length - 1, index));
    for (const bar of bars) bar.classList.toggle("selected", Number(bar.dataset.index) === selected);
    caption.textContent = describeDay(days[selected]);
  };
  group.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -Infinity, End: Infinity };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const step = moves[event.key];
    select(Number.isFinite(step) ? selected + step : step < 0 ? 0 : days.length - 1);
  });
  group.addEventListener("focus", () => select(selected));
  group.addEventListener("blur", () => {
    for (const bar of bars) bar.classList.remove("selected");
    caption.textContent = "";
  });
  group.addEventListener("mouseover", (event) => {
    const index = event.target?.dataset?.index;
    if (index === undefined) return;
    const words = describeDay(days[Number(index)]);
    caption.textContent = words;
    event.target.title = words;
  });
  return h("div", { class: "bars-wrap" }, group, caption);
}

// One date formatter per language, made once: each toLocaleDateString call
// with options builds a new ICU formatter.
const dayFormats = new Map();
function dayFormat() {
  const locale = language();
  if (!dayFormats.has(locale)) {
    dayFormats.set(locale, new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short" }));
  }
  return dayFormats.get(locale);
}

export function describeDay(day) {
  const date = dayFormat().format(new Date(`${day.date}T12:00:00`));
  if (!day.worst) return t("day not observed", { date });
  const observed = day.up_ms + day.degraded_ms + day.down_ms + day.maintenance_ms;
  const d = (ms) => duration(Math.round(ms / 1000));
  const parts = [t("day up", { date, p: percent(1 - day.down_ms / observed) })];
  if (day.down_ms) parts.push(t("day down", { d: d(day.down_ms) }));
  if (day.degraded_ms) parts.push(t("day degraded", { d: d(day.degraded_ms) }));
  if (day.maintenance_ms) parts.push(t("day maintenance", { d: d(day.maintenance_ms) }));
  if (day.unobserved_ms > 60_000) parts.push(t("day unobserved", { d: d(day.unobserved_ms) }));
  parts.push(t("day worst", { label: LABELS[day.worst].toLowerCase() }));
  return parts.join(" · ");
}

/** The median latency of each of the last 24 hours, as a line. */
export function sparkline(points) {
  const known = points.filter((p) => p !== null && p !== undefined);
  const width = 96;
  const height = 24;
  if (known.length === 0) {
    return h("span", { class: "spark spark-empty", title: t("spark none") }, "–");
  }
  const max = Math.max(...known, 1);
  const step = width / Math.max(points.length - 1, 1);
  const coords = [];
  points.forEach((p, i) => {
    if (p === null || p === undefined) return;
    coords.push(`${(i * step).toFixed(1)},${(height - 2 - (p / max) * (height - 4)).toFixed(1)}`);
  });
  const last = known[known.length - 1];
  const [lastX, lastY] = coords[coords.length - 1].split(",");
  return svg("svg", {
    class: "spark", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": t("spark label", { now: last, max }),
  },
  svg("title", {}, t("spark title", { now: last, max })),
  svg("polyline", { points: coords.join(" "), fill: "none", "stroke-width": "1.5" }),
  svg("circle", { cx: lastX, cy: lastY, r: "2", class: "spark-now" }));
}
