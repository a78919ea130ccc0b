/**
 * Policies: `GET /api/policies` (policies and operator policies, each with the queues it applies
 * to now), `GET /api/policies/preview?pattern=P&apply_to=queues` (the queues a pattern would
 * match), `PUT /api/policies/NAME` with `{pattern, apply_to, priority, definition}` and `DELETE
 * /api/policies/NAME`. Changing them needs `--allow policies`.
 */
import type { Context } from "hono";
import { HttpError } from "../../lib/errors.ts";
import {
  APPLY_TO,
  deletePolicy,
  type PolicyInfo,
  policyRows,
  previewPolicy,
  putPolicy,
} from "../../lib/queue_actions/mod.ts";
import type { MonitorContext } from "../_context.ts";
import { brokerAction, jsonBody } from "../_requests/broker_action.ts";
import { jsonObject } from "../_requests/topology_request.ts";

/** `GET /api/policies`: `{policies: [{name, kind, pattern, apply-to, priority, definition, queues}]}`. */
export async function GET(c: Context, ctx: MonitorContext): Promise<Response> {
  return c.json({ policies: await policyRows(ctx.management) });
}

/** `GET /api/policies/preview?pattern=P&apply_to=A`: `{queues: [...]}`. */
export async function PREVIEW(c: Context, ctx: MonitorContext): Promise<Response> {
  const pattern = c.req.query("pattern") ?? "";
  const applyTo = c.req.query("apply_to") ?? "queues";
  if (!(APPLY_TO as readonly string[]).includes(applyTo)) {
    throw new HttpError(400, `'apply_to' takes ${APPLY_TO.join(", ")}`);
  }
  return c.json({ queues: await previewPolicy(ctx.management, { pattern, applyTo }) });
}

/** `PUT /api/policies/NAME`: creates or changes it; answers 201 with it. */
export function PUT(c: Context, ctx: MonitorContext): Promise<Response> {
  const name = c.req.param("name") ?? "";
  return brokerAction(c, ctx, {
    kind: "policies",
    action: "set policy",
    object: `policy '${name}'`,
    status: 201,
    run: async (describe) => {
      const policy = parsePolicy(name, await jsonBody(c));
      describe(
        `policy '${name}' (pattern '${policy.pattern}', ${JSON.stringify(policy.definition)})`,
      );
      await putPolicy(ctx.management, policy);
      return { policy };
    },
  });
}

/** `DELETE /api/policies/NAME`. */
export function DELETE(c: Context, ctx: MonitorContext): Promise<Response> {
  const name = c.req.param("name") ?? "";
  return brokerAction(c, ctx, {
    kind: "policies",
    action: "delete policy",
    object: `policy '${name}'`,
    run: async () => {
      await deletePolicy(ctx.management, name);
      return { deleted: name };
    },
  });
}

/** A policy from `{pattern, apply_to, priority, definition}`, or 400 naming the field. */
export function parsePolicy(name: string, value: unknown): PolicyInfo {
  const body = jsonObject(value);
  if (name.trim() === "" || name.length > 255) {
    throw new HttpError(400, "the policy's name: 1 to 255 characters");
  }
  const pattern = body.pattern;
  if (typeof pattern !== "string" || pattern === "") {
    throw new HttpError(400, "'pattern' takes a regular expression of the names it applies to");
  }
  const applyTo = body.apply_to ?? "queues";
  if (!(APPLY_TO as readonly string[]).includes(String(applyTo))) {
    throw new HttpError(400, `'apply_to' takes ${APPLY_TO.join(", ")}`);
  }
  const priority = body.priority ?? 0;
  if (!Number.isInteger(priority)) throw new HttpError(400, "'priority' takes a whole number");
  const definition = body.definition;
  if (
    typeof definition !== "object" || definition === null || Array.isArray(definition) ||
    Object.keys(definition).length === 0
  ) {
    throw new HttpError(
      400,
      `'definition' takes an object of at least one key, such as {"max-length": 1000}`,
    );
  }
  return {
    name,
    pattern,
    "apply-to": String(applyTo),
    priority: priority as number,
    definition: definition as Record<string, unknown>,
  };
}
