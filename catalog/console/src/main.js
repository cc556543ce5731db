// The console's router: every page is served the same shell by `cairn serve`; the path picks
// the page module, which reads its data through the GraphQL API only.

import "./style.css";
import { SignInNeeded, saveToken, savedToken } from "./api.js";
import { alertBox, h, whileBusy } from "./ui.js";

// Each page's code loads only on its own address: the graph library is most of the console's
// script, and only the application page draws a graph.
const ROUTES = [
  [/^\/$/, () => import("./pages/home.js")],
  [/^\/apps\/([^/]+)\/restore\/?$/, () => import("./pages/restore.js")],
  [/^\/apps\/([^/]+)\/?$/, () => import("./pages/app.js")],
  [/^\/resources\/(.+)$/, () => import("./pages/resource.js")],
];

function route(pathname) {
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match) return { page, argument: match[1] ? decodeURIComponent(match[1]) : null };
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
      const page = await found.page();
      await page.render(main, found.argument, params);
    } catch (error) {
      if (!(error instanceof SignInNeeded)) throw error;
      main.replaceChildren(signInForm(error.message));
      document.title = "Sign in · Cairn";
    }
  }).catch(() => {}); // whileBusy has shown the error as an alert
}

start();
