import assert from "node:assert/strict";
import { signal } from "@preact/signals";
import { islandComponent, islandDataScript, serializeProps } from "./island.tsx";
import { renderPage } from "./render.tsx";

/** A stand-in island: the framework is tested with a registry of its own, not the app's. */
function PublishForm(props: { exchange: string; routingKey: string }) {
  return <input name="exchange" value={props.exchange} data-key={props.routingKey} />;
}
const Island = islandComponent({ PublishForm });

Deno.test("serializeProps sends signals as their value and drops functions", () => {
  assert.deepEqual(
    serializeProps({ count: signal(3), label: "q", onClick: () => {}, nested: { a: 1 } }),
    {
      count: 3,
      label: "q",
      nested: { a: 1 },
    },
  );
});

Deno.test("islandDataScript cannot be broken out of by the data it carries", () => {
  const script = islandDataScript([{
    body: "</script><script>alert(1)</script>",
    tag: "<img src=x onerror=alert(1)>",
  }]);
  assert.equal(
    (script.match(/<\/script>/g) ?? []).length,
    1,
    "only the closing tag of the element itself",
  );
  const json = script.replace(/^<script[^>]*>/, "").replace(/<\/script>$/, "");
  assert.doesNotMatch(json, /</, "no '<' inside the element at all");
  assert.deepEqual(JSON.parse(json)[0].body, "</script><script>alert(1)</script>");
});

Deno.test("renderPage marks islands, carries their props and loads the bundle once", () => {
  const html = renderPage(
    <html>
      <body>
        <Island name="PublishForm" props={{ exchange: "x<y", routingKey: "k" }} />
      </body>
    </html>,
    "/static/islands.js?v=1",
  );
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<div data-island="PublishForm" data-island-id="0" class="island">/);
  assert.match(html, /value="x&lt;y"/, "server-rendered with props, escaped");
  assert.match(
    html,
    /<script type="application\/json" id="__islands">\[\{"exchange":"x\\u003cy","routingKey":"k"\}\]<\/script>/,
  );
  assert.equal((html.match(/islands\.js/g) ?? []).length, 1);
});

Deno.test("a page without islands loads no script", () => {
  const html = renderPage(
    <html>
      <body>
        <p>static</p>
      </body>
    </html>,
    "/static/islands.js",
  );
  assert.doesNotMatch(html, /<script/);
});
