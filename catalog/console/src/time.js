// The time control of the pages that show the catalog at a time (`?at=`): a UTC date and
// time, "Show" reloads the page at it, "Now" drops it. Every time in the console is UTC.

import { h } from "./ui.js";

/** Whether `?at=` holds a time JavaScript can read (ISO 8601, as the API takes). */
export function isTime(at) {
  return !Number.isNaN(Date.parse(at));
}

/** "2026-12-06T02:54:08.123" for an ISO time: what a datetime-local input holds. Snapshot
 * times have milliseconds, and a second earlier can be before the snapshot. */
function inputValue(at) {
  const date = new Date(at);
  return at && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 23) : "";
}

/** The form; `label` says what is shown at the time ("The resource at"). */
export function timeControl(at, label) {
  const input = h("input", { id: "at", name: "at", type: "datetime-local", step: "0.001", value: inputValue(at) });
  const form = h(
    "form",
    { class: "time-control", role: "search", "aria-label": "Time" },
    h("label", { for: "at" }, `${label} (UTC)`),
    input,
    h("button", { type: "submit" }, "Show"),
    at ? h("a", { href: location.pathname }, "Now") : null,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    // The input drops zero seconds and milliseconds; the address carries the full ISO time.
    if (input.value) url.searchParams.set("at", new Date(`${input.value}Z`).toISOString());
    else url.searchParams.delete("at");
    location.assign(url);
  });
  return form;
}
