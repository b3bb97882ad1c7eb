// 90 days of bars and a latency sparkline, shared by the overview and the
// service page. One bar group is one tab stop: arrow keys move between days
// and the caption says that day's figures (hover shows them too).

import { h, svg } from "./dom.js";
import { LABELS, duration, percent } from "./format.js";

export function dayBars(days, { label }) {
  const caption = h("p", { class: "bars-caption", "aria-live": "polite" });
  const bars = days.map((day, index) =>
    h("span", {
      class: "bar-day",
      dataset: { status: day.worst ?? "none", index: String(index) },
      title: describeDay(day),
    }),
  );
  const group = h("div", {
    class: "bars",
    role: "img",
    tabindex: "0",
    "aria-label": `${label}: ${days.length} days. Use the arrow keys to read each day.`,
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
    if (index !== undefined) caption.textContent = describeDay(days[Number(index)]);
  });
  return h("div", { class: "bars-wrap" }, group, caption);
}

export function describeDay(day) {
  const date = new Date(`${day.date}T12:00:00`).toLocaleDateString([], {
    weekday: "short", day: "numeric", month: "short",
  });
  if (!day.worst) return `${date}: not observed`;
  const observed = day.up_ms + day.degraded_ms + day.down_ms + day.maintenance_ms;
  const parts = [`${date}: ${percent(1 - day.down_ms / observed)} up`];
  if (day.down_ms) parts.push(`down ${duration(Math.round(day.down_ms / 1000))}`);
  if (day.degraded_ms) parts.push(`degraded ${duration(Math.round(day.degraded_ms / 1000))}`);
  if (day.maintenance_ms) parts.push(`maintenance ${duration(Math.round(day.maintenance_ms / 1000))}`);
  if (day.unobserved_ms > 60_000) parts.push(`not observed ${duration(Math.round(day.unobserved_ms / 1000))}`);
  parts.push(`worst: ${LABELS[day.worst].toLowerCase()}`);
  return parts.join(" · ");
}

/** The median latency of each of the last 24 hours, as a line. */
export function sparkline(points) {
  const known = points.filter((p) => p !== null && p !== undefined);
  const width = 96;
  const height = 24;
  if (known.length === 0) {
    return h("span", { class: "spark spark-empty", title: "No latency measured yet" }, "–");
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
    "aria-label": `Latency over 24 hours, now ${last} ms, highest ${max} ms`,
  },
  svg("title", {}, `Median latency per hour (last 24 h): now ${last} ms, highest ${max} ms`),
  svg("polyline", { points: coords.join(" "), fill: "none", "stroke-width": "1.5" }),
  svg("circle", { cx: lastX, cy: lastY, r: "2", class: "spark-now" }));
}
