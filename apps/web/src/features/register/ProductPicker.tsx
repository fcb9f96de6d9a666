import { Chip, Group, Kbd, Stack, Text, TextInput } from '@mantine/core';
import { formatMoney, type Category } from '@myb/contracts';
import { IconBarcode } from '@tabler/icons-react';
import { useId, useState, type KeyboardEvent, type RefObject } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { findByCode, searchByName, type RegisterProduct } from './registerProducts';

const ALL = 'all';
const NONE = 'none';

export interface PickerMessage {
  text: string;
  tone: 'done' | 'problem';
}

interface ProductPickerProps {
  products: RegisterProduct[];
  categories: Category[];
  currency: string;
  /** How many of each product the cart holds. */
  inCart: Map<string, number>;
  searchRef: RefObject<HTMLInputElement | null>;
  message: PickerMessage | null;
  onAdd: (product: RegisterProduct) => void;
  onMessage: (message: PickerMessage) => void;
}

const stockText = (product: RegisterProduct) =>
  product.stock > 0 ? `${product.stock} in stock` : 'Out of stock';

/**
 * The register's left side: one search box that a scanner types into (a code and Enter adds its
 * product; other text and Enter lists products by name to pick with the arrows), and a grid of tiles by
 * category for what has no code to scan.
 */
export function ProductPicker({
  products,
  categories,
  currency,
  inCart,
  searchRef,
  message,
  onAdd,
  onMessage,
}: ProductPickerProps) {
  const listId = useId();
  const [text, setText] = useState('');
  /** The products listed under the box, null while no list is open. */
  const [results, setResults] = useState<RegisterProduct[] | null>(null);
  const [active, setActive] = useState(0);
  /** The arrows moved in the list: Enter picks that product, whatever the text says. */
  const [moved, setMoved] = useState(false);
  const [category, setCategory] = useState(ALL);

  const closeList = () => {
    setResults(null);
    setActive(0);
    setMoved(false);
  };
  const add = (product: RegisterProduct) => {
    if (product.stock <= 0) {
      onMessage({ text: `${product.name} is out of stock.`, tone: 'problem' });
      return;
    }
    onAdd(product);
    setText('');
    closeList();
  };
  const openList = (typed: string) => {
    const found = searchByName(products, typed);
    setResults(found);
    setActive(0);
    setMoved(false);
    if (found.length === 0) {
      onMessage({ text: `No product has the code or name “${typed.trim()}”.`, tone: 'problem' });
      // The next scan replaces the text rather than adding to it.
      searchRef.current?.select();
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const open = results !== null && results.length > 0;
    if (event.key === 'Enter') {
      event.preventDefault();
      const exact = findByCode(products, text);
      if (open && (moved || exact === undefined)) {
        add(results[active]!);
      } else if (exact) {
        add(exact);
      } else if (text.trim() !== '') {
        openList(text);
      }
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        if (text.trim() !== '') {
          openList(text);
        }
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + results.length) % results.length);
      setMoved(true);
    } else if (event.key === 'Escape') {
      if (results !== null) {
        closeList();
      } else {
        setText('');
      }
    }
  };

  const shown = products.filter((product) =>
    category === ALL
      ? true
      : category === NONE
        ? product.categoryId === null
        : product.categoryId === category,
  );
  const hasUncategorised = products.some((product) => product.categoryId === null);
  const optionId = (index: number) => `${listId}-${index}`;
  const listOpen = results !== null && results.length > 0;

  return (
    <Stack gap="sm" component="section" aria-label="Products">
      <TextInput
        ref={searchRef}
        // In the box from the start: the first scan lands here.
        autoFocus
        role="combobox"
        aria-label="Scan or search products"
        aria-autocomplete="list"
        aria-expanded={listOpen}
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        size="md"
        placeholder="Scan a code, or type a name and press Enter"
        leftSection={<IconBarcode aria-hidden size={20} />}
        rightSection={<Kbd aria-hidden>/</Kbd>}
        value={text}
        onChange={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          if (results !== null) {
            if (typed.trim() === '') {
              closeList();
            } else {
              setResults(searchByName(products, typed));
              setActive(0);
              setMoved(false);
            }
          }
        }}
        onKeyDown={onKeyDown}
      />
      {listOpen && (
        <ul id={listId} role="listbox" aria-label="Matching products" className="pos-results">
          {results.map((product, index) => (
            <li
              key={product.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              aria-disabled={product.stock <= 0 || undefined}
              className="pos-result"
              // The search box keeps the focus: a tap picks without taking it.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => add(product)}
            >
              <span>
                {product.name}{' '}
                <Text span size="sm" c="dimmed">
                  {product.sku}
                </Text>
              </span>
              <Text span size="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(product.priceMinor, currency)} · {stockText(product)}
              </Text>
            </li>
          ))}
        </ul>
      )}
      <Text role="status" size="sm" c={message?.tone === 'problem' ? 'red.8' : 'dimmed'} mih="1.4em">
        {message?.text ??
          'Scan a product, or type its name and press Enter; ↑ ↓ and Enter pick from the list.'}
      </Text>
      {categories.length > 0 && (
        <Chip.Group multiple={false} value={category} onChange={setCategory}>
          <Group gap="xs" role="radiogroup" aria-label="Category">
            <Chip value={ALL}>All</Chip>
            {categories.map((each) => (
              <Chip key={each.id} value={each.id}>
                {each.name}
              </Chip>
            ))}
            {hasUncategorised && <Chip value={NONE}>No category</Chip>}
          </Group>
        </Chip.Group>
      )}
      {shown.length === 0 ? (
        <EmptyState title="No product here">
          {products.length === 0
            ? 'The catalogue has no product on sale yet: add products in the Catalogue section.'
            : 'No product on sale in this category: choose another, or All.'}
        </EmptyState>
      ) : (
        <ul className="pos-tiles" aria-label="Product tiles">
          {shown.map((product) => {
            const held = inCart.get(product.id) ?? 0;
            return (
              <li key={product.id}>
                <button
                  type="button"
                  className="pos-tile"
                  disabled={product.stock <= 0}
                  onClick={() => add(product)}
                >
                  <Text fw={600} lineClamp={2} inherit>
                    {product.name}
                  </Text>
                  <Group justify="space-between" gap={4} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {formatMoney(product.priceMinor, currency)}
                    </Text>
                    <Text size="xs" c={product.stock > 0 ? 'dimmed' : 'red.8'}>
                      {stockText(product)}
                      {held > 0 ? `, ${held} in cart` : ''}
                    </Text>
                  </Group>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Stack>
  );
}
