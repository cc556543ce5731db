// The console's router: every page is served the same shell by `cairn serve`; the path picks
// the page module, which reads its data through the GraphQL API only.

import "./style.css";
import { SignInNeeded, saveToken, savedToken } from "./api.js";
import * as reads from "./reads.js";
import { alertBox, h, whileBusy } from "./ui.js";

// Each page's code runs only on its own address (the shell page fetches all of it at once):
// the graph library is most of the console's script, and only the application page draws a
// graph. A page's first read starts before its code runs.
const ROUTES = [
  [/^\/$/, () => import("./pages/home.js"), reads.applications],
  [/^\/apps\/([^/]+)\/restore\/?$/, () => import("./pages/restore.js"), reads.restore],
  [/^\/apps\/([^/]+)\/?$/, () => import("./pages/app.js"), reads.application],
  [/^\/resources\/(.+)$/, () => import("./pages/resource.js"), reads.resource],
];

function route(pathname) {
  for (const [pattern, page, read] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return { page, read, argument: match[1] ? decodeURIComponent(match[1]) : null };
  }
  return null;
}

function signInForm(refused) {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    required: true,
  });
  const form = h(
    "form",
    { class: "sign-in", "aria-labelledby": "sign-in-title" },
    h("h1", { id: "sign-in-title" }, "Sign in"),
    h("p", {}, "This Cairn server needs a token (a line of ", h("code", {}, "cairn serve --tokens-file"), ")."),
    refused ? alertBox(refused) : null,
    h("label", { for: "token" }, "API token"),
    input,
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveToken(input.value.trim());
    location.reload();
  });
  return form;
}

function header() {
  const signOut = savedToken()
    ? h("button", { type: "button", onclick: () => (saveToken(null), location.reload()) }, "Sign out")
    : null;
  return h(
    "header",
    { class: "top" },
    h("nav", { "aria-label": "Cairn" }, h("a", { href: "/", class: "brand" }, "Cairn"), " ", h("a", { href: "/graphql" }, "GraphQL")),
    signOut,
  );
}

async function start() {
  const main = document.getElementById("content");
  document.body.prepend(header());
  const found = route(location.pathname);
  if (!found) {
    document.title = "Not found · Cairn";
    main.append(h("h1", {}, "Not found"), h("p", {}, "No console page has this address."));
    main.setAttribute("aria-busy", "false");
    return;
  }
  const params = new URLSearchParams(location.search);
  await whileBusy(main, async () => {
    try {
      const read = found.read(found.argument, params);
      read?.catch(() => {}); // its error reaches the page, which awaits it
      const page = await found.page();
      await page.render(main, found.argument, params, read);
    } catch (error) {
      if (!(error instanceof SignInNeeded)) throw error;
      main.replaceChildren(signInForm(error.message));
      document.title = "Sign in · Cairn";
    }
  }).catch(() => {}); // whileBusy has shown the error as an alert
}

start();
