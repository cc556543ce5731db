// What changed between two snapshots, with the SnapshotDiff operation: each changed asset with
// its attribute paths, before and after. Added and removed keys say so in words and marks
// (<ins>, <del>), not only in colour.

import diffQuery from "../../../../graphql/operations/SnapshotDiff.graphql";
import { graphql } from "../api.js";
import { alertBox, formatTime, h, resourcePath } from "../ui.js";
import { json } from "./values.js";

const NOW = "now";

export function diffView(snapshots) {
  const element = h("section", { "aria-labelledby": "diff-title", class: "diff" }, h("h3", { id: "diff-title" }, "What changed between two snapshots"));
  if (!snapshots.length) {
    element.append(h("p", {}, "No complete snapshot to compare."));
    return { element, ready: Promise.resolve() };
  }
  const options = (selected, withNow) => [
    ...snapshots.map((s) => h("option", { value: s.id, selected: s.id === selected }, `${s.id} (${formatTime(s.at, true)})`)),
    withNow ? h("option", { value: NOW, selected: selected === NOW }, "now") : null,
  ];
  // Default: the two newest; with one snapshot, that one against now.
  const [newest, previous] = snapshots;
  const from = h("select", { id: "diff-from", name: "from" }, options(previous ? previous.id : newest.id, false));
  const to = h("select", { id: "diff-to", name: "to" }, options(previous ? newest.id : NOW, true));
  const result = h("div", { class: "diff-result", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "diff-form" },
    h("label", { for: "diff-from" }, "From"),
    from,
    h("label", { for: "diff-to" }, "To"),
    to,
    h("button", { type: "submit" }, "Compare"),
  );
  const compare = async () => {
    result.setAttribute("aria-busy", "true");
    try {
      const variables = { from: from.value, to: to.value === NOW ? null : to.value };
      const { snapshotDiff } = await graphql(diffQuery, variables);
      result.replaceChildren(...changesView(snapshotDiff));
    } catch (error) {
      result.replaceChildren(alertBox(error.message));
    } finally {
      result.setAttribute("aria-busy", "false");
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    compare();
  });
  element.append(form, result);
  return { element, ready: compare() };
}

function changesView(diff) {
  const summary = h(
    "p",
    { class: "diff-summary" },
    `${diff.before} (${formatTime(diff.beforeAt, true)}) → ${diff.after} (${formatTime(diff.afterAt, true)}): `,
    h("strong", {}, `${diff.changed} changed, ${diff.added} added, ${diff.removed} removed`),
    `, ${diff.unchanged} unchanged.`,
  );
  if (!diff.changes.length) return [summary, h("p", {}, "Nothing changed.")];
  return [summary, h("ul", { class: "asset-changes" }, diff.changes.map((change) => assetChange(change, diff.afterAt)))];
}

function assetChange(change, at) {
  const rows = change.changes.map((attribute) => {
    const kind = attribute.before === null ? "added" : attribute.after === null ? "removed" : "changed";
    return h(
      "tr",
      { class: `change-${kind}` },
      h("td", {}, h("span", { class: `badge change-badge-${kind}` }, kind), " ", h("code", {}, attribute.path)),
      h("td", {}, value(attribute.before, "del")),
      h("td", {}, value(attribute.after, "ins")),
    );
  });
  return h(
    "li",
    { class: `asset-change asset-${change.kind}`, dataset: { uid: change.uid } },
    h(
      "h4",
      {},
      h("a", { href: resourcePath(change.uid, at) }, change.name || change.uid),
      " ",
      h("span", { class: "mono muted" }, change.type),
      " ",
      h("span", { class: `badge change-badge-${change.kind}` }, change.kind),
    ),
    h(
      "table",
      { class: "attribute-changes" },
      h("caption", {}, `Attributes of ${change.name || change.uid} that changed`),
      h("thead", {}, h("tr", {}, ["Attribute", "Before", "After"].map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows),
    ),
  );
}

function value(content, mark) {
  if (content === null || content === undefined) return h("span", { class: "muted" }, "(absent)");
  return h(mark, {}, h("pre", {}, json(content)));
}
