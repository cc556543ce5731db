// The snapshot timeline (newest first), each snapshot viewable at its time, and the diff
// between two chosen snapshots (default: the two newest).

import { appPath, formatTime, h, table } from "../ui.js";
import { diffView } from "./diff.js";

export function timelineSection(application, at) {
  const snapshots = application.snapshots;
  const element = h(
    "section",
    { "aria-labelledby": "snapshots-title", class: "timeline" },
    h("h2", { id: "snapshots-title" }, `Snapshots (${snapshots.length})`),
  );
  if (!snapshots.length) {
    element.append(h("p", {}, "No snapshot yet: ", h("code", {}, `cairn snapshot take ${application.name}`), " takes one."));
    return { element, ready: Promise.resolve() };
  }
  const rows = snapshots.map((snapshot) => [
    h("span", { class: "mono" }, snapshot.id),
    snapshot.at ? formatTime(snapshot.at, true) : h("span", { class: "muted" }, "—"),
    h("span", { class: `status status-${snapshot.status}` }, snapshot.status),
    snapshot.trigger,
    snapshot.assetCount === null ? "—" : String(snapshot.assetCount),
    snapshot.at
      ? h(
          "a",
          { href: appPath(application.name, snapshot.at), "aria-label": `View at snapshot ${snapshot.id}`, "aria-current": at === snapshot.at ? "page" : null },
          "View at this snapshot",
        )
      : "",
  ]);
  element.append(table("Snapshots, newest first", ["Snapshot", "Taken at", "Status", "Trigger", "Assets", ""], rows));
  const diff = diffView(snapshots.filter((snapshot) => snapshot.status === "complete"));
  element.append(diff.element);
  return { element, ready: diff.ready };
}
