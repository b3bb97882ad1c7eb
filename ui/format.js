// Words and times for the dashboard, in the user's language (i18n.js).
// Pure functions, no DOM.

import { language, t } from "./i18n.js";

/** LABELS.major_outage → "Major outage" / "Panne majeure". */
export const LABELS = new Proxy({}, { get: (_, status) => t(`status.${String(status)}`) });

/** The banner for a connection that is not online; undefined when online. */
export const CONNECTIVITY = new Proxy({}, {
  get: (_, state) => (state === "online" || typeof state !== "string" ? undefined : t(`conn.${state}`)),
});

export const GLYPHS = {
  operational: "●",
  degraded: "▲",
  partial_outage: "✖",
  major_outage: "✖",
  maintenance: "◆",
  unknown: "?",
};

/** "3 min ago", "2 h 5 min ago", "just now". */
export function ago(iso, now = Date.now()) {
  if (!iso) return t("never");
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 10) return t("just now");
  return t("{d} ago", { d: duration(seconds) });
}

export function duration(seconds) {
  if (seconds < 60) return t("{n} s", { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t("{n} min", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? t("{h} h {m} min", { h: hours, m: minutes % 60 }) : t("{h} h", { h: hours });
  return t("{n} days", { n: Math.floor(hours / 24) });
}

/** A local time: "14:02" today, "Mon 14:02" this week, else the date. */
export function clock(iso, now = Date.now()) {
  const when = new Date(iso);
  const time = formatter("time", { hour: "2-digit", minute: "2-digit" }).format(when);
  const age = now - when.getTime();
  if (new Date(now).toDateString() === when.toDateString()) return time;
  if (age < 6 * 86400e3) return `${formatter("weekday", { weekday: "short" }).format(when)} ${time}`;
  return `${formatter("date", {}).format(when)} ${time}`;
}

// Formatters made once per language and kind: building one (an ICU object)
// per call costs far more than formatting.
const formatters = new Map();
export function formatter(kind, options) {
  const key = `${language()}:${kind}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(language(), options));
  return formatters.get(key);
}

/** "Mon, 3 Mar 2026, 14:02": a full local time, for a tooltip. */
export function fullTime(iso) {
  return formatter("full", { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/**
 * An uptime figure that says what it covers: "99.95 % (90 d)" when the
 * window was watched whole, "100 % over 3 h watched" when Downbeat has only
 * watched part of it, "–" when nothing was observed.
 */
export function uptimeText(u) {
  if (!u || u.uptime === null || u.uptime === undefined) return t("uptime none");
  return u.whole
    ? t("uptime {p} window", { p: percent(u.uptime), w: t(`w.${u.window}`) })
    : t("uptime {p} watched {d}", { p: percent(u.uptime), d: duration(Math.round(u.observed_ms / 1000)) });
}

/**
 * The windows worth showing, as the core flags them (`Uptime::useful`): a
 * window that observed no more than the one before it is left out.
 */
export function usefulWindows(uptime) {
  return (uptime ?? []).filter((u) => u.useful);
}

/** The widest window with something observed: the overview's one figure. */
export function widestUptime(uptime) {
  const useful = usefulWindows(uptime);
  return useful[useful.length - 1];
}

/** 0.99876 → "99.88 %"; null → "–". */
export function percent(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return "–";
  const value = share * 100;
  const text = value >= 99.995 ? "100" : value.toFixed(2);
  return `${language() === "fr" ? text.replace(".", ",") : text} %`;
}

/** The sentence for a detection lead in milliseconds. */
export function lead(ms) {
  if (ms === null || ms === undefined) return null;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 30) return t("lead.same");
  return t(ms > 0 ? "lead.ahead" : "lead.behind", { d: duration(seconds) });
}
