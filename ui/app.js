// The dashboard: a small router over four pages. It asks the app for its
// picture once, then follows what the engine pushes ("overview" after each
// check, "engine-event" for state changes and the connection). It never polls.
//
// Everything that came from a status page is put in the page as text (see
// dom.js): vendor text is untrusted.

import { CONNECTIVITY, ago, clock, uptimeText, widestUptime } from "./format.js";
import { setLanguage, t } from "./i18n.js";
import { renderOverview, snoozeText } from "./pages/overview.js";
import { renderService } from "./pages/service.js";
import { renderIncidents } from "./pages/incidents.js";
import { renderSettings } from "./pages/settings.js";
import { renderPick, updatePicked } from "./pages/pick.js";
import { h } from "./dom.js";

const tauri = window.__TAURI__;
const invoke = (command, args) => tauri.core.invoke(command, args);
const $ = (id) => document.getElementById(id);

const app = {
  view: null,
  pickingOver: false,
  history: null,
  focused: null,
  incidentFilters: { days: 90 },
};

function route() {
  const [, page = "", arg] = location.hash.split("/");
  return { page: page || "overview", arg: arg ? decodeURIComponent(arg) : null };
}

function renderChrome(view) {
  // The header says what the tray says: one line and one colour, decided
  // by the app (offline and "can't be checked" included, muted left out).
  document.body.dataset.level = view.level;
  // Nothing watched: nothing to check.
  $("check-now").hidden = view.setup !== "watching";
  $("summary-text").textContent = view.headline;
  const problem = $("problem");
  problem.hidden = !view.problem;
  problem.textContent = view.problem ?? "";
  const offline = CONNECTIVITY[view.connectivity] ?? null;
  $("connectivity").hidden = !offline;
  $("connectivity").textContent = offline ?? "";
  document.body.dataset.connectivity = view.connectivity;
  const paused = $("paused");
  const until = view.paused_until && Date.parse(view.paused_until) > Date.now();
  paused.hidden = !until;
  paused.textContent = until ? t("paused until {t}", { t: clock(view.paused_until) }) : "";
  renderNotice(view.history_restarted);
  $("config-line").textContent = view.config_path ? t("config {p}", { p: view.config_path }) : "";
  const current = route().page;
  for (const link of document.querySelectorAll(".tabs a")) {
    if (link.dataset.route === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

// The history database was unreadable and a new one started: said until
// the person closes it (then the tray stops saying it too).
function renderNotice(notice) {
  const banner = $("notice");
  banner.hidden = !notice;
  if (!notice) return banner.replaceChildren();
  banner.replaceChildren(
    h("strong", {}, notice.title), " ", notice.body, " ", h("code", {}, notice.path),
    " ", h("button", {
      type: "button", class: "secondary", name: "dismiss-notice",
      onclick: (e) => {
        e.target.disabled = true;
        invoke("dismiss_history_notice").catch(() => { e.target.disabled = false; });
      },
    }, t("dismiss")));
}

// Something is watched and the picker is left (another page, or a pick
// made from the settings): the app may put its launch-at-login question
// now, never on top of the picker. It asks once; one call a page life.
function pickingOver() {
  if (app.pickingOver || !app.view || app.view.setup !== "watching" || route().page === "pick") return;
  app.pickingOver = true;
  invoke("picking_over").catch(() => { app.pickingOver = false; });
}

function nothingWatched() {
  // The app's word (from the config), not the list: that is empty for a
  // moment while the engine starts.
  return app.view && !app.view.problem && app.view.setup !== "watching";
}

// Draw the current page. `fresh` re-reads the history from the app.
async function show({ fresh = false } = {}) {
  const root = $("page");
  // Nothing is watched: the overview of nothing is the picker.
  if (route().page === "overview" && nothingWatched()) window.history.replaceState(null, "", "#/pick");
  const { page, arg } = route();
  document.body.dataset.page = page;
  if (app.view) renderChrome(app.view);
  try {
    if (page === "service" && arg) {
      const details = await invoke("service_page", { id: arg });
      const state = app.view?.services.find((s) => s.service === arg);
      renderService(root, details, state, { openLink });
    } else if (page === "incidents") {
      const rows = await invoke("incidents", { days: Number(app.incidentFilters.days) || 90 });
      const redraw = (change, { keepFocus } = {}) => {
        Object.assign(app.incidentFilters, change);
        if ("days" in change) return show();
        renderIncidents(root, rows, app.incidentFilters, redraw, openLink);
        if (keepFocus) {
          const input = root.querySelector(`[name="${keepFocus}"]`);
          input?.focus();
          input?.setSelectionRange?.(input.value.length, input.value.length);
        }
      };
      renderIncidents(root, rows, app.incidentFilters, redraw, openLink);
    } else if (page === "settings") {
      await renderSettings(root, { invoke, languageChanged });
    } else if (page === "pick") {
      renderPick(root, app.view, { invoke });
    } else {
      if (fresh || !app.history) app.history = await invoke("history_overview");
      renderOverview(root, app.view, app.history, app.focused, invoke);
    }
    root.dataset.ready = "true";
    pickingOver();
  } catch (error) {
    root.replaceChildren(document.createTextNode(t("page failed {e}", { e: error })));
  }
}

// A vendor's page opens in the default browser, through the app.
async function openLink(url) {
  try {
    await invoke("open_link", { url });
  } catch (error) {
    $("problem").hidden = false;
    $("problem").textContent = String(error);
  }
}

// Between pushes only the ages change ("Checked 2 min ago").
function refreshAges() {
  for (const checked of document.querySelectorAll(".checked")) {
    checked.textContent = t("checked {t}", { t: ago(checked.dataset.at || null) });
  }
  for (const snoozed of document.querySelectorAll(".snoozed[data-until]")) {
    if (snoozed.dataset.until) snoozed.textContent = snoozeText({ snoozed_until: snoozed.dataset.until });
  }
}

async function checkNow() {
  const button = $("check-now");
  button.disabled = true;
  button.textContent = t("checking");
  try {
    await invoke("check_now");
  } catch (error) {
    $("problem").hidden = false;
    $("problem").textContent = String(error);
  } finally {
    // The results arrive as pushes; re-enable once the request is in.
    setTimeout(() => {
      button.disabled = false;
      button.textContent = t("check now");
    }, 800);
  }
}

// Bring one service into view on the overview and give it the keyboard focus.
async function focusService(id) {
  app.focused = id;
  if (route().page !== "overview") location.hash = "#/";
  await show();
  const item = document.querySelector(`li[data-service="${CSS.escape(id)}"]`);
  if (!item) return;
  item.tabIndex = -1;
  item.scrollIntoView({ block: "center" });
  item.focus();
}

// After each check: the chrome; the overview redrawn when a state changed,
// else only its figures updated in place (a redraw would take the keyboard
// focus away every check), so the overview and a service page never
// disagree. The history read is a few rows per service.
async function onOverview(view) {
  const before = app.view;
  app.view = view;
  renderChrome(view);
  pickingOver();
  if (route().page === "pick") {
    updatePicked($("page"), view);
    return;
  }
  if (route().page !== "overview") {
    app.history = null;
    return;
  }
  const changed = !before || before.services.length !== view.services.length
    || before.last_known !== view.last_known || String(before.muted) !== String(view.muted)
    || JSON.stringify(before.alerts) !== JSON.stringify(view.alerts)
    || view.services.some((s, i) => s.service !== before.services[i]?.service || s.status !== before.services[i]?.status
      || s.reason !== before.services[i]?.reason || s.detail !== before.services[i]?.detail);
  if (changed) return show({ fresh: true });
  app.history = await invoke("history_overview");
  for (const entry of app.history) {
    const figure = document.querySelector(`li[data-service="${CSS.escape(entry.service)}"] .uptime`);
    if (figure) figure.textContent = uptimeText(widestUptime(entry.uptime));
  }
}

function onEngineEvent(event) {
  if (event.type !== "state") return;
  const { page, arg } = route();
  // A change of state is history: bars, uptime and timelines move.
  if (page === "overview") show({ fresh: true });
  else if ((page === "service" && arg === event.service) || page === "incidents") show();
  else app.history = null;
}

// The static words of index.html, in the current language.
function translateChrome() {
  for (const element of document.querySelectorAll("[data-t]")) element.textContent = t(element.dataset.t);
}

// The language setting changed: every word on screen follows.
async function languageChanged(setting, done) {
  // The app decides what "auto" means (the system's locale), for the
  // headline, the tray and notifications alike; the page follows it.
  app.view = await invoke("overview");
  setLanguage(app.view.language ?? setting);
  translateChrome();
  renderChrome(app.view);
  await show();
  const say = document.querySelector(".say");
  if (say) say.textContent = done();
}

async function main() {
  // The picture and its history are asked for at once, not one after the
  // other: each round trip to the app delays the first drawing.
  const history = invoke("history_overview").catch(() => null);
  app.view = await invoke("overview");
  setLanguage(app.view.language ?? "auto");
  translateChrome();
  $("check-now").addEventListener("click", checkNow);
  window.addEventListener("hashchange", () => {
    show();
    $("page").focus({ preventScroll: true });
  });
  await tauri.event.listen("overview", (event) => onOverview(event.payload));
  await tauri.event.listen("engine-event", (event) => onEngineEvent(event.payload));
  await tauri.event.listen("focus-service", (event) => focusService(event.payload));
  await tauri.event.listen("show-page", (event) => { location.hash = `#/${event.payload}`; });
  app.history = await history;
  await show({ fresh: !app.history });
  // After the first picture is on screen (the app logs how long it took).
  requestAnimationFrame(() => invoke("dashboard_drawn"));
  const pending = await invoke("take_focus");
  if (pending) await focusService(pending);
  setInterval(refreshAges, 15_000);
}

main().catch((error) => {
  $("summary-text").textContent = "The dashboard could not start";
  $("problem").hidden = false;
  $("problem").textContent = String(error);
});
