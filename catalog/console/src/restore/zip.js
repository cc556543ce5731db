// "Download .zip": the plan's files in a folder, as `cairn restore plan --out` writes them,
// zipped in the browser (fflate) from the files RestorePlan returned.

import { strToU8, zipSync } from "fflate";
import { h } from "../ui.js";

export function zipName(plan) {
  return `restore-${plan.application}-${plan.snapshot}-${plan.target.region}.zip`;
}

/** Every file under one folder named like the zip; dated at the plan's time, so the same
 * plan gives the same bytes. */
export function planZip(plan) {
  const folder = zipName(plan).replace(/\.zip$/, "");
  const entries = Object.fromEntries(plan.files.map((file) => [`${folder}/${file.path}`, strToU8(file.content)]));
  return zipSync(entries, { level: 6, mtime: plan.at });
}

export function downloadButton(plan) {
  const name = zipName(plan);
  const save = () => {
    const url = URL.createObjectURL(new Blob([planZip(plan)], { type: "application/zip" }));
    const link = h("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000); // the download may still be reading it
  };
  return h("button", { type: "button", class: "download", onclick: save }, `Download .zip (${name})`);
}
