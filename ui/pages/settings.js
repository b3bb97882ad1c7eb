// Settings: add a service from the catalog or a pasted URL (detected first,
// saved only when the user says so), remove it, set its alert level, choose its
// components; the check interval, the language and the notifications. Every
// change is written to the config file at once and the engine follows it.

import { h } from "../dom.js";
import { catalogBrowser } from "../catalog.js";
import { LABELS, ago, duration } from "../format.js";
import { t } from "../i18n.js";
import { advancedForm } from "./advanced.js";

const LANGUAGES = ["auto", "en", "fr"];

export async function renderSettings(root, { invoke, languageChanged }) {
  let settings = await invoke("settings");

  // What a change says goes next to the control that made it (in its
  // section, announced to screen readers), not out of sight at the top.
  const sayIn = (section) => {
    let say = section.querySelector(":scope > .say");
    if (!say) {
      say = h("p", { class: "say", role: "status", "aria-live": "polite" });
      section.append(say);
    }
    return say;
  };

  // Run one change; the answer is the settings as saved (`done` gets them).
  // `near` is the control (or its event) the change came from.
  const save = async (command, args, done, near) => {
    const from = near?.target ?? near ?? document.activeElement;
    const section = from?.closest?.("#page section") ?? root.querySelector("section") ?? root;
    sayIn(section).textContent = t("saving");
    try {
      const before = settings.language;
      settings = await invoke(command, args);
      if (settings.language !== before) {
        await languageChanged(settings.language, done);
        return true;
      }
      draw();
      sayIn(section).textContent = done(settings);
      return true;
    } catch (error) {
      sayIn(section).textContent = t("not saved {e}", { e: error });
      return false;
    }
  };

  const services = h("section", { "aria-labelledby": "watched-title" });
  const add = addSection(invoke, save);
  const general = h("section", { "aria-labelledby": "general-title" });
  const notifications = h("section", { "aria-labelledby": "notifications-title" });
  const advanced = h("section", { "aria-labelledby": "advanced-title", class: "advanced" });

  function draw() {
    services.replaceChildren(
      h("h3", { id: "watched-title" }, t("watched ({n})", { n: settings.services.length })),
      settings.services.length
        ? h("ul", { class: "settings-services" }, settings.services.map((s) => serviceRow(s, save)))
        : h("p", { class: "meta" }, t("none yet")),
      ...retiredLines(settings.retired ?? []));
    general.replaceChildren(...generalForm(settings, save));
    notifications.replaceChildren(...notificationsForm(settings, save));
    advanced.replaceChildren(...advancedForm(settings, save));
  }
  draw();
  root.replaceChildren(h("h2", {}, t("settings")), services, add, general, notifications,
    launchSection(settings, save), ...hooksSection(settings), advanced);
}

// Services the config file names that their vendor shut down: left out of
// what is watched, said once here (the file is left as it is).
function retiredLines(retired) {
  return retired.map((r) => h("p", { class: "meta retired" },
    t("retired {id} {line}", { id: r.id, line: r.line }),
    r.successor ? " " + t("retired successor {id}", { id: r.successor_name ?? r.successor }) : ""));
}

// The config file's [[hooks]] and how each last went (read-only here).
function hooksSection(settings) {
  const hooks = settings.hooks ?? [];
  if (!hooks.length) return [];
  const line = (hook) => {
    const said = [];
    if (hook.last_error && !hook.last_error_at) said.push(t("hook wrong {e}", { e: hook.last_error }));
    else if (hook.last_error) said.push(t("hook failed {d} {e}", { d: ago(hook.last_error_at), e: hook.last_error }));
    if (hook.last_ok) said.push(t("hook ok {d}", { d: ago(hook.last_ok) }));
    if (!hook.last_ok && !hook.last_error) said.push(t("hook never"));
    if (hook.dropped) said.push(t("hook dropped {n}", { n: hook.dropped }));
    return h("li", { class: hook.last_error ? "hook failing" : "hook" },
      h("code", {}, hook.hook), " ", h("span", { class: "meta" }, said.join(" ")));
  };
  return [h("section", { "aria-labelledby": "hooks-title" },
    h("h3", { id: "hooks-title" }, t("hooks title")),
    h("ul", { class: "settings-hooks" }, hooks.map(line)),
    h("p", { class: "meta" }, t("hooks file")))];
}

function launchSection(settings, save) {
  const box = h("input", {
    type: "checkbox", name: "launch-at-login",
    onchange: (e) => save("set_launch_at_login", { on: e.target.checked },
      () => t(e.target.checked ? "launch on" : "launch off"), e),
  });
  box.checked = settings.launch_at_login === true;
  return h("section", { "aria-labelledby": "launch-title" },
    h("h3", { id: "launch-title" }, t("launch title")),
    h("label", { class: "check" }, box, t("launch box")),
    h("p", { class: "meta" }, t("launch tray")));
}

function serviceRow(service, save) {
  // The level in force when the config sets none: outages, or all when
  // "degraded" is ticked below (the core's `default_level`).
  const fallback = service.alerts ? null : service.level;
  const alerts = h("select", {
    name: `alerts-${service.id}`, "aria-label": t("alerts label", { name: service.name }),
    onchange: (e) => save("set_alerts", { id: service.id, level: e.target.value || null },
      () => e.target.value
        ? t("alerts {n} {l}", { name: service.name, l: t(`alerts.${e.target.value}`) })
        : t("alerts {n} default", { name: service.name }), e),
  },
  h("option", { value: "" }, t("alerts default {l}", { l: t(`alerts.${fallback ?? service.level}`) })),
  ["all", "outages", "off"].map((level) => h("option", { value: level }, t(`alerts.${level}`))));
  alerts.value = service.alerts ?? "";
  let armed = false;
  const remove = h("button", {
    type: "button", class: "secondary", dataset: { remove: service.id },
    onclick: (e) => {
      if (!armed) {
        armed = true;
        e.target.textContent = t("really remove {n}", { name: service.name });
        return;
      }
      save("remove_service", { id: service.id }, () => t("removed {n}", { name: service.name }), e);
    },
  }, t("remove"));
  return h("li", { class: "settings-service", dataset: { service: service.id } },
    h("div", { class: "line" },
      h("span", { class: "name" }, service.name, " ", h("code", { class: "meta" }, service.id)),
      h("span", { class: "actions" }, alerts, " ", remove)),
    componentsPicker(service, save));
}

function componentsPicker(service, save) {
  if (!service.known_components.length) {
    return service.components.length
      ? h("p", { class: "meta" }, t("watching only {c}", { c: service.components.join(", ") }))
      : null;
  }
  const chosen = new Set(service.components.map((c) => c.toLowerCase()));
  const boxes = service.known_components.map((component) => {
    const box = h("input", { type: "checkbox", value: component.name });
    box.checked = chosen.has(component.name.toLowerCase());
    return h("label", { class: "component-choice" }, box, " ", component.name,
      h("span", { class: "meta" }, ` ${LABELS[component.status]}`));
  });
  const apply = (e) => {
    const picked = boxes.map((l) => l.querySelector("input")).filter((b) => b.checked).map((b) => b.value);
    save("set_components", { id: service.id, components: picked },
      () => (picked.length ? t("watching {n} of {name}", { n: picked.length, name: service.name }) : t("watching all {name}", { name: service.name })), e);
  };
  return h("details", { class: "components-picker" },
    h("summary", {}, service.components.length ? t("components {c}", { c: service.components.join(", ") }) : t("components all")),
    h("div", { class: "choices" }, boxes),
    h("button", { type: "button", class: "secondary", onclick: apply }, t("watch these")),
    h("p", { class: "meta" }, t("none ticked")));
}

// Add from the catalog (searched, or browsed by category) or a pasted URL.
function addSection(invoke, save) {
  const add = (request, name, e) => save("add_service", { request }, () => t("added {n}", { name }), e);
  return h("section", { "aria-labelledby": "add-title" },
    h("h3", { id: "add-title" }, t("add title")),
    catalogBrowser({ invoke, add, shelf: "all" }));
}

function generalForm(settings, save) {
  const interval = h("select", { name: "interval" }, settings.intervals.map((s) => {
    const option = h("option", { value: String(s) }, t("every {d}", { d: duration(s) }));
    option.selected = s === settings.interval_s;
    return option;
  }));
  if (!settings.intervals.includes(settings.interval_s)) {
    const own = h("option", { value: String(settings.interval_s) }, t("every {d} file", { d: duration(settings.interval_s) }));
    own.selected = true;
    interval.prepend(own);
  }
  const language = h("select", { name: "language" }, LANGUAGES.map((v) => {
    const option = h("option", { value: v }, t(`lang.${v}`));
    option.selected = v === settings.language;
    return option;
  }));
  const submit = (e) => {
    e.preventDefault();
    save("set_general", { intervalS: Number(interval.value), language: language.value }, () => t("general saved"), e);
  };
  return [h("h3", { id: "general-title" }, t("general title")),
    h("form", { class: "grid-form", onsubmit: submit },
      h("label", {}, t("check each"), interval),
      h("label", {}, t("notifications in"), language),
      h("button", { type: "submit", class: "secondary" }, t("save")))];
}

function notificationsForm(settings, save) {
  const n = settings.notifications;
  const box = (name, label, checked) => {
    const input = h("input", { type: "checkbox", name });
    input.checked = checked;
    return [input, h("label", { class: "check" }, input, ` ${label}`)];
  };
  const [enabled, enabledLabel] = box("enabled", t("n.enabled"), n.enabled);
  const [degraded, degradedLabel] = box("degraded", t("n.degraded"), n.degraded);
  const [offline, offlineLabel] = box("offline", t("n.offline"), n.offline);
  const [from, to] = (n.quiet_hours ?? "").split("-");
  const quietFrom = h("input", { type: "time", name: "quiet-from", value: from ?? "" });
  const quietTo = h("input", { type: "time", name: "quiet-to", value: to ?? "" });
  const submit = (e) => {
    e.preventDefault();
    // Half a span is sent as it is: the app says which side is missing.
    const quiet = quietFrom.value || quietTo.value ? `${quietFrom.value}-${quietTo.value}` : null;
    save("set_notifications", {
      wanted: { enabled: enabled.checked, degraded: degraded.checked, offline: offline.checked, quiet_hours: quiet },
    }, () => t("notif saved"), e);
  };
  return [h("h3", { id: "notifications-title" }, t("notif title")),
    h("form", { class: "grid-form", onsubmit: submit },
      enabledLabel, degradedLabel, offlineLabel,
      h("fieldset", {}, h("legend", {}, t("n.quiet")),
        h("label", {}, t("from"), quietFrom), " ", h("label", {}, t("to"), quietTo)),
      h("button", { type: "submit", class: "secondary" }, t("save")))];
}
