import { TextInput, type TextInputProps } from '@mantine/core';

export interface QuantityInputProps extends Omit<TextInputProps, 'value' | 'onChange' | 'error' | 'type'> {
  /** Exactly what the person typed: the field never rewrites it. */
  value: string;
  onChange: (text: string) => void;
  /** Why the text is not a number the person may send (from `readWholeNumber`), shown under the field. */
  problem?: string;
}

/**
 * A field for a whole number (a quantity, a stock count). A text field on purpose: a number field
 * (or Mantine's NumberInput) clamps, drops signs and decimal points as one types, so "100" with a
 * maximum of 60 became 10 and "2.5" became 25. This one keeps the text, opens the digit keyboard on
 * phones, and says what is wrong; the form decides from `readWholeNumber` whether it may be sent.
 */
export function QuantityInput({ value, onChange, problem, ...props }: QuantityInputProps) {
  return (
    <TextInput
      inputMode="numeric"
      autoComplete="off"
      {...props}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={problem}
    />
  );
}
