// What each page reads first. The router asks for it at once, while the page's code loads:
// on a first visit that code comes in steps (the router, the page, the page's modules), and
// the API's answer need not wait behind them. Each page awaits the promise it is given.

import applicationQuery from "../../../graphql/operations/ConsoleApplication.graphql";
import applicationsQuery from "../../../graphql/operations/ConsoleApplications.graphql";
import restoreQuery from "../../../graphql/operations/ConsoleRestore.graphql";
import drillsQuery from "../../../graphql/operations/Drills.graphql";
import detailQuery from "../../../graphql/operations/ResourceDetail.graphql";
import { graphql } from "./api.js";
import { loadImpact } from "./resource/impact.js";
import { isTime } from "./time.js";

export const applications = () => graphql(applicationsQuery);

/** null for a time that is none: the page says so and asks nothing. */
export function application(name, params) {
  const at = params.get("at") || null;
  return at && !isTime(at) ? null : graphql(applicationQuery, { name, at });
}

/** The resource and its impact, both at once: the impact search is the slower of the two.
 * A failed impact search is kept as its error, which says why a resource is missing. */
export function resource(uid, params) {
  const at = params.get("at");
  return Promise.all([graphql(detailQuery, { uid, at }), loadImpact(uid, at).catch((error) => error)]);
}

export function restore(name) {
  return Promise.all([graphql(restoreQuery, { name }), graphql(drillsQuery, { application: name })]);
}
