/**
 * Every link of the README, BENCHMARKS.md and docs/ leads somewhere: a file of the repository
 * that exists and, where the link names a heading (`file.md#heading`), a heading of that file.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const PAGES = [
  "README.md",
  "BENCHMARKS.md",
  ...[...Deno.readDirSync(new URL("docs/", ROOT))].filter((e) => e.name.endsWith(".md"))
    .map((e) => `docs/${e.name}`),
];

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    anchors.add(heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-"));
  }
  return anchors;
}

/** The links of a Markdown page, outside code blocks. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

Deno.test("every link of the README and docs/ leads to a file and heading that exist", async () => {
  const broken: string[] = [];
  for (const page of PAGES) {
    const pageUrl = new URL(page, ROOT);
    for (const link of linksOf(await Deno.readTextFile(pageUrl))) {
      if (/^(https?:|mailto:)/.test(link)) continue;
      const [path, anchor] = link.split("#");
      const target = path ? new URL(path, pageUrl) : pageUrl;
      let text: string;
      try {
        text = Deno.statSync(target).isFile ? await Deno.readTextFile(target) : "";
      } catch {
        broken.push(`${page}: ${link} (no such file)`);
        continue;
      }
      if (anchor && target.pathname.endsWith(".md") && !anchorsOf(text).has(anchor)) {
        broken.push(`${page}: ${link} (no such heading)`);
      }
    }
  }
  assert.deepEqual(broken, []);
});

Deno.test("the README stays a front door: at most 250 lines, the docs it links to exist", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const lines = readme.split("\n").length;
  assert.ok(lines <= 250, `the README has ${lines} lines`);
  for (const doc of PAGES.filter((p) => p.startsWith("docs/"))) {
    assert.ok(readme.includes(`(${doc})`), `the README does not link to ${doc}`);
  }
});
