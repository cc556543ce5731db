// Drift: the application (now, or as a snapshot holds it) against a Terraform state the
// server reads (DriftCheck, operator token): what the next `terraform apply` would undo.

import driftQuery from "../../../../graphql/operations/DriftCheck.graphql";
import { graphql } from "../api.js";
import { formatTime, h, table, whileBusy } from "../ui.js";
import { valueView } from "../values.js";
import { field } from "./field.js";

export function driftSection(main, application, snapshots) {
  const result = h("div", { class: "drift-result", "aria-live": "polite" });
  const form = driftForm(snapshots);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    result.replaceChildren();
    const compared = snapshots.find((snapshot) => snapshot.id === form.elements.asOf.value);
    const variables = { application: application.name, tfstate: form.elements.tfstate.value.trim(), at: compared ? compared.at : null };
    whileBusy(main, async () => result.append(...driftView(await graphql(driftQuery, variables))), result).catch(() => {});
  });
  return h(
    "section",
    { "aria-labelledby": "drift-title" },
    h("h2", { id: "drift-title" }, "Drift"),
    h("p", {}, "Would the next ", h("code", {}, "terraform apply"), " revert what runs? The server reads the state (operator token)."),
    form,
    result,
  );
}

function driftForm(snapshots) {
  const asOf = h(
    "select",
    { id: "drift-at", name: "asOf" },
    h("option", { value: "" }, "what runs now"),
    snapshots.map((snapshot) => h("option", { value: snapshot.id }, `${snapshot.id} (${formatTime(snapshot.at, true)})`)),
  );
  return h(
    "form",
    { class: "drift-form", "aria-labelledby": "drift-title" },
    field("tfstate", "Terraform state", h("input", { id: "tfstate", name: "tfstate", required: true, autocomplete: "off" }), "A path on the server or s3://BUCKET/KEY, in a place its CAIRN_STATE_PATHS allows.", "wide"),
    field("drift-at", "Compare with", asOf),
    h("button", { type: "submit" }, "Check"),
  );
}

function driftView(data) {
  const report = data.drift;
  const verdict = report.findings.length
    ? `${report.findings.length} finding${report.findings.length === 1 ? "" : "s"}: the next apply would change what ran at ${formatTime(report.at, true)}.`
    : `No drift at ${formatTime(report.at, true)}: the next apply changes nothing the application runs.`;
  const parts = [h("p", { class: "drift-verdict" }, verdict, ` ${report.matched} state resources matched.`)];
  if (report.findings.length) {
    const rows = report.findings.map((finding) => [finding.sentence, h("code", {}, finding.address), finding.attribute ? h("code", {}, finding.attribute) : "—", valueView(finding.declared), valueView(finding.runtime), finding.action]);
    parts.push(table(`Findings against ${report.tfstate}`, ["What the next apply would do", "Address", "Attribute", "Declared", "Running", "Action"], rows));
  }
  parts.push(listDetails("State resources not compared", report.notCompared), listDetails("State resources outside the application", report.outsideApplication));
  return parts.filter(Boolean);
}

function listDetails(title, items) {
  if (!items.length) return null;
  return h("details", {}, h("summary", {}, `${title} (${items.length})`), h("ul", {}, items.map((item) => h("li", {}, h("code", {}, item)))));
}
