// `/apps/NAME?at=TIME`: one application at a time (default now): its assets by stage and type
// with why each is in scope, its dependency graph, its snapshots and what changed between two.
// `?at=` changes everything the page shows to that time.

import applicationQuery from "../../../../graphql/operations/ConsoleApplication.graphql";
import { graphql } from "../api.js";
import { assetsSection } from "../app/assets.js";
import { graphSection } from "../app/graph.js";
import { timelineSection } from "../app/timeline.js";
import { exactTime } from "../app/values.js";
import "../app/app.css";
import { alertBox, appPath, h, restorePath } from "../ui.js";

export async function render(main, name, params) {
  const at = params.get("at") || null;
  if (at && Number.isNaN(Date.parse(at))) {
    document.title = `${name} · Cairn`;
    main.append(
      h("h1", {}, name),
      timeControl(name, null),
      alertBox(`?at=${at} is no time: give one in ISO 8601, such as 2026-11-23T01:00:00Z.`),
    );
    return;
  }
  const { application } = await graphql(applicationQuery, { name, at });
  if (!application) {
    document.title = "Not found · Cairn";
    main.append(h("h1", {}, "Not found"), alertBox(`No application is named ${name}.`));
    return;
  }
  document.title = `${name}${at ? ` at ${exactTime(at)}` : ""} · Cairn`;
  const graph = graphSection(application.assets, at);
  const timeline = timelineSection(application, at);
  main.append(
    heading(application, at),
    timeControl(name, at),
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
      h("strong", { id: "shown-time" }, at ? `as of ${exactTime(application.assets.at)}` : "now"),
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

/** A UTC datetime input and Show: navigates to `?at=`, which the whole page then shows. */
function timeControl(name, at) {
  const input = h("input", {
    id: "at",
    name: "at",
    type: "datetime-local",
    step: "0.001", // to the millisecond, as snapshot times are
    value: at ? toInputValue(at) : "",
    "aria-describedby": "at-help",
  });
  const form = h(
    "form",
    { class: "time-control", "aria-label": "Time shown" },
    h("label", { for: "at" }, "Time (UTC)"),
    input,
    h("button", { type: "submit" }, "Show"),
    at ? h("a", { href: appPath(name) }, "Back to now") : null,
    h("span", { id: "at-help", class: "muted" }, "Leave empty for now."),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // The input's value drops trailing zeros and seconds; the address carries the full ISO time.
    location.assign(appPath(name, input.value ? new Date(`${input.value}Z`).toISOString() : null));
  });
  return form;
}

function toInputValue(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 23);
}
