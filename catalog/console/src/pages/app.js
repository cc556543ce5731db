// `/apps/NAME?at=TIME`: one application at a time (default now): its assets by stage and type
// with why each is in scope, its dependency graph, its snapshots and what changed between two.
// `?at=` changes everything the page shows to that time.

import { assetsSection } from "../app/assets.js";
import { graphSection } from "../app/graph.js";
import { timelineSection } from "../app/timeline.js";
import { isTime, timeControl } from "../time.js";
import { alertBox, formatTime, h, restorePath } from "../ui.js";

export async function render(main, name, params, read) {
  const at = params.get("at") || null;
  if (at && !isTime(at)) {
    document.title = `${name} · Cairn`;
    main.append(
      h("h1", {}, name),
      timeControl(null, "Time"),
      alertBox(`?at=${at} is no time: give one in ISO 8601, such as 2026-11-23T01:00:00Z.`),
    );
    return;
  }
  const { application } = await read;
  if (!application) {
    document.title = "Not found · Cairn";
    main.append(h("h1", {}, "Not found"), alertBox(`No application is named ${name}.`));
    return;
  }
  document.title = `${name}${at ? ` at ${formatTime(at, true)}` : ""} · Cairn`;
  const timeline = timelineSection(application, at); // asks for its diff at once
  const graph = graphSection(application.assets, at);
  main.append(
    heading(application, at),
    timeControl(at, "Time"),
    graph.element,
    timeline.element,
    assetsSection(application.assets, at, graph.show),
  );
  await Promise.all([graph.start(), timeline.ready]);
}

function heading(application, at) {
  const minutes = (value) => (value === null || value === undefined ? "not set" : `${value} min`);
  const regions = application.regions.length ? application.regions.join(", ") : "every region";
  return h(
    "div",
    { class: "app-heading" },
    h("h1", {}, application.name),
    h(
      "p",
      {},
      `Regions: ${regions} · RTO ${minutes(application.rtoMinutes)} · RPO ${minutes(application.rpoMinutes)} · Shown: `,
      h("strong", { id: "shown-time" }, at ? `as of ${formatTime(application.assets.at, true)}` : "now"),
    ),
    h(
      "nav",
      { "aria-label": "Application" },
      h("a", { href: "/" }, "All applications"),
      " · ",
      h("a", { href: restorePath(application.name) }, `Restore ${application.name}`),
    ),
  );
}
