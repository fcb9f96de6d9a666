import { LinkButtons } from '../../ui/LinkButtons';
import { useShop } from './ShopLayout';

/** The Stock section's pages: what moved stock, and the counts that correct it. */
export function StockNav() {
  const shop = useShop();
  const base = `/back-office/${shop.slug}/stock`;
  return (
    <LinkButtons
      label="Stock pages"
      mb="md"
      variants={{ active: 'light', other: 'subtle' }}
      links={[
        { to: base, label: 'Movements', end: true },
        { to: `${base}/counts`, label: 'Counts' },
      ]}
    />
  );
}
