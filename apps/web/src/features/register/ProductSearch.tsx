import { Kbd, Text, TextInput } from '@mantine/core';
import { formatMoney } from '@myb/contracts';
import { IconBarcode } from '@tabler/icons-react';
import { useId, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { findByCode, searchByName, type RegisterProduct } from './registerProducts';

export interface PickerMessage {
  text: string;
  tone: 'done' | 'problem';
}

export const stockText = (product: RegisterProduct) =>
  product.stock > 0 ? `${product.stock} in stock` : 'Out of stock';

interface ProductSearchProps {
  products: RegisterProduct[];
  currency: string;
  searchRef: RefObject<HTMLInputElement | null>;
  message: PickerMessage | null;
  /** What the status line says while there is no message. */
  hint: string;
  /** Why a product cannot be picked here (a sale: out of stock), or null when it can. */
  refusal?: (product: RegisterProduct) => string | null;
  /** A key that puts the cursor in the box from anywhere on the screen, shown in it. */
  shortcut?: string;
  /** A product picked (and not refused): the box is emptied for the next scan. */
  onPick: (product: RegisterProduct) => void;
  onMessage: (message: PickerMessage) => void;
  /** What comes under the status line, given `pick` for its own controls (the selling screen's tiles). */
  children?: (pick: (product: RegisterProduct) => void) => ReactNode;
}

/**
 * The register's one search box, which a scanner types into: a code and Enter picks the product whose
 * barcode or SKU it is exactly; other text and Enter lists products by name to pick with the arrows
 * and Enter (or a tap). Under it, a status line says what happened. The selling screen adds to the
 * cart with it, and a return without a receipt finds what comes back.
 */
export function ProductSearch({
  products,
  currency,
  searchRef,
  message,
  hint,
  refusal = () => null,
  shortcut,
  onPick,
  onMessage,
  children,
}: ProductSearchProps) {
  const listId = useId();
  const [text, setText] = useState('');
  /** The products listed under the box, null while no list is open. */
  const [results, setResults] = useState<RegisterProduct[] | null>(null);
  const [active, setActive] = useState(0);
  /** The arrows moved in the list: Enter picks that product, whatever the text says. */
  const [moved, setMoved] = useState(false);

  const closeList = () => {
    setResults(null);
    setActive(0);
    setMoved(false);
  };
  const pick = (product: RegisterProduct) => {
    const refused = refusal(product);
    if (refused !== null) {
      onMessage({ text: refused, tone: 'problem' });
      return;
    }
    onPick(product);
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
        pick(results[active]!);
      } else if (exact) {
        pick(exact);
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

  const optionId = (index: number) => `${listId}-${index}`;
  const listOpen = results !== null && results.length > 0;

  return (
    <>
      <TextInput
        ref={searchRef}
        // In the box from the start: the first scan lands here; in a dialog, also when it has the focus
        // back from one opened over it.
        autoFocus
        data-autofocus
        role="combobox"
        aria-label="Scan or search products"
        aria-autocomplete="list"
        aria-expanded={listOpen}
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen ? optionId(active) : undefined}
        aria-keyshortcuts={shortcut}
        // In a dialog, Escape closes the list or clears the box first, not the dialog.
        data-mantine-stop-propagation={results !== null || text !== '' ? 'true' : undefined}
        autoComplete="off"
        spellCheck={false}
        size="md"
        placeholder="Scan a code, or type a name and press Enter"
        leftSection={<IconBarcode aria-hidden size={20} />}
        rightSection={shortcut ? <Kbd aria-hidden>{shortcut}</Kbd> : undefined}
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
              aria-disabled={refusal(product) !== null || undefined}
              className="pos-result"
              // The search box keeps the focus: a tap picks without taking it.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(product)}
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
        {message?.text ?? hint}
      </Text>
      {children?.(pick)}
    </>
  );
}
