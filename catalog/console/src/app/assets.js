// The application's assets by restore stage and type, each with why it is in scope: tagged,
// part of a tagged resource, or a dependency with the path of references that pulled it in.

import { h, resourcePath, table } from "../ui.js";
import { STAGES, assetLabel, byText, stageName, stageTitle } from "./values.js";

export function assetsSection(assets, at, showInGraph) {
  const byUid = new Map(assets.assets.map((asset) => [asset.uid, asset]));
  const stages = STAGES.map((stage) => [stage, sortedByType(assets.assets.filter((a) => a.stage === stage))]).filter(
    ([, members]) => members.length,
  );
  return h(
    "section",
    { "aria-labelledby": "assets-title", class: "assets" },
    h("h2", { id: "assets-title" }, `Assets (${assets.count})`),
    byTypeTable(assets.byType),
    stages.map(([stage, members]) => stageTable(stage, members, byUid, at, showInGraph)),
  );
}

function sortedByType(members) {
  return [...members].sort((a, b) => byText(a.type, b.type) || byText(assetLabel(a), assetLabel(b)));
}

function byTypeTable(byType) {
  const details = h("details", { class: "by-type" }, h("summary", {}, `By type (${byType.length} types)`));
  details.append(table("Assets by type", ["Type", "Assets"], byType.map((t) => [t.type, String(t.count)])));
  return details;
}

function stageTable(stage, members, byUid, at, showInGraph) {
  const id = `stage-${stageName(stage).replace(/\W+/g, "-")}`;
  const rows = members.map((asset) => [
    h("span", { class: "mono" }, asset.type),
    h("a", { href: resourcePath(asset.uid, at), title: asset.uid }, assetLabel(asset)),
    why(asset, byUid),
    h(
      "button",
      { type: "button", class: "link", onclick: () => showInGraph(asset.uid, true), "aria-label": `Show ${assetLabel(asset)} in the graph` },
      "Show in graph",
    ),
  ]);
  const section = h(
    "section",
    { "aria-labelledby": id, class: "stage", dataset: { stage: stageName(stage) } },
    h("h3", { id }, `${stageTitle(stage)} (${members.length})`),
  );
  section.append(table(`Assets of the ${stageName(stage)} stage`, ["Type", "Asset", "Why in scope", ""], rows));
  return section;
}

/** "tagged", or the reason and the chain of references from a tagged resource to it. */
function why(asset, byUid) {
  const reason = h("span", { class: `reason reason-${asset.reason}` }, asset.reason);
  if (!asset.path.length) return reason;
  const label = (uid) => (byUid.has(uid) ? assetLabel(byUid.get(uid)) : uid.split(/[:/]/).pop());
  const chain = [h("span", {}, label(asset.path[0].source))];
  for (const hop of asset.path) chain.push(h("span", { class: "hop" }, ` → ${hop.field} → `), h("span", {}, label(hop.target)));
  return h("span", { class: "why" }, reason, ": ", h("span", { class: "path" }, chain));
}
