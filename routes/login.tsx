/** `/login`: the form that asks for the monitor's token (only when it was started with one). */
import type { Context } from "hono";
import { renderToString } from "preact-render-to-string";
import { clientOf } from "./_context.ts";
import {
  closeSession,
  openSession,
  sameSecret,
  type TokenAuthOptions,
  tooManyFailures,
} from "./_middleware/token_auth.ts";

function LoginPage(props: { failed: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · RabbitMQ monitor</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/static/style.css" />
      </head>
      <body>
        <main>
          <form class="publish login" method="post" action="/login">
            <h2>This monitor needs its token</h2>
            <label class="wide">
              Token
              <input name="token" type="password" autocomplete="current-password" autofocus />
            </label>
            <button type="submit">Sign in</button>
            {props.failed && <p class="result error" role="alert">That token is not right.</p>}
          </form>
        </main>
      </body>
    </html>
  );
}

/** GET: the form. */
export function GET(c: Context): Response {
  return c.html(`<!doctype html>${renderToString(<LoginPage failed={false} />)}`);
}

/** POST: check the token (a few wrong ones a minute per client); on success open a session. */
export async function POST(c: Context, auth: TokenAuthOptions): Promise<Response> {
  const client = clientOf(c);
  if (auth.failures.exhausted(client)) return tooManyFailures(c, auth.failures, client);
  const form = await c.req.parseBody();
  if (typeof form.token === "string" && sameSecret(form.token, auth.token)) {
    openSession(c, auth.sessions);
    return c.redirect("/", 303);
  }
  auth.failures.spend(client);
  return c.html(`<!doctype html>${renderToString(<LoginPage failed />)}`, 401);
}

/** POST /logout: ends the session, back to the form. */
export function LOGOUT(c: Context, auth: TokenAuthOptions): Response {
  closeSession(c, auth.sessions);
  return c.redirect("/login", 303);
}
