/** `/login`: the form that asks for the monitor's token (only when it was started with one). */
import type { Context } from "hono";
import { renderToString } from "preact-render-to-string";
import { rememberToken, sameSecret } from "./token_auth.ts";

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

/** POST: check the token; on success set the cookie and go to the overview. */
export async function POST(c: Context, token: string): Promise<Response> {
  const form = await c.req.parseBody();
  if (typeof form.token === "string" && sameSecret(form.token, token)) {
    rememberToken(c, token);
    return c.redirect("/", 303);
  }
  return c.html(`<!doctype html>${renderToString(<LoginPage failed />)}`, 401);
}
