/**
 * Definitions `/definitions`: download the vhost's (or, within `--allow definitions`, the whole
 * broker's) and import a file into the vhost after a dry run.
 */
import Layout, { shellOf } from "./_layout.tsx";
import { Island } from "./_island.tsx";
import type { PageRequest } from "./_context.ts";

export default async function DefinitionsPage({ ctx }: PageRequest) {
  const snapshot = await ctx.poller.view({ queues: "none" });
  const vhost = encodeURIComponent(ctx.vhost);
  const whole = ctx.allow.refusal("definitions");
  return (
    <Layout title="Definitions" path="/definitions" snapshot={snapshot} {...await shellOf(ctx)}>
      <h2>Export</h2>
      <p class="actions-row">
        <a class="button" href={`/api/definitions?vhost=${vhost}`} download>
          Download vhost '{ctx.vhost}'
        </a>
        {whole === undefined && (
          <a class="button" href="/api/definitions?whole_broker=true" download>
            Download the whole broker
          </a>
        )}
      </p>
      <p class="muted">
        A vhost's definitions: its queues, exchanges, bindings and policies.
        {whole === undefined
          ? " The whole broker's also hold its users with their password hashes."
          : ` The whole broker's (users and their password hashes included): ${whole}.`}
      </p>
      <Island name="DefinitionsImport" props={{ vhost: ctx.vhost, refused: whole }} />
    </Layout>
  );
}
