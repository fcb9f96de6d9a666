import { Kbd, TextInput, type TextInputProps } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useRef } from 'react';

type SearchInputProps = Omit<TextInputProps, 'value' | 'onChange'> & {
  value: string;
  onChange: (text: string) => void;
};

/** A list's search box: `/` anywhere on the page puts the cursor in it, Esc empties it. */
export function SearchInput({ value, onChange, ...props }: SearchInputProps) {
  const ref = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => ref.current?.focus()]]);
  return (
    <TextInput
      ref={ref}
      type="search"
      leftSection={<IconSearch aria-hidden size={18} />}
      rightSection={<Kbd aria-hidden>/</Kbd>}
      aria-keyshortcuts="/"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onChange('');
        }
      }}
      {...props}
    />
  );
}
