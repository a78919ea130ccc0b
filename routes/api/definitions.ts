/**
 * Definitions: `GET /api/definitions` (the selected vhost's, as a download; `?whole_broker=true`
 * every vhost's, users' password hashes included, so only within `--allow definitions`),
 * `POST /api/definitions?dry_run=true` with a definitions file (what importing it into the
 * selected vhost would create or change) and `POST /api/definitions` (import it). Importing
 * needs `--allow definitions`.
 */
import type { Context } from "hono";
import {
  applyImport,
  exportDefinitions,
  planImport,
  vhostPart,
} from "../../lib/queue_actions/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { brokerAction, jsonBody } from "../_requests/broker_action.ts";

/** `GET /api/definitions[?whole_broker=true]`: the export, as an attachment. */
export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  const wholeBroker = c.req.query("whole_broker") === "true";
  if (wholeBroker) {
    const refused = ctx.allow.refusal("definitions");
    if (refused) return c.json({ error: `exporting the whole broker: ${refused}` }, 403);
  }
  const file = await exportDefinitions(ctx.management, { wholeBroker });
  const name = wholeBroker ? "broker" : `vhost-${ctx.vhost.replace(/[^\w.-]/g, "_") || "_"}`;
  c.header("content-disposition", `attachment; filename="definitions-${name}.json"`);
  return c.json(file);
}

/** `POST /api/definitions[?dry_run=true]`: `{dry_run, changes, unchanged, other_vhosts}`. */
export function POST(c: Context, ctx: MonitorContext): Promise<Response> {
  const dryRun = c.req.query("dry_run") === "true";
  return brokerAction(c, ctx, {
    kind: "definitions",
    action: dryRun ? "import definitions (dry run)" : "import definitions",
    object: `vhost '${ctx.vhost}'`,
    run: async (describe) => {
      const { definitions, otherVhosts } = vhostPart(ctx.vhost, await jsonBody(c));
      const plan = await planImport(ctx.management, definitions);
      describe(
        `vhost '${ctx.vhost}' (${plan.changes.length} to create or change, ${plan.unchanged} the same)`,
      );
      if (!dryRun) await applyImport(ctx.management, definitions);
      return {
        dry_run: dryRun,
        changes: plan.changes,
        unchanged: plan.unchanged,
        other_vhosts: otherVhosts,
      };
    },
  });
}
