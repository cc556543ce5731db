// A labelled form field with its hint, read out with the field (aria-describedby).

import { h } from "../ui.js";

/** `width` "wide" spans two columns of the form's grid. */
export function field(id, label, control, hint, width = "") {
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: `field ${width}` }, h("label", { for: id }, label), control, hint ? h("span", { id: hintId, class: "hint" }, hint) : null);
}
