// "What breaks if I change this": every transitive dependent (ImpactCheck), counted by type,
// each with one shortest path of references back to the resource, a page at a time.

import impactQuery from "../../../../graphql/operations/ImpactCheck.graphql";
import { graphql } from "../api.js";
import { h, resourcePath, table, whileBusy } from "../ui.js";

export async function loadImpact(uid, at, after = null) {
  const { impact } = await graphql(impactQuery, { uid, at, after });
  return impact;
}

export function impactSection(uid, at, impact, main) {
  const names = new Map();
  const rows = h("tbody", {});
  const more = h("div", { class: "more" });
  const dependentsTable = table(
    "Dependents, nearest first, each with one path of references to this resource",
    ["Dependent", "Type", "Depth", "Path"],
    [],
  );
  dependentsTable.querySelector("tbody").replaceWith(rows);

  /** Appends a page of dependents; returns the first new row. */
  const showPage = (page) => {
    for (const dependent of page.dependents) names.set(dependent.uid, dependent.name);
    const added = page.dependents.map((dependent) => dependentRow(dependent, names, at));
    rows.append(...added);
    more.replaceChildren();
    if (page.pageInfo.hasNextPage) more.append(moreButton(page.pageInfo.endCursor));
    return added[0];
  };
  // The button goes once the last page shows: focus moves to the first new dependent.
  const showMore = async (cursor) => showPage(await loadImpact(uid, at, cursor))?.querySelector("a").focus();
  const moreButton = (cursor) =>
    h("button", { type: "button", onclick: () => whileBusy(main, () => showMore(cursor), more).catch(() => {}) }, "Show more dependents");

  names.set(uid, null);
  const section = h(
    "section",
    { "aria-labelledby": "impact-title" },
    h("h2", { id: "impact-title" }, "Impact: what breaks if it changes"),
    h("p", { class: "impact-count" }, summary(impact)),
  );
  if (!impact.count) return section;
  section.append(
    table("Dependents by type", ["Type", "Count"], impact.byType.map((row) => [row.type, String(row.count)])),
    dependentsTable,
    more,
  );
  showPage(impact);
  return section;
}

function summary(impact) {
  const within = `within ${impact.maxDepth} references`;
  if (!impact.count) return `Nothing depends on it, ${within}.`;
  return `${impact.count} resource${impact.count === 1 ? " depends" : "s depend"} on it, directly or through others, ${within}.`;
}

function dependentRow(dependent, names, at) {
  return h(
    "tr",
    {},
    h("td", {}, h("a", { href: resourcePath(dependent.uid, at) }, dependent.name || dependent.uid)),
    h("td", {}, dependent.type),
    h("td", {}, String(dependent.depth)),
    h("td", {}, pathView(dependent.path, names)),
  );
}

/** dependent —field (kind)→ … → this resource, each hop a reference as the graph holds it. */
function pathView(path, names) {
  const label = (uid) => names.get(uid) || shortName(uid);
  const steps = [h("span", { class: "hop-node" }, label(path[0].source))];
  for (const hop of path) {
    steps.push(h("span", { class: "hop-edge" }, ` —${hop.field} (${hop.kind})→ `), h("span", { class: "hop-node" }, label(hop.target)));
  }
  return h("span", { class: "path" }, steps);
}

function shortName(uid) {
  return uid.split(/[/:]/).filter(Boolean).pop() || uid;
}
