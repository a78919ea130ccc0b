/** A labelled form field bound to a signal: the input shows the signal and writes it back. */
import type { Signal } from "@preact/signals";

/**
 * A `<label>` with its input (or a textarea when `rows` is given), two-way bound to `value`.
 *
 * @example
 * ```tsx
 * <Field label="Exchange" name="exchange" value={exchange} />
 * ```
 */
export function Field<T extends string | number>(
  props: {
    label: string;
    name: string;
    value: Signal<T>;
    type?: "text" | "number";
    min?: number;
    max?: number;
    rows?: number;
    class?: string;
  },
) {
  const { value } = props;
  const write = (e: Event) => {
    const text = (e.target as HTMLInputElement | HTMLTextAreaElement).value;
    value.value = (typeof value.peek() === "number" ? Number(text) : text) as T;
  };
  return (
    <label class={props.class}>
      {props.label}
      {props.rows
        ? <textarea name={props.name} rows={props.rows} value={value.value} onInput={write} />
        : (
          <input
            name={props.name}
            type={props.type}
            min={props.min}
            max={props.max}
            value={value.value}
            onInput={write}
          />
        )}
    </label>
  );
}
