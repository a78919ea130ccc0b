/** The monitor's `<Island>`: island markers for the registry in `islands/mod.ts`. */
import { islandComponent } from "../lib/web/mod.ts";
import { islands } from "../islands/mod.ts";

/**
 * Renders one of the monitor's islands by name, with that island's props type-checked.
 *
 * @example
 * ```tsx
 * <Island name="QueueStats" props={{ initial: snapshot }} />
 * ```
 */
export const Island = islandComponent(islands);
