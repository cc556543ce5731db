// Placeholder until this page is written; the router already sends its address here.

import { h } from "../ui.js";

export async function render(main) {
  main.append(h("h1", {}, "Coming soon"));
}
