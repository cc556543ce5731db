// Small DOM helpers shared by the pages: no framework, so a portal team reads plain DOM calls.

/** h("a", {href: "/"}, "text", child) -> an element; attributes starting with "on" are listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

/** A table with a caption and a header row; `rows` are arrays of cell contents. */
export function table(caption, headers, rows) {
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))),
  );
}

/**
 * "2026-12-06 02:45 UTC" for an ISO time (with `seconds`, "02:45:07": versions and crawls a
 * few seconds apart); the console shows every time in UTC, as the CLI does.
 */
export function formatTime(iso, seconds = false) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return `${date.toISOString().slice(0, seconds ? 19 : 16).replace("T", " ")} UTC`;
}

export function appPath(name, at) {
  const path = `/apps/${encodeURIComponent(name)}`;
  return at ? `${path}?at=${encodeURIComponent(at)}` : path;
}

export function resourcePath(uid, at) {
  const path = `/resources/${encodeURIComponent(uid)}`;
  return at ? `${path}?at=${encodeURIComponent(at)}` : path;
}

export function restorePath(name) {
  return `/apps/${encodeURIComponent(name)}/restore`;
}

/** A verdict as a badge whose text says it: colour is never the only carrier. */
export function verdictBadge(verdict) {
  const text = { ready: "ready", at_risk: "at risk", not_ready: "not ready" }[verdict] || verdict;
  return h("span", { class: `badge verdict-${verdict}` }, text);
}

/**
 * Runs `work` with `main` marked busy, so assistive technology (and the tests, which wait for
 * aria-busy="false") know when what it shows is complete; a failure shows as an alert in
 * `place` (a form's result area: the rest of the page stays as it was).
 */
export async function whileBusy(main, work, place = main) {
  main.setAttribute("aria-busy", "true");
  try {
    await work();
  } catch (error) {
    place.append(alertBox(error.message || String(error)));
    throw error;
  } finally {
    main.setAttribute("aria-busy", "false");
  }
}

export function alertBox(message) {
  return h("p", { role: "alert", class: "alert" }, message);
}
