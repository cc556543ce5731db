// A restore plan as a reviewer reads it: the stages in order with their resources, the
// variables to set, restore points against the RPO, renamed names, what is not restored and
// why, and the runbook.

import { formatTime, h, resourcePath, table } from "../ui.js";
import { valueView } from "../values.js";
import { downloadButton } from "./zip.js";

const RUNBOOK = "RUNBOOK.md";

export function planView(plan) {
  return [
    h("h3", { tabindex: "-1" }, `Plan of ${plan.snapshot} into ${plan.target.region}`),
    h("p", {}, summary(plan)),
    downloadButton(plan),
    stagesView(plan.stages),
    section("Variables a reviewer sets", variablesTable(plan.variables)),
    section("Restore points, against the RPO", restorePointsTable(plan.restorePoints)),
    section("Renamed", renamedTable(plan.renamed)),
    section("Not restored", notRestoredTable(plan.notRestored), outsideTable(plan.outside)),
    section(`Runbook (${RUNBOOK})`, runbookView(plan.files)),
  ];
}

function summary(plan) {
  const { target } = plan;
  const account = target.account ? `account ${target.account}` : "the account the credentials reach";
  const names = target.nameSuffix ? `names the source still holds end in ${target.nameSuffix}` : "every name kept";
  const count = plan.stages.reduce((sum, stage) => sum + stage.resources.length, 0);
  return `${plan.application} as it was at ${formatTime(plan.at, true)}, from ${plan.sourceRegion} into ${target.region}, ${account}, ${names}, mode ${target.mode.toLowerCase().replace("_", " ")}: ${count} resources in ${plan.stages.length} stages. Nothing is written until you apply it.`;
}

function section(title, ...content) {
  return h("section", { class: "plan-part" }, h("h4", {}, title), content);
}

function none(text) {
  return h("p", { class: "muted" }, text);
}

function stagesView(stages) {
  return section(
    "Stages, in the order they apply",
    h(
      "ol",
      { class: "stages" },
      stages.map((stage) =>
        h(
          "li",
          { class: "stage" },
          h("h5", {}, stage.name, " ", h("span", { class: "muted" }, `${stage.file} · ${stage.resources.length} resource${stage.resources.length === 1 ? "" : "s"}`)),
          h("ul", { class: "addresses" }, stage.resources.map((resource) => h("li", {}, h("a", { href: resourcePath(resource.uid) }, h("code", {}, resource.address)), " ", h("span", { class: "muted" }, resource.type)))),
        ),
      ),
    ),
  );
}

function variablesTable(variables) {
  if (!variables.length) return none("None: the plan applies as it is.");
  const rows = variables.map((variable) => [
    h("code", {}, variable.name),
    variable.purpose,
    variable.description,
    variable.default === null ? h("strong", {}, "none: set it") : valueView(variable.default),
    variable.sensitive ? "sensitive" : "no",
  ]);
  return table("Variables (terraform.tfvars or TF_VAR_…)", ["Name", "Purpose", "Description", "Default", "Sensitive"], rows);
}

function restorePointsTable(points) {
  if (!points.length) return none("No database or table to restore.");
  const rows = points.map((point) => [
    h("code", {}, point.address),
    point.method || "—",
    point.time ? formatTime(point.time, true) : h("span", { class: "muted" }, "found by the command"),
    point.rpoMinutes === null ? "not set" : `${point.rpoMinutes} min`,
    point.loss,
    point.command ? h("code", { class: "command" }, point.command) : "—",
  ]);
  return table("Restore points", ["Address", "Method", "Time", "RPO", "Data lost", "Latest restorable point"], rows);
}

function renamedTable(renamed) {
  if (!renamed.length) return none("No name changed.");
  const rows = renamed.map((item) => [item.type, h("code", {}, item.sourceName), h("code", {}, item.restoredName)]);
  return table("Names the source still holds where the plan lands", ["Type", "Source name", "Restored name"], rows);
}

function notRestoredTable(notRestored) {
  if (!notRestored.length) return none("Every asset of the snapshot is restored.");
  const rows = notRestored.map((item) => [h("code", { class: "uid" }, item.uid), item.type, item.reason]);
  return table("Assets the plan leaves out", ["Resource", "Type", "Why"], rows);
}

function outsideTable(outside) {
  if (!outside.length) return null;
  const rows = outside.map((item) => [h("code", { class: "uid" }, item.source), h("code", {}, item.field), h("code", { class: "uid" }, item.target), item.targetType || "—", item.reason]);
  return table("References leaving the application: variables or data sources, not restored", ["From", "Field", "To", "Type", "Why"], rows);
}

function runbookView(files) {
  const runbook = files.find((file) => file.path === RUNBOOK);
  if (!runbook) return none(`The plan has no ${RUNBOOK}.`);
  return h("pre", { class: "runbook", tabindex: "0", "aria-label": RUNBOOK }, runbook.content);
}
