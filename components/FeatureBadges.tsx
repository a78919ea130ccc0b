/** A queue's features as the management UI's badges (D, TTL, DLX, …), each with its value. */
import type { QueueFeature } from "../lib/shared/mod.ts";

/**
 * The badges, each with the setting behind it as its tooltip (and as text for screen readers).
 *
 * @example
 * ```tsx
 * <FeatureBadges features={[{ label: "TTL", title: "x-message-ttl: 2000" }]} />
 * ```
 */
export function FeatureBadges(props: { features: QueueFeature[] }) {
  return (
    <span class="features" data-field="features">
      {props.features.map((f) => (
        <abbr key={f.label} class="feature" title={f.title} aria-label={f.title}>
          {f.label}
        </abbr>
      ))}
    </span>
  );
}
