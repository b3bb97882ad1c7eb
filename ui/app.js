// The dashboard: asks the app for its picture once, then follows the
// "overview" events the engine pushes. It never polls.
//
// Everything that came from a status page is set with textContent, never as
// HTML: vendor text is untrusted.

import { GLYPHS, LABELS, ago, clock, headline } from "./format.js";

const tauri = window.__TAURI__;
const $ = (id) => document.getElementById(id);
let current = null;
// The service a notification asked to show, kept across re-renders.
let focused = null;

function render(view) {
  current = view;
  const worst = view.problem ? "unknown" : view.worst;
  document.body.dataset.worst = worst;
  $("summary-text").textContent = headline(view);

  const problem = $("problem");
  problem.hidden = !view.problem;
  problem.textContent = view.problem ?? "";

  const paused = $("paused");
  const until = view.paused_until && Date.parse(view.paused_until) > Date.now();
  paused.hidden = !until;
  paused.textContent = until ? `Notifications paused until ${clock(view.paused_until)}.` : "";

  $("empty").hidden = view.services.length > 0 || Boolean(view.problem);
  $("config-path").textContent = view.config_path;
  $("config-line").textContent = view.config_path ? `Config: ${view.config_path}` : "";

  const list = $("services");
  const rows = view.services.map(row);
  list.replaceChildren(...rows);
}

function row(service) {
  const item = $("service-row").content.firstElementChild.cloneNode(true);
  item.dataset.service = service.service;
  item.dataset.status = service.status;
  if (service.service === focused) item.dataset.focused = "true";
  item.querySelector(".glyph").textContent = GLYPHS[service.status] ?? "?";
  item.querySelector(".name").textContent = service.name;
  item.querySelector(".status").textContent = LABELS[service.status] ?? service.status;
  item.querySelector(".reason").textContent = service.reason;
  const since = item.querySelector(".since");
  since.textContent = `Since ${clock(service.since)}`;
  since.title = new Date(service.since).toLocaleString();
  const checked = item.querySelector(".checked");
  checked.dataset.at = service.last_check ?? "";
  checked.textContent = `Checked ${ago(service.last_check)}`;
  return item;
}

// "Checked 2 min ago" ages between pushes; only the words change.
function refreshAges() {
  for (const checked of document.querySelectorAll(".checked")) {
    checked.textContent = `Checked ${ago(checked.dataset.at || null)}`;
  }
}

async function checkNow() {
  const button = $("check-now");
  button.disabled = true;
  button.textContent = "Checking…";
  try {
    await tauri.core.invoke("check_now");
  } catch (error) {
    $("problem").hidden = false;
    $("problem").textContent = String(error);
  } finally {
    // The results arrive as overview events; re-enable once the request is in.
    setTimeout(() => {
      button.disabled = false;
      button.textContent = "Check now";
    }, 800);
  }
}

// Bring one service into view and give it the keyboard focus.
function focusService(id) {
  focused = id;
  if (current) render(current);
  const item = document.querySelector(`li[data-service="${CSS.escape(id)}"]`);
  if (!item) return;
  item.tabIndex = -1;
  item.scrollIntoView({ block: "center" });
  item.focus();
}

async function main() {
  $("check-now").addEventListener("click", checkNow);
  await tauri.event.listen("overview", (event) => render(event.payload));
  await tauri.event.listen("focus-service", (event) => focusService(event.payload));
  render(await tauri.core.invoke("overview"));
  const pending = await tauri.core.invoke("take_focus");
  if (pending) focusService(pending);
  setInterval(refreshAges, 15_000);
}

main().catch((error) => {
  $("summary-text").textContent = "The dashboard could not start";
  $("problem").hidden = false;
  $("problem").textContent = String(error);
});
