// The graph's side panel: one asset's properties and history at the page's time, read on
// demand with the ResourceDetail operation when its node is chosen (never every asset's).

import resourceQuery from "../../../../graphql/operations/ResourceDetail.graphql";
import { graphql } from "../api.js";
import { alertBox, formatTime, h, resourcePath } from "../ui.js";
import { json } from "./values.js";

export function detailPanel(at) {
  const body = h("div", { class: "panel-body" }, h("p", { class: "muted" }, "Choose a node (or an asset above) to see its properties and history."));
  // A short status is announced, not the whole panel (its properties may be long).
  const status = h("p", { role: "status", class: "visually-hidden" });
  const element = h(
    "aside",
    { class: "graph-panel", "aria-labelledby": "panel-title", "aria-busy": "false" },
    h("h3", { id: "panel-title", tabindex: "-1" }, "Selected asset"),
    status,
    body,
  );
  let latest = null;

  async function open(uid) {
    latest = uid;
    element.setAttribute("aria-busy", "true");
    body.replaceChildren(h("p", { class: "muted" }, "Loading…"));
    try {
      const { resource } = await graphql(resourceQuery, { uid, at });
      if (latest !== uid) return; // another node was chosen meanwhile
      body.replaceChildren(...(resource ? details(resource, at) : [h("p", {}, `${uid} did not exist then.`)]));
      status.textContent = `Details of ${resource ? resource.name || uid : uid} shown beside the graph.`;
    } catch (error) {
      if (latest === uid) body.replaceChildren(alertBox(error.message));
    } finally {
      if (latest === uid) element.setAttribute("aria-busy", "false");
    }
  }

  return { element, open, focus: () => element.querySelector("h3").focus() };
}

function details(resource, at) {
  return [
    h("p", { class: "panel-name" }, h("strong", {}, resource.name || resource.uid)),
    h(
      "dl",
      {},
      h("dt", {}, "Type"),
      h("dd", { class: "mono" }, resource.type),
      h("dt", {}, "Identifier"),
      h("dd", { class: "mono uid" }, resource.uid),
      h("dt", {}, "Region"),
      h("dd", {}, `${resource.region} (account ${resource.account})`),
      h("dt", {}, "This version"),
      h("dd", {}, `since ${formatTime(resource.validFrom, true)}${resource.validTo ? `, until ${formatTime(resource.validTo, true)}` : ""}`),
      h("dt", {}, "References"),
      h("dd", {}, `${resource.dependencies.length} out, ${resource.dependents.length} in`),
    ),
    h("p", {}, h("a", { href: resourcePath(resource.uid, at) }, "Open its resource page")),
    h("h4", {}, "Properties"),
    h("pre", { class: "properties", tabindex: "0", "aria-label": "Properties" }, json(resource.properties)),
    h("h4", {}, `History (${resource.history.length} versions)`),
    h("ol", { class: "history" }, resource.history.map(version)),
  ];
}

function version(item) {
  const changed = item.changes.length
    ? h("ul", {}, item.changes.map((change) => h("li", { class: "mono" }, change.path)))
    : h("span", { class: "muted" }, " first seen");
  return h("li", {}, h("span", {}, `${formatTime(item.validFrom, true)}${item.validTo ? ` to ${formatTime(item.validTo, true)}` : " (current)"}`), changed);
}
