import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { readWholeNumber } from '../../lib/quantity';

interface QuantityFieldProps {
  /** The field's accessible name: "Quantity of Claw hammer". */
  label: string;
  /** The line's quantity, as last set. */
  quantity: number;
  /** At most this many; at least one. */
  max: number;
  /** Said above `max` ("Only 12 in stock."); "At most 9,999." unless told. */
  aboveMax?: string;
  onChange: (quantity: number) => void;
  /** Enter or Escape: the person is done with the field. */
  onDone: () => void;
}

/**
 * A line's quantity, typed: a figure out of range is said under the field and not taken, the line
 * keeping its last quantity (shown again once the field is left).
 */
export function QuantityField({ label, quantity, max, aboveMax, onChange, onDone }: QuantityFieldProps) {
  const [typed, setTyped] = useState<string | null>(null);
  const check =
    typed === null ? null : readWholeNumber(typed, { min: 1, max, blank: 'Enter a quantity.', aboveMax });
  return (
    <TextInput
      aria-label={label}
      inputMode="numeric"
      autoComplete="off"
      w={64}
      styles={{ input: { textAlign: 'center' } }}
      value={typed ?? String(quantity)}
      error={check && !check.ok ? check.message : undefined}
      onChange={(event) => {
        const text = event.currentTarget.value;
        setTyped(text);
        const read = readWholeNumber(text, { min: 1, max, blank: '' });
        if (read.ok) {
          onChange(read.value);
        }
      }}
      onBlur={() => setTyped(null)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') {
          // In a form, Enter is done with the quantity: it does not send the form.
          event.preventDefault();
          setTyped(null);
          onDone();
        }
      }}
    />
  );
}
