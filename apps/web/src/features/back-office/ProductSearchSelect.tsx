import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ManagedProduct } from '@myb/contracts';
import { useState, type CSSProperties } from 'react';
import { useProductSearch } from '../../api/backOffice';

/** How many products the picker offers at once: enough to choose among, few enough to read. */
const PICKER_MATCHES = 20;

const productLabel = (product: { name: string; sku: string }) => `${product.name} (${product.sku})`;

interface ProductSearchSelectProps {
  slug: string;
  label: string;
  placeholder: string;
  /** The chosen product's id; empty for none. */
  value: string;
  /** The product `value` names, once read. */
  chosen?: ManagedProduct;
  onChange: (product: ManagedProduct | null) => void;
  /** Which of the matches to offer (say, not those archived); all of them unless told. */
  offers?: (product: ManagedProduct) => boolean;
  /** A box that adds what is picked to a list: it empties itself for the next search. */
  clearAfterPick?: boolean;
  clearable?: boolean;
  style?: CSSProperties;
}

/**
 * A product found by typing part of its name or SKU: the server searches the shop's products
 * (archived ones too) and the first few matches are offered, never the whole catalogue.
 */
export function ProductSearchSelect({
  slug,
  label,
  placeholder,
  value,
  chosen,
  onChange,
  offers = () => true,
  clearAfterPick = false,
  clearable = false,
  style,
}: ProductSearchSelectProps) {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // The chosen product's label in the box is not a search: the first products are offered then.
  const q = chosen && debounced === productLabel(chosen) ? '' : debounced;
  const matches = useProductSearch(slug, q, { limit: PICKER_MATCHES, enabled: opened });
  const offered = (matches.data ?? []).filter(offers);
  // The chosen product stays an option, so the box shows its name whatever was searched last.
  const options =
    chosen && !offered.some((product) => product.id === chosen.id) ? [chosen, ...offered] : offered;
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable={clearable}
      data={options.map((product) => ({ value: product.id, label: productLabel(product) }))}
      value={value || null}
      onChange={(productId) => {
        onChange(options.find((product) => product.id === productId) ?? null);
        if (clearAfterPick) {
          setSearch('');
        }
      }}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      onDropdownClose={() => setOpened(false)}
      nothingFoundMessage={matches.isFetching ? 'Searching…' : 'No product matches'}
      style={style}
    />
  );
}
