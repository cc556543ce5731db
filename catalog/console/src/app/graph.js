// The application's dependency graph: Cytoscape.js, nodes its assets, edges the references
// between them at the page's time. Grouped by stage or type in compound nodes; a node opens
// its properties and history in the side panel. `window.cairnGraph` is the Cytoscape
// instance, for scripts and tests.

import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { h } from "../ui.js";
import { detailPanel } from "./panel.js";
import { assetLabel, byText, stageName } from "./values.js";

cytoscape.use(fcose);

// Up to LARGE assets: fcose's "default" quality, grouped by stage: the clearest picture
// ("proof" quality drew no better for the demo's 36 assets and cost more), but its cost grows
// fast: on a first visit it is most of the page's script (about 0.3 s of CPU at 36 assets,
// 0.65-0.95 s at 150, 1.2 s at 200, measured with Chromium under load). Above it the graph
// starts ungrouped in rings by degree, its nodes and edges styled with as few properties as
// show them (see graphStyle), labels and arrows on the selected ones only, and one pixel
// ratio (benchmarks/console.py: the page at 1,000 assets went from about 3.1 s to under 2 s
// warm); grouping it again lays it out with fcose's "draft" quality.
const LARGE = 120;
const GROUPINGS = { stage: (asset) => stageName(asset.stage), type: (asset) => asset.type.replace(/^AWS::/, ""), none: () => null };

export function graphSection(assets, at) {
  const large = assets.assets.length > LARGE;
  const container = h("div", { class: "graph-canvas", role: "img", "aria-label": "Dependency graph of the application's assets" });
  const panel = detailPanel(at);
  const grouping = h(
    "select",
    { id: "graph-group" },
    h("option", { value: "stage", selected: !large }, "stage"),
    h("option", { value: "type" }, "type"),
    h("option", { value: "none", selected: large }, "nothing"),
  );
  const picker = h(
    "select",
    { id: "graph-pick" },
    h("option", { value: "" }, "(choose an asset)"),
    [...assets.assets]
      .sort((a, b) => byText(assetLabel(a), assetLabel(b)))
      .map((asset) => h("option", { value: asset.uid }, `${assetLabel(asset)} (${asset.type})`)),
  );
  const summary = h(
    "p",
    { id: "graph-summary" },
    `${assets.assets.length} resources, ${assets.references.length} references`,
  );
  const element = h(
    "section",
    { "aria-labelledby": "graph-title", class: "graph" },
    h("h2", { id: "graph-title" }, "Dependency graph"),
    summary,
    h(
      "div",
      { class: "graph-controls" },
      h("label", { for: "graph-group" }, "Group by"),
      grouping,
      h("label", { for: "graph-pick" }, "Show an asset"),
      picker,
    ),
    h(
      "p",
      { class: "muted graph-help" },
      "Drag to pan, scroll to zoom, click a node for its details; hover or select an edge for its field. ",
      "Circles are tagged resources, rounded squares parts of them, diamonds dependencies.",
      large ? ` With more than ${LARGE} assets the graph starts ungrouped and names only the selected node.` : "",
    ),
    h("div", { class: "graph-body" }, container, panel.element),
  );
  let cy = null;

  /** Selects and centres an asset's node and opens its details; `focusDetails` (from the
   * asset list, far below) also moves the keyboard focus to them. */
  function show(uid, focusDetails = false) {
    if (!cy) return;
    const node = cy.getElementById(uid);
    if (!node.nonempty()) return;
    cy.elements().unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1) }, { duration: 200 });
    picker.value = uid;
    container.scrollIntoView({ block: "nearest" });
    panel.open(uid);
    if (focusDetails) panel.focus();
  }

  async function start() {
    const groupOf = GROUPINGS[grouping.value];
    // The first layout runs inside the constructor: Cytoscape otherwise lays the graph out
    // on a grid first, which costs as much as ours (0.8 s at 1,000 assets).
    cy = await new Promise((resolve) =>
      cytoscape({
        container,
        elements: elements(assets, groupOf),
        style: graphStyle(large),
        layout: layoutOptions(assets.assets.length, grouping.value !== "none"),
        ready: (event) => resolve(event.cy),
        minZoom: 0.05,
        maxZoom: 4,
        // Large graphs pan and zoom on a bitmap of the view rather than redrawing every label.
        textureOnViewport: large,
        hideEdgesOnViewport: large,
        pixelRatio: large ? 1 : "auto",
      }),
    );
    window.cairnGraph = cy;
    cy.on("tap", "node", (event) => {
      if (event.target.isParent()) return;
      picker.value = event.target.id();
      panel.open(event.target.id());
    });
    cy.on("mouseover", "edge", (event) => event.target.addClass("hover"));
    cy.on("mouseout", "edge", (event) => event.target.removeClass("hover"));
    picker.addEventListener("change", () => picker.value && show(picker.value));
    grouping.addEventListener("change", () => regroup(cy, assets, grouping.value));
  }

  return { element, start, show };
}

function elements(assets, groupOf) {
  const groups = new Set(assets.assets.map(groupOf).filter((group) => group !== null));
  const parents = [...groups].map((group) => ({ group: "nodes", data: { id: `group:${group}`, label: group, compound: true } }));
  const nodes = assets.assets.map((asset) => ({
    group: "nodes",
    data: {
      id: asset.uid,
      parent: groupOf(asset) === null ? undefined : `group:${groupOf(asset)}`,
      label: assetLabel(asset),
      type: asset.type,
      stage: stageName(asset.stage),
      reason: asset.reason,
    },
  }));
  const edges = assets.references.map((reference, index) => ({
    group: "edges",
    data: { id: `edge-${index}`, source: reference.source, target: reference.target, field: reference.field, kind: reference.kind },
  }));
  return [...parents, ...nodes, ...edges];
}

/** Draws the graph anew with every asset in the compound node of its group (none: no
 * compounds), then lays it out. */
function regroup(cy, assets, by) {
  cy.batch(() => {
    cy.elements().remove();
    cy.add(elements(assets, GROUPINGS[by]));
  });
  return layout(cy, assets.assets.length, by !== "none");
}

function layout(cy, count, grouped) {
  const running = cy.layout(layoutOptions(count, grouped));
  const done = new Promise((resolve) => running.one("layoutstop", resolve));
  running.run();
  return done;
}

function layoutOptions(count, grouped) {
  return count > LARGE && !grouped ? rings : forces(count);
}

// A large ungrouped graph in rings by degree: the most referenced assets (VPCs, roles) in
// the middle. A force-directed layout of 1,000 nodes costs seconds even at draft quality.
const rings = {
  name: "concentric",
  concentric: (node) => node.degree(),
  levelWidth: () => 2,
  minNodeSpacing: 4,
  animate: false,
  fit: true,
  padding: 20,
};

function forces(count) {
  return {
    name: "fcose",
    quality: count > LARGE ? "draft" : "default",
    randomize: true,
    animate: false,
    idealEdgeLength: 60,
    nodeRepulsion: 6000,
    fit: true,
    padding: 20,
  };
}

// Each property a selector sets costs Cytoscape work per element it matches, and on a node
// also per edge it touches (about 0.3 s of style for 1,000 nodes and 2,800 edges): a large
// graph's nodes keep Cytoscape's default size and no border, its edges the default colour
// and width, and labels and arrows go to the selected and hovered elements only.
const NODE_SIZE = { width: 18, height: 18, "border-width": 1, "border-color": "#1d2433" };
const LABEL = { "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "min-zoomed-font-size": 7 };
const ARROW = { "target-arrow-shape": "triangle", "target-arrow-color": "#9aa3b0", "arrow-scale": 0.8 };
const EDGE_LABEL = { "font-size": 9, "text-background-color": "#fff", "text-background-opacity": 0.9 };

const graphStyle = (large) => [
  { selector: "node", style: large ? { "background-color": "#4a6fa5" } : { ...NODE_SIZE, "background-color": "#4a6fa5" } },
  { selector: large ? "node:selected" : "node", style: { label: "data(label)", ...LABEL } },
  { selector: "node[reason = 'dependency']", style: { shape: "diamond", "background-color": "#8a5300" } },
  { selector: "node[reason = 'part']", style: { shape: "round-rectangle", "background-color": "#1b6b3a" } },
  {
    selector: "node[?compound]",
    style: {
      label: "data(label)",
      shape: "round-rectangle",
      "background-color": "#f1f3f6",
      "background-opacity": 1,
      "border-width": 1,
      "border-color": "#b8bfca",
      "text-valign": "top",
      "text-halign": "center",
      "font-size": 12,
      "font-weight": "bold",
      padding: 12,
    },
  },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#1f5fbf", "background-color": "#1f5fbf" } },
  // Haystack edges (no arrows) are Cytoscape's cheapest to draw and to bound.
  { selector: "edge", style: large ? { "curve-style": "haystack" } : { width: 1.2, "line-color": "#9aa3b0", "curve-style": "bezier", ...ARROW } },
  {
    selector: "edge.hover, edge:selected",
    style: {
      ...ARROW,
      ...EDGE_LABEL,
      label: "data(field)",
      "curve-style": large ? "straight" : "bezier",
      "line-color": "#1f5fbf",
      "target-arrow-color": "#1f5fbf",
      width: large ? 6 : 2.5,
    },
  },
];
