/**
 * Policies `/policies`: the vhost's policies and operator policies with the queues each applies
 * to now; create, change (with a preview of the queues a pattern matches) and delete within
 * `--allow policies`.
 */
import Layout, { shellOf } from "./_layout.tsx";
import { Island } from "./_island.tsx";
import type { PageRequest } from "./_context.ts";
import { HttpError } from "../lib/errors.ts";
import { policyRows } from "../lib/queue_actions/mod.ts";

export default async function PoliciesPage({ ctx }: PageRequest) {
  const [snapshot, policies] = await Promise.all([
    ctx.poller.view({ queues: "none" }),
    policyRows(ctx.management).catch((cause) => {
      throw new HttpError(
        404,
        "The management API does not answer, so policies cannot be shown.",
        { cause },
      );
    }),
  ]);
  return (
    <Layout title="Policies" path="/policies" snapshot={snapshot} {...await shellOf(ctx)}>
      <p class="muted">
        RabbitMQ 3.12 and later also apply a policy to one queue type (classic_queues,
        quorum_queues, streams); 3.10 and 3.11 take queues, exchanges or all.
      </p>
      <Island
        name="PolicyEditor"
        props={{ policies, refused: ctx.allow.refusal("policies") }}
      />
    </Layout>
  );
}
