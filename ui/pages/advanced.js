// Settings → Advanced: the Prometheus endpoint of this app (the same
// /metrics as `downbeat serve`), off unless turned on, on 127.0.0.1 only.
// What stops it from serving (a port in use) is said under the control.

import { h } from "../dom.js";
import { t } from "../i18n.js";

export function advancedForm(settings, save) {
  const m = settings.metrics;
  const enabled = h("input", { type: "checkbox", name: "metrics-enabled" });
  enabled.checked = m.enabled;
  const port = h("input", {
    type: "number", name: "metrics-port", min: 1, max: 65535, value: String(m.port), "aria-describedby": "metrics-state",
  });
  const submit = (e) => {
    e.preventDefault();
    save("set_metrics", { enabled: enabled.checked, port: Number(port.value) },
      // Saved, but a port that cannot be had is not "serving".
      (saved) => t(saved?.metrics_problem ? "metrics saved" : enabled.checked ? "metrics on" : "metrics off"), e);
  };
  const url = `http://127.0.0.1:${m.port}/metrics`;
  const state = settings.metrics_problem
    ? h("p", { id: "metrics-state", class: "problem", role: "alert" }, settings.metrics_problem)
    : h("p", { id: "metrics-state", class: "meta" }, m.enabled ? t("metrics at {u}", { u: url }) : t("metrics none"));
  return [h("h3", { id: "advanced-title" }, t("advanced title")),
    h("form", { class: "grid-form", onsubmit: submit },
      h("label", { class: "check" }, enabled, ` ${t("metrics box")}`),
      h("label", {}, t("metrics port"), port),
      h("button", { type: "submit", class: "secondary" }, t("save"))),
    state];
}
