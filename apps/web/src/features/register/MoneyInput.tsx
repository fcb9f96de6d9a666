import { TextInput, type TextInputProps } from '@mantine/core';
import { currencySymbol } from './format';

interface MoneyInputProps extends Omit<TextInputProps, 'value' | 'onChange' | 'type'> {
  currency: string;
  /** Exactly what the person typed; `readMoney` says what it is worth. */
  value: string;
  onChange: (text: string) => void;
}

/** A field for an amount in the shop's currency, kept as typed and read with `readMoney`. */
export function MoneyInput({ currency, value, onChange, ...props }: MoneyInputProps) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      leftSection={<span aria-hidden>{currencySymbol(currency)}</span>}
      {...props}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
