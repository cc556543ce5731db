// Property values as a person reads them: scalars inline, nested JSON indented and wrapped.

import { h } from "./ui.js";

/** A JSON value: null and scalars as code, objects and arrays as indented JSON. */
export function valueView(value) {
  if (value === null || value === undefined) return h("span", { class: "muted" }, "null");
  if (typeof value === "object") return h("pre", { class: "json" }, JSON.stringify(value, null, 2));
  return h("code", { class: "value" }, typeof value === "string" ? value : JSON.stringify(value));
}

/** A table of an object's keys and their values, or a line saying it is empty. */
export function keyValueTable(caption, object, empty) {
  const entries = Object.entries(object || {});
  if (!entries.length) return h("p", { class: "muted" }, empty);
  return h(
    "table",
    { class: "key-values" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Value"))),
    h("tbody", {}, entries.map(([key, value]) => h("tr", {}, h("th", { scope: "row" }, key), h("td", {}, valueView(value))))),
  );
}
