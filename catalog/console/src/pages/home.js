// `/`: the applications, each with its readiness verdict, last snapshot and schedule.

import verdictQuery from "../../../../graphql/operations/ConsoleVerdict.graphql";
import { graphql } from "../api.js";
import { appPath, formatTime, h, restorePath, table, verdictBadge } from "../ui.js";

export async function render(main, _, __, read) {
  document.title = "Applications · Cairn";
  const { applications } = await read;
  main.append(h("h1", {}, "Applications"));
  if (!applications.length) {
    main.append(h("p", {}, "No application yet: ", h("code", {}, "cairn app create NAME --tag KEY=VALUE"), " defines one."));
    return;
  }
  const verdicts = applications.map(() => h("span", { class: "muted", "aria-busy": "true" }, "checking…"));
  const rows = applications.map((application, index) => [
    h("a", { href: appPath(application.name) }, application.name),
    verdicts[index],
    lastSnapshot(application.snapshots),
    schedule(application.schedule),
    targets(application),
    h("a", { href: restorePath(application.name), "aria-label": `Restore ${application.name}` }, "Restore"),
  ]);
  main.append(
    table("Applications, with their readiness for a recovery", ["Application", "Readiness", "Last snapshot", "Schedule", "RTO / RPO", ""], rows),
  );
  // A verdict plans the application's whole restore (about a second for 1,000 assets, a
  // minute for 20,000): the list is the page, each verdict fills its cell when it comes.
  applications.forEach((application, index) => fillVerdict(application.name, verdicts[index]));
}

async function fillVerdict(name, cell) {
  try {
    const { readiness } = await graphql(verdictQuery, { application: name });
    const where = readiness.targetRegion ? ` into ${readiness.targetRegion}` : "";
    cell.replaceWith(h("span", {}, verdictBadge(readiness.verdict), where));
  } catch (error) {
    cell.replaceWith(h("span", { class: "muted" }, `unknown (${error.message})`));
  }
}

function lastSnapshot(snapshots) {
  const [last] = snapshots;
  if (!last) return h("span", { class: "muted" }, "none yet");
  return h("span", {}, formatTime(last.at || last.startedAt), " ", h("span", { class: "muted" }, `${last.status} · ${snapshots.length} in all`));
}

function schedule(schedule) {
  if (!schedule) return h("span", { class: "muted" }, "on demand");
  const trigger = Object.entries(schedule.trigger)
    .map(([kind, when]) => `${kind} ${Array.isArray(when) ? when.join(" ") : when}`)
    .join(", ");
  const next = schedule.nextRun ? ` · next ${formatTime(schedule.nextRun)}` : "";
  return h("span", {}, `${trigger} (${schedule.timezone})${next}`);
}

function targets(application) {
  const minutes = (value) => (value === null || value === undefined ? "—" : `${value} min`);
  return `${minutes(application.rtoMinutes)} / ${minutes(application.rpoMinutes)}`;
}
