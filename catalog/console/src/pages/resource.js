// `/resources/UID?at=ISO`: "what breaks if I change this". The resource as it was at a time
// (default now), its versions, its references both ways and its transitive dependents, from
// the portal operations ResourceDetail and ImpactCheck.

import { historySection } from "../resource/history.js";
import { impactSection } from "../resource/impact.js";
import { referencesSection } from "../resource/references.js";
import { timeControl } from "../time.js";
import { formatTime, h } from "../ui.js";
import { keyValueTable } from "../values.js";

export async function render(main, uid, params, read) {
  const at = params.get("at");
  document.title = `${uid} · Cairn`;
  const [{ resource }, impact] = await read;
  if (!resource) {
    // The impact search says why: never in the catalog, or not at that time (and when not).
    main.append(...missing(uid, at, impact instanceof Error ? impact.message : null));
    return;
  }
  document.title = `${resource.name || uid} · Cairn`;
  if (impact instanceof Error) throw impact;
  // The page's question first: what breaks if it changes; then what it is and was.
  main.append(
    heading(resource, at),
    timeControl(at, "The resource at"),
    impactSection(uid, at, impact, main),
    referencesSection(resource, at),
    h("h2", {}, "Properties"),
    keyValueTable("Properties of the version shown", resource.properties, "No properties."),
    h("h2", {}, "Tags"),
    keyValueTable("Tags of the version shown", resource.tags, "No tags."),
    historySection(resource),
  );
}

function heading(resource, at) {
  const facts = [
    ["Type", resource.type],
    ["UID", h("code", {}, resource.uid)],
    ["Account", resource.account || "—"],
    ["Region", resource.region || "—"],
    ["Version shown", `valid from ${formatTime(resource.validFrom, true)} ${resource.validTo ? `to ${formatTime(resource.validTo, true)}` : "(current)"}`],
    ["Lifetime", lifetime(resource)],
  ];
  return h(
    "header",
    { class: "resource-heading" },
    h("h1", {}, resource.name || resource.uid, " ", resource.deletedAt ? h("span", { class: "badge deleted" }, "deleted") : null),
    at ? h("p", { class: "muted" }, `As it was at ${formatTime(at, true)}.`) : null,
    h("dl", { class: "facts" }, facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])),
  );
}

function lifetime(resource) {
  const first = `first seen ${formatTime(resource.firstSeen, true)}`;
  if (resource.deletedAt) return `${first}, deleted ${formatTime(resource.deletedAt, true)}`;
  return `${first}, last seen ${formatTime(resource.lastSeen, true)}`;
}

function missing(uid, at, why) {
  return [
    h("h1", {}, uid),
    h("p", { role: "alert", class: "alert" }, why || `No version of this resource ${at ? `at ${formatTime(at, true)}` : "now"}.`),
    timeControl(at, "The resource at"),
  ];
}
