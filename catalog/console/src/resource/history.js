// A resource's versions, newest first, each with what changed against the one before.

import { formatTime, h, resourcePath, table } from "../ui.js";
import { valueView } from "../values.js";

export function historySection(resource) {
  const versions = [...resource.history].reverse();
  const rows = versions.map((version) => [
    h("span", {}, h("a", { href: resourcePath(resource.uid, version.validFrom), "aria-label": `The version from ${formatTime(version.validFrom, true)}` }, formatTime(version.validFrom, true)), shownMark(version, resource)),
    version.validTo ? formatTime(version.validTo, true) : h("span", { class: "muted" }, "current"),
    changesView(version.changes),
  ]);
  return h(
    "section",
    { "aria-labelledby": "history-title" },
    h("h2", { id: "history-title" }, `History (${versions.length} version${versions.length === 1 ? "" : "s"})`),
    table("Versions, newest first, with what each changed", ["Valid from", "Valid to", "What changed"], rows),
  );
}

function shownMark(version, resource) {
  return version.validFrom === resource.validFrom ? h("span", { class: "badge shown" }, "shown") : null;
}

function changesView(changes) {
  if (!changes.length) return h("span", { class: "muted" }, "first version");
  return h(
    "ul",
    { class: "changes" },
    changes.map((change) =>
      h("li", {}, h("code", {}, change.path), h("div", { class: "before-after" }, h("span", { class: "label" }, "before"), valueView(change.before), h("span", { class: "label" }, "after"), valueView(change.after))),
    ),
  );
}
