// `/apps/NAME/restore`: plan a restore of a snapshot into a target and review it (stages,
// variables, restore points, runbook), download it as `cairn restore plan` writes it, check
// drift against a Terraform state, and read the application's drills.

import { driftSection } from "../restore/drift.js";
import { drillsSection } from "../restore/drills.js";
import { planSection } from "../restore/form.js";
import { appPath, h } from "../ui.js";

export async function render(main, name, _, read) {
  document.title = `Restore ${name} · Cairn`;
  const [{ application }, { drills }] = await read;
  if (!application) throw new Error(`no application named ${name}: \`cairn app list\` lists them`);
  const snapshots = completeSnapshots(application.snapshots);
  main.append(
    h("h1", {}, `Restore ${application.name}`),
    h("p", {}, h("a", { href: appPath(application.name) }, `The application ${application.name}`), targets(application)),
    planSection(main, application, snapshots),
    driftSection(main, application, snapshots),
    drillsSection(application, drills),
  );
}

/** What the planner restores from: complete snapshots, the newest first. */
function completeSnapshots(snapshots) {
  const time = (snapshot) => snapshot.at || snapshot.startedAt;
  return snapshots.filter((snapshot) => snapshot.status === "complete").sort((a, b) => (time(a) < time(b) ? 1 : -1));
}

function targets(application) {
  const minutes = (value) => (value === null || value === undefined ? "not set" : `${value} minutes`);
  return ` · RTO ${minutes(application.rtoMinutes)}, RPO ${minutes(application.rpoMinutes)} · ${application.regions.join(", ")}`;
}
