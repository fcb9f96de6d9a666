import { formatMoney, type Merchant, type PurchaseOrder, type PurchaseReceipt } from '@myb/contracts';
import { formatDateTime } from '../../lib/format';
import { PrintSheet } from '../register/PrintSheet';

/**
 * A goods receipt note, from what the server recorded: the shop, the supplier and the purchase order,
 * when and by whom the goods were received, each line with its cost and the product's average cost
 * after it, and the note.
 */
export function ReceiptNote({
  order,
  receipt,
  shop,
}: {
  order: PurchaseOrder;
  receipt: PurchaseReceipt;
  shop: Merchant;
}) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  const supplierSku = new Map(order.lines.map((line) => [line.product.id, line.supplierSku]));
  const units = receipt.lines.reduce((sum, line) => sum + line.quantity, 0);
  const valueMinor = receipt.lines.reduce((sum, line) => sum + line.quantity * line.costMinor, 0);
  return (
    <PrintSheet paper="a4" label={`Receipt note for ${order.number}`}>
      <div className="big">Goods receipt note</div>
      <div className="strong">{shop.name}</div>
      {shop.address.trim() !== '' && <div className="pre-line muted">{shop.address}</div>}
      <hr className="rule" />
      <table>
        <tbody>
          <tr>
            <th scope="row">Supplier</th>
            <td className="amount strong">{order.supplier.name}</td>
          </tr>
          <tr>
            <th scope="row">Purchase order</th>
            <td className="amount strong">{order.number}</td>
          </tr>
          <tr>
            <th scope="row">Received</th>
            <td className="amount">{formatDateTime(receipt.at)}</td>
          </tr>
          <tr>
            <th scope="row">Received by</th>
            <td className="amount">{receipt.by.name}</td>
          </tr>
        </tbody>
      </table>
      <hr className="rule" />
      <table>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Supplier’s SKU</th>
            <th scope="col">Product</th>
            <th scope="col" className="amount">
              Quantity
            </th>
            <th scope="col" className="amount">
              Cost of one
            </th>
            <th scope="col" className="amount">
              Average cost after
            </th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((line) => (
            <tr key={line.product.id}>
              <td>{line.product.sku}</td>
              <td>{supplierSku.get(line.product.id) ?? '—'}</td>
              <td>{line.product.name}</td>
              <td className="amount">{line.quantity}</td>
              <td className="amount">{money(line.costMinor)}</td>
              <td className="amount">{money(line.averageCostAfterMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <hr className="rule" />
      <table>
        <tbody>
          <tr>
            <th scope="row">Items received</th>
            <td className="amount strong">{units}</td>
          </tr>
          <tr>
            <th scope="row">Value at cost</th>
            <td className="amount strong">{money(valueMinor)}</td>
          </tr>
        </tbody>
      </table>
      {receipt.overReceipt && <p className="muted">More than ordered was taken in, as the owner allowed.</p>}
      {receipt.note.trim() !== '' && (
        <>
          <hr className="rule" />
          <div className="strong">Note</div>
          <div className="pre-line">{receipt.note}</div>
        </>
      )}
    </PrintSheet>
  );
}
