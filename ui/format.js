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
  const locale = language();
  const when = new Date(iso);
  const time = when.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const age = now - when.getTime();
  if (new Date(now).toDateString() === when.toDateString()) return time;
  if (age < 6 * 86400e3) return `${when.toLocaleDateString(locale, { weekday: "short" })} ${time}`;
  return `${when.toLocaleDateString(locale)} ${time}`;
}

/** The headline for the whole picture. */
export function headline(view) {
  if (view.problem) return t("head.problem");
  const services = view.services;
  if (services.length === 0) return t("head.none");
  const down = services.filter((s) => s.status === "major_outage" || s.status === "partial_outage");
  const troubled = services.filter((s) => s.status === "degraded" || s.status === "maintenance");
  const unknown = services.filter((s) => s.status === "unknown");
  if (down.length === 1) return t("head.down1", { name: down[0].name });
  if (down.length > 1) return t("head.downN", { n: down.length });
  if (troubled.length === 1) return t("head.trouble1", { name: troubled[0].name, label: LABELS[troubled[0].status].toLowerCase() });
  if (troubled.length > 1) return t("head.troubleN", { n: troubled.length });
  if (unknown.length === services.length) return t("head.checking");
  return t("head.up");
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
