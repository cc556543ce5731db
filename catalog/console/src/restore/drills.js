// The application's drills, newest first (Drills): outcome, target, measured RTO against the
// target, each stage's apply and gate times, and what the cleanup found.

import { formatTime, h, table } from "../ui.js";

export function drillsSection(application, drills) {
  const section = h("section", { "aria-labelledby": "drills-title" }, h("h2", { id: "drills-title" }, "Drills"));
  if (!drills.length) {
    section.append(h("p", { class: "no-drills" }, "No drill yet: ", h("code", {}, `cairn drill ${application.name} --target-region REGION`), " restores a snapshot for real, times it and cleans up."));
    return section;
  }
  const rows = drills.map((drill) => [
    formatTime(drill.startedAt, true),
    h("span", { class: `badge drill-${drill.status}` }, drill.status),
    drill.targetRegion,
    h("code", {}, drill.snapshot),
    rto(drill.rtoSeconds, application.rtoMinutes),
    stagesList(drill.stages),
    comparisonSummary(drill.comparison),
    cleanup(drill),
    drill.error || "—",
  ]);
  section.append(table("Drills, newest first", ["Started", "Status", "Into", "Snapshot", "Measured RTO", "Stages", "Against the source", "Cleanup", "Error"], rows));
  return section;
}

function seconds(value) {
  return `${value.toFixed(1)} s`;
}

function rto(measured, targetMinutes) {
  if (measured === null || measured === undefined) return h("span", { class: "muted" }, "not measured");
  const target = targetMinutes === null || targetMinutes === undefined ? "" : ` (target ${targetMinutes} min)`;
  return `${(measured / 60).toFixed(1)} min${target}`;
}

function stagesList(stages) {
  if (!stages.length) return h("span", { class: "muted" }, "none applied");
  return h(
    "ul",
    { class: "drill-stages" },
    stages.map((stage) => h("li", {}, `${stage.name}: apply ${seconds(stage.applySeconds)}, gates ${seconds(stage.gateSeconds)}${gatesPassed(stage.gates)}`)),
  );
}

/** " (2 gates passed, 1 unverified)": a gate that cannot be checked from here is not a failure. */
function gatesPassed(gates) {
  if (!Array.isArray(gates) || !gates.length) return "";
  const count = (outcome) => gates.filter((gate) => gate.passed === outcome).length;
  const parts = [[count(true), "passed"], [count(false), "failed"], [count(null), "unverified"]].filter(([n]) => n);
  return ` (${parts.map(([n, outcome], index) => `${n}${index ? "" : ` gate${gates.length === 1 ? "" : "s"}`} ${outcome}`).join(", ")})`;
}

/** "31 of 31 resources restored, alike": the restored application against the source. */
function comparisonSummary(comparison) {
  const kinds = Object.values((comparison && comparison.kinds) || {});
  if (!kinds.length) return h("span", { class: "muted" }, "not compared");
  const total = (side) => kinds.reduce((sum, kind) => sum + (kind[side] || 0), 0);
  const differences = [
    [comparison.attributes, "attributes differ"],
    [comparison.missing, "missing"],
    [comparison.extra, "only in the restore"],
  ].filter(([items]) => items && items.length);
  const verdict = differences.length ? differences.map(([items, what]) => `${items.length} ${what}`).join(", ") : "alike";
  return `${total("restored")} of ${total("source")} resources restored, ${verdict}`;
}

function cleanup(drill) {
  if (drill.keep) return "kept (--keep): delete it yourself";
  if (drill.leftBehind.length) return h("span", {}, `left behind: ${drill.leftBehind.join(", ")}`);
  if (drill.cleanedAt) return `cleaned up ${formatTime(drill.cleanedAt, true)}`;
  return h("span", { class: "muted" }, "not cleaned up yet");
}
