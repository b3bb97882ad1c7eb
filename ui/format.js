// Words and times for the dashboard. Pure functions, no DOM.

export const LABELS = {
  operational: "Operational",
  degraded: "Degraded",
  partial_outage: "Partial outage",
  major_outage: "Major outage",
  maintenance: "Maintenance",
  unknown: "Not observed",
};

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
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 10) return "just now";
  return `${duration(seconds)} ago`;
}

export function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** A local time: "14:02" today, "Mon 14:02" this week, else the date. */
export function clock(iso, now = Date.now()) {
  const when = new Date(iso);
  const time = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const age = now - when.getTime();
  if (new Date(now).toDateString() === when.toDateString()) return time;
  if (age < 6 * 86400e3) return `${when.toLocaleDateString([], { weekday: "short" })} ${time}`;
  return `${when.toLocaleDateString()} ${time}`;
}

/** The headline for the whole picture. */
export function headline(view) {
  if (view.problem) return "Downbeat cannot watch right now";
  const services = view.services;
  if (services.length === 0) return "Nothing watched yet";
  const down = services.filter((s) => s.status === "major_outage" || s.status === "partial_outage");
  const troubled = services.filter((s) => s.status === "degraded" || s.status === "maintenance");
  const unknown = services.filter((s) => s.status === "unknown");
  if (down.length === 1) return `${down[0].name} is down`;
  if (down.length > 1) return `${down.length} services are down`;
  if (troubled.length === 1) return `${troubled[0].name}: ${LABELS[troubled[0].status].toLowerCase()}`;
  if (troubled.length > 1) return `${troubled.length} services have problems`;
  if (unknown.length === services.length) return "Checking…";
  return "All services are up";
}

/** 0.99876 → "99.88 %"; null → "–". */
export function percent(share) {
  if (share === null || share === undefined || Number.isNaN(share)) return "–";
  const value = share * 100;
  return `${value >= 99.995 ? "100" : value.toFixed(2)} %`;
}

/** The sentence for a detection lead in milliseconds. */
export function lead(ms) {
  if (ms === null || ms === undefined) return null;
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 30) return "Detected about when the vendor said so.";
  return ms > 0
    ? `Detected ${duration(seconds)} before the vendor said so.`
    : `The vendor said so ${duration(seconds)} before Downbeat detected it.`;
}

/** What the user's connection is, for the banner; null when online. */
export const CONNECTIVITY = {
  offline: "You are offline. Nothing is blamed on your services until you are back.",
  captive_portal: "A sign-in page (captive portal) is intercepting your connection. Sign in to the network, then Downbeat checks again.",
  dns_broken: "Names do not resolve (DNS is broken), though the network answers. It is you, not your services.",
  asleep: "Waking up: checks resume in a moment.",
};
