// How the application page names assets and stages, and writes JSON values.

/** An asset's short label: its name, else the last part of its uid. */
export function assetLabel(asset) {
  return asset.name || asset.uid.split(/[:/]/).pop();
}

// One collator for every sort of labels: String.localeCompare builds one per call, which
// costs tens of milliseconds over a thousand assets.
export const byText = new Intl.Collator().compare;

export function json(value) {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

// Restore order (catalog.restore.emit.Stage); assets of types a restore does not write last.
export const STAGES = ["network", "identity", "data", "compute", "traffic", "dns", null];

export function stageName(stage) {
  return stage || "not restored";
}

/** A stage as a heading says it: "Network", "DNS", "Not restored". */
export function stageTitle(stage) {
  if (stage === "dns") return "DNS";
  const name = stageName(stage);
  return name.charAt(0).toUpperCase() + name.slice(1);
}
