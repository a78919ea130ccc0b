/**
 * Debian's Chromium driven by playwright-core, for browser tests: a fresh profile per test,
 * with the flags this machine needs (no sandbox as root, no background network calls).
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium";

/** How long a browser test waits for something to appear: long enough for a loaded machine. */
export const UI_TIMEOUT = 30_000;

/** Folder for screenshots a person may look at after a run (not committed). */
export const ARTIFACTS = new URL("../test-artifacts/", import.meta.url).pathname;

/**
 * Opens a headless Chromium with its own profile; close the returned context when done.
 * `extraArgs` go on its command line (e.g. a host-resolver rule).
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<
  { context: BrowserContext; close: () => Promise<void> }
> {
  try {
    await Deno.stat(CHROMIUM);
  } catch {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  const profile = await Deno.makeTempDir({ prefix: "chromium-profile-" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  return {
    context,
    close: async () => {
      await context.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

/** The screens every page is tested on: a desktop, and a 390 px phone. */
export const DEVICES = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * A new page sized to `device`, with the page errors it raises collected (a test ends by
 * asserting there were none).
 */
export async function openPage(
  context: BrowserContext,
  device: { width: number; height: number },
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  await page.setViewportSize({ width: device.width, height: device.height });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, errors };
}

/**
 * Waits until the first element `selector` names reads `expected`; a timeout says what it read
 * last (and `context`, when given, what else was seen then).
 */
export async function waitForText(
  page: Page,
  selector: string,
  expected: string,
  context?: () => Promise<string>,
): Promise<void> {
  const read = () =>
    page.locator(selector).first().textContent({ timeout: 1_000 }).catch(() => null);
  const deadline = Date.now() + UI_TIMEOUT;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const seen = last === null ? "nothing (no such element)" : JSON.stringify(last);
  const more = context ? `; ${await context().catch(String)}` : "";
  throw new Error(
    `timed out after ${UI_TIMEOUT} ms waiting for ${selector} to read ${
      JSON.stringify(expected)
    }: it read ${seen}${more}`,
  );
}
