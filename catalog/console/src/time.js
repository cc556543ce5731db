// The time control of the pages that show the catalog at a time (`?at=`): a UTC date and
// time, "Show" reloads the page at it, "Now" drops it. Every time in the console is UTC.

import "./time.css";
import { h } from "./ui.js";

/** "2026-12-06T02:54:08" for an ISO time: what a datetime-local input holds. */
function inputValue(at) {
  const date = new Date(at);
  return at && !Number.isNaN(date.getTime()) ? date.toISOString().slice(0, 19) : "";
}

/** The form; `label` says what is shown at the time ("The resource at"). */
export function timeControl(at, label) {
  const input = h("input", { id: "at", name: "at", type: "datetime-local", step: "1", value: inputValue(at) });
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
    if (input.value) url.searchParams.set("at", `${input.value.length === 16 ? `${input.value}:00` : input.value}Z`);
    else url.searchParams.delete("at");
    location.assign(url);
  });
  return form;
}
