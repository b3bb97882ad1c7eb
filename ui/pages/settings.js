// Settings: add a service from the catalog or a pasted URL (detected first,
// saved only when the user says so), remove it, mute it, choose its
// components; the check interval, the language and the notifications. Every
// change is written to the config file at once and the engine follows it.

import { h } from "../dom.js";
import { LABELS, duration } from "../format.js";

const LANGUAGES = [["auto", "Same as the system"], ["en", "English"], ["fr", "Français"]];

export async function renderSettings(root, { invoke }) {
  const say = h("p", { class: "say", role: "status", "aria-live": "polite" });
  let settings = await invoke("settings");

  // Run one change; the answer is the settings as saved.
  const save = async (command, args, done) => {
    say.textContent = "Saving…";
    try {
      settings = await invoke(command, args);
      say.textContent = done;
      draw();
    } catch (error) {
      say.textContent = `Not saved: ${error}`;
    }
  };

  const services = h("section", { "aria-labelledby": "watched-title" });
  const add = addSection(invoke, save);
  const general = h("section", { "aria-labelledby": "general-title" });
  const notifications = h("section", { "aria-labelledby": "notifications-title" });

  function draw() {
    services.replaceChildren(
      h("h3", { id: "watched-title" }, `Watched services (${settings.services.length})`),
      settings.services.length
        ? h("ul", { class: "settings-services" }, settings.services.map((s) => serviceRow(s, save)))
        : h("p", { class: "meta" }, "None yet: add one below."));
    general.replaceChildren(...generalForm(settings, save));
    notifications.replaceChildren(...notificationsForm(settings, save));
  }
  draw();
  root.replaceChildren(h("h2", {}, "Settings"), say, services, add, general, notifications,
    launchSection(settings, save));
}

function launchSection(settings, save) {
  const box = h("input", {
    type: "checkbox", name: "launch-at-login",
    onchange: (e) => save("set_launch_at_login", { on: e.target.checked },
      e.target.checked ? "Downbeat will start when you log in." : "Downbeat will not start when you log in."),
  });
  box.checked = settings.launch_at_login === true;
  return h("section", { "aria-labelledby": "launch-title" },
    h("h3", { id: "launch-title" }, "Launch at login"),
    h("label", { class: "check" }, box, " Start Downbeat quietly in the tray when I log in"),
    h("p", { class: "meta" }, "The tray menu's Launch at login does the same."));
}

function serviceRow(service, save) {
  const mute = h("input", {
    type: "checkbox", name: `mute-${service.id}`,
    onchange: (e) => save("set_muted", { id: service.id, muted: e.target.checked },
      e.target.checked ? `${service.name} muted.` : `${service.name} notifies again.`),
  });
  mute.checked = service.muted;
  let armed = false;
  const remove = h("button", {
    type: "button", class: "secondary", dataset: { remove: service.id },
    onclick: (e) => {
      if (!armed) {
        armed = true;
        e.target.textContent = `Really remove ${service.name}?`;
        return;
      }
      save("remove_service", { id: service.id }, `${service.name} removed.`);
    },
  }, "Remove");
  return h("li", { class: "settings-service", dataset: { service: service.id } },
    h("div", { class: "line" },
      h("span", { class: "name" }, service.name, " ", h("code", { class: "meta" }, service.id)),
      h("span", { class: "actions" }, h("label", {}, mute, " Mute"), " ", remove)),
    componentsPicker(service, save));
}

function componentsPicker(service, save) {
  if (!service.known_components.length) {
    return service.components.length
      ? h("p", { class: "meta" }, `Watching only: ${service.components.join(", ")}`)
      : null;
  }
  const chosen = new Set(service.components.map((c) => c.toLowerCase()));
  const boxes = service.known_components.map((component) => {
    const box = h("input", { type: "checkbox", value: component.name });
    box.checked = chosen.has(component.name.toLowerCase());
    return h("label", { class: "component-choice" }, box, " ", component.name,
      h("span", { class: "meta" }, ` ${LABELS[component.status]}`));
  });
  const apply = () => {
    const picked = boxes.map((l) => l.querySelector("input")).filter((b) => b.checked).map((b) => b.value);
    save("set_components", { id: service.id, components: picked },
      picked.length ? `${service.name}: watching ${picked.length} components.` : `${service.name}: watching every component.`);
  };
  return h("details", { class: "components-picker" },
    h("summary", {}, service.components.length ? `Components: ${service.components.join(", ")}` : "Components: all"),
    h("div", { class: "choices" }, boxes),
    h("button", { type: "button", class: "secondary", onclick: apply }, "Watch these"),
    h("p", { class: "meta" }, "None ticked means every component counts."));
}

function addSection(invoke, save) {
  const results = h("ul", { class: "catalog-results", "aria-label": "Catalog matches" });
  const search = h("input", {
    type: "search", name: "catalog", placeholder: "Spotify, GitHub, Slack…", "aria-label": "Search the catalog",
    oninput: async (e) => {
      const query = e.target.value;
      if (!query.trim()) return results.replaceChildren();
      const hits = await invoke("catalog_search", { query });
      if (search.value !== query) return;
      results.replaceChildren(...hits.map((hit) => h("li", { dataset: { id: hit.id } },
        h("span", {}, hit.name, h("span", { class: "meta" }, ` ${hit.category}`)),
        hit.watched
          ? h("span", { class: "meta" }, "watched")
          : h("button", { type: "button", class: "secondary",
            onclick: () => save("add_service", { request: { from: "catalog", id: hit.id } }, `${hit.name} added.`) }, "Add"))));
    },
  });
  const found = h("div", { class: "detected", "aria-live": "polite" });
  const url = h("input", { type: "url", name: "url", placeholder: "https://status.example.com", "aria-label": "Status page or endpoint URL" });
  const detect = async (event) => {
    event.preventDefault();
    if (!url.value.trim()) return;
    found.replaceChildren(h("p", { class: "meta" }, "Looking at it…"));
    try {
      const d = await invoke("detect_url", { url: url.value });
      found.replaceChildren(detection(d, save));
    } catch (error) {
      found.replaceChildren(h("p", {}, String(error)));
    }
  };
  return h("section", { "aria-labelledby": "add-title" },
    h("h3", { id: "add-title" }, "Add a service"),
    h("label", { class: "field" }, "From the catalog ", search), results,
    h("form", { class: "field", onsubmit: detect },
      h("label", {}, "Or paste its status page (or any URL) ", url),
      h("button", { type: "submit", class: "secondary" }, "Detect")),
    found);
}

function detection(d, save) {
  if (!d.kind) {
    return h("div", { class: "detection failed" },
      h("p", {}, h("strong", {}, "Nothing usable answered there. "), d.error ?? d.explanation));
  }
  const name = h("input", { type: "text", name: "name", value: d.name, "aria-label": "Name" });
  const facts = [d.explanation];
  if (d.components) facts.push(`${d.components} components`);
  facts.push(`now ${LABELS[d.status].toLowerCase()}`);
  return h("form", {
    class: "detection",
    onsubmit: (e) => {
      e.preventDefault();
      save("add_service", { request: { from: "url", kind: d.kind, url: d.url, name: name.value } }, `${name.value} added.`);
    },
  },
  h("p", {}, h("strong", {}, `Found: ${d.kind}. `), facts.join(" · ")),
  h("label", {}, "Name ", name), " ",
  h("button", { type: "submit", class: "primary" }, "Add"));
}

function generalForm(settings, save) {
  const interval = h("select", { name: "interval" }, settings.intervals.map((s) => {
    const option = h("option", { value: String(s) }, `every ${duration(s)}`);
    option.selected = s === settings.interval_s;
    return option;
  }));
  if (!settings.intervals.includes(settings.interval_s)) {
    const own = h("option", { value: String(settings.interval_s) }, `every ${duration(settings.interval_s)} (from the file)`);
    own.selected = true;
    interval.prepend(own);
  }
  const language = h("select", { name: "language" }, LANGUAGES.map(([v, text]) => {
    const option = h("option", { value: v }, text);
    option.selected = v === settings.language;
    return option;
  }));
  const submit = (e) => {
    e.preventDefault();
    save("set_general", { intervalS: Number(interval.value), language: language.value }, "Checks and language saved.");
  };
  return [h("h3", { id: "general-title" }, "Checks and language"),
    h("form", { class: "grid-form", onsubmit: submit },
      h("label", {}, "Check each service ", interval),
      h("label", {}, "Notifications in ", language),
      h("button", { type: "submit", class: "secondary" }, "Save"))];
}

function notificationsForm(settings, save) {
  const n = settings.notifications;
  const box = (name, label, checked) => {
    const input = h("input", { type: "checkbox", name });
    input.checked = checked;
    return [input, h("label", { class: "check" }, input, ` ${label}`)];
  };
  const [enabled, enabledLabel] = box("enabled", "Notify me when a service goes down and when it is back", n.enabled);
  const [degraded, degradedLabel] = box("degraded", "Also when a service is only degraded", n.degraded);
  const [offline, offlineLabel] = box("offline", "Tell me when I am offline and back online (once, not per service)", n.offline);
  const [from, to] = (n.quiet_hours ?? "").split("-");
  const quietFrom = h("input", { type: "time", name: "quiet-from", value: from ?? "" });
  const quietTo = h("input", { type: "time", name: "quiet-to", value: to ?? "" });
  const submit = (e) => {
    e.preventDefault();
    const quiet = quietFrom.value && quietTo.value ? `${quietFrom.value}-${quietTo.value}` : null;
    save("set_notifications", {
      wanted: { enabled: enabled.checked, degraded: degraded.checked, offline: offline.checked, quiet_hours: quiet },
    }, "Notification settings saved.");
  };
  return [h("h3", { id: "notifications-title" }, "Notifications"),
    h("form", { class: "grid-form", onsubmit: submit },
      enabledLabel, degradedLabel, offlineLabel,
      h("fieldset", {}, h("legend", {}, "Quiet hours (a summary comes when they end)"),
        h("label", {}, "From ", quietFrom), " ", h("label", {}, "to ", quietTo)),
      h("button", { type: "submit", class: "secondary" }, "Save"))];
}
