// A resource's direct references at the time shown: what it refers to, and what refers to it.

import { h, resourcePath, table } from "../ui.js";

export function referencesSection(resource, at) {
  return h(
    "section",
    { "aria-labelledby": "references-title" },
    h("h2", { id: "references-title" }, "References"),
    referenceTable("References out: what it depends on", resource.dependencies, at, "It refers to nothing."),
    referenceTable("References in: what depends on it directly", resource.dependents, at, "Nothing refers to it."),
  );
}

function referenceTable(caption, references, at, empty) {
  if (!references.length) return h("p", {}, h("strong", {}, `${caption}: `), h("span", { class: "muted" }, empty));
  const rows = references.map((reference) => [
    h("a", { href: resourcePath(reference.uid, at) }, reference.name || reference.uid),
    reference.type || h("span", { class: "muted" }, "not crawled"),
    h("code", {}, reference.field),
    reference.kind,
  ]);
  return table(caption, ["Resource", "Type", "Field", "Kind"], rows);
}
