/** A search box bound to a signal: what the user types filters a table or feed as they type. */
import type { Signal } from "@preact/signals";

/**
 * An `<input type="search">` that shows `value` and writes every keystroke back to it.
 *
 * @example
 * ```tsx
 * <SearchBox value={filter} placeholder="filter by name" label="filter exchanges by name" />
 * ```
 */
export function SearchBox(props: { value: Signal<string>; placeholder: string; label: string }) {
  const { value } = props;
  return (
    <input
      type="search"
      placeholder={props.placeholder}
      aria-label={props.label}
      value={value.value}
      onInput={(e) => (value.value = (e.target as HTMLInputElement).value)}
    />
  );
}
