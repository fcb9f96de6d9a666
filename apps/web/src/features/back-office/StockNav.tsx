import { useCan } from '../../app/permissions';
import { LinkButtons } from '../../ui/LinkButtons';
import { useShop } from './ShopLayout';

/** The Stock section's pages: what moved stock, the counts that correct it, and what is low (for those who order). */
export function StockNav() {
  const shop = useShop();
  const mayOrder = useCan('purchasing');
  const base = `/back-office/${shop.slug}/stock`;
  return (
    <LinkButtons
      label="Stock pages"
      mb="md"
      variants={{ active: 'light', other: 'subtle' }}
      links={[
        { to: base, label: 'Movements', end: true },
        { to: `${base}/counts`, label: 'Counts' },
        ...(mayOrder ? [{ to: `${base}/low`, label: 'Low stock' }] : []),
      ]}
    />
  );
}
