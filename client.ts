/** The browser bundle's entry: hydrate the islands of whatever page loaded it. */
import { islands } from "./islands/mod.ts";
import { boot } from "./lib/web/boot.ts";

boot(islands);
