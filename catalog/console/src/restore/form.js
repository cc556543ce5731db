// The plan form: a snapshot and a target (region, account, name suffix, mode); "Plan" runs
// RestorePlan, which writes nothing, and shows the plan under the form.

import planQuery from "../../../../graphql/operations/RestorePlan.graphql";
import { graphql } from "../api.js";
import { formatTime, h, whileBusy } from "../ui.js";
import { field } from "./field.js";
import { planView } from "./plan.js";

const DEFAULT_SUFFIX = "-dr"; // what the planner appends to names still taken where it lands

export function planSection(main, application, snapshots) {
  const section = h("section", { "aria-labelledby": "plan-title" }, h("h2", { id: "plan-title" }, "Plan a restore"));
  if (!snapshots.length) {
    section.append(h("p", {}, `No complete snapshot of ${application.name} yet: `, h("code", {}, `cairn snapshot take ${application.name}`), " takes one."));
    return section;
  }
  const result = h("div", { class: "plan-result", "aria-live": "polite" });
  const form = planForm(application, snapshots);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    result.replaceChildren();
    whileBusy(main, async () => showPlan(result, await graphql(planQuery, planVariables(form))), result).catch(() => {});
  });
  section.append(form, result);
  return section;
}

function showPlan(result, { restorePlan }) {
  result.append(...planView(restorePlan));
  result.querySelector("h3").focus();
}

function planForm(application, snapshots) {
  const options = snapshots.map((snapshot, index) =>
    h("option", { value: snapshot.id, selected: index === 0 }, `${snapshot.id} · ${formatTime(snapshot.at, true)} · ${snapshot.assetCount ?? "?"} assets`),
  );
  const mode = h("select", { id: "mode", name: "mode" }, h("option", { value: "NEW", selected: true }, "new: into an empty target"), h("option", { value: "IN_PLACE" }, "in place: adopt what exists"));
  const suffix = h("input", { id: "name-suffix", name: "nameSuffix", value: DEFAULT_SUFFIX, autocomplete: "off" });
  mode.addEventListener("change", () => (suffix.disabled = mode.value === "IN_PLACE"));
  return h(
    "form",
    { class: "plan-form", "aria-labelledby": "plan-title" },
    field("snapshot", "Snapshot", h("select", { id: "snapshot", name: "snapshot" }, options), "Complete snapshots, the newest first.", "wide"),
    field("region", "Target region", h("input", { id: "region", name: "region", autocomplete: "off" }), [`Empty: the snapshot's own region (${application.regions.join(", ")}), as `, h("code", {}, "cairn restore plan"), " does."]),
    field("account", "Target account", h("input", { id: "account", name: "account", inputmode: "numeric", pattern: "[0-9]{12}", autocomplete: "off" }), "12 digits, the only account the plan may apply to. Empty: any."),
    field("name-suffix", "Name suffix", suffix, "Added to the names the source still holds where the restore lands; empty keeps every name. In place keeps the names."),
    field("mode", "Mode", mode),
    h("button", { type: "submit" }, "Plan"),
  );
}

function planVariables(form) {
  const value = (name) => form.elements[name].value.trim();
  const inPlace = value("mode") === "IN_PLACE";
  return {
    snapshot: value("snapshot"),
    target: {
      region: value("region") || null,
      account: value("account") || null,
      nameSuffix: inPlace ? null : value("nameSuffix"),
      mode: value("mode"),
    },
  };
}
