import { formatMoney, type Merchant, type Sale } from '@myb/contracts';
import JsBarcode from 'jsbarcode';
import { Fragment, useEffect, useRef } from 'react';
import { formatDateTime, formatMoneyChange } from '../../lib/format';
import { taxLabel } from './format';
import { PrintSheet, type Paper } from './PrintSheet';
import { TENDER_LABELS } from './tenders';

/** The receipt's number as a Code 128 barcode, for a return to find the sale by scanning it. */
function ReceiptBarcode({ value }: { value: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) {
      JsBarcode(ref.current, value, {
        format: 'CODE128',
        width: 1.5,
        height: 40,
        margin: 0,
        displayValue: false,
      });
    }
  }, [value]);
  return <svg ref={ref} className="receipt-barcode" role="img" aria-label={`Barcode of ${value}`} />;
}

/**
 * A sale's receipt, from what the server recorded: the shop, the register, cashier and customer, the
 * lines and their discounts, tax per rate, the total, how it was paid and the change.
 */
export function Receipt({ sale, shop, paper }: { sale: Sale; shop: Merchant; paper: Paper }) {
  const money = (minor: number) => formatMoney(minor, sale.currency);
  const cartDiscountMinor = sale.lines.reduce((sum, line) => sum + line.cartDiscountMinor, 0);
  const lineDiscountMinor = sale.discountMinor - cartDiscountMinor;
  // Taken off a sale (−€0.20); a return gives back the line less its discount, so it is added back (+€0.20).
  const discount = (minor: number) => formatMoneyChange(-minor, sale.currency);
  return (
    <PrintSheet paper={paper} label={`Receipt ${sale.receiptNumber}`}>
      <div className="centre">
        <div className="big">{shop.name}</div>
        {shop.address.trim() !== '' && <div className="pre-line">{shop.address}</div>}
      </div>
      {sale.kind === 'return' && (
        <div className="centre big" role="heading" aria-level={2}>
          {sale.returnOf ? 'Return' : 'Return without receipt'}
        </div>
      )}
      <hr className="rule" />
      <table>
        <tbody>
          <tr>
            <th scope="row">Receipt</th>
            <td className="amount strong">{sale.receiptNumber}</td>
          </tr>
          <tr>
            <th scope="row">Register</th>
            <td className="amount">{sale.register.name}</td>
          </tr>
          <tr>
            <th scope="row">Cashier</th>
            <td className="amount">{sale.cashier.name}</td>
          </tr>
          {sale.customer && (
            <tr>
              <th scope="row">Customer</th>
              <td className="amount">{sale.customer.name}</td>
            </tr>
          )}
          {sale.approvedBy && (
            <tr>
              <th scope="row">Discounts approved by</th>
              <td className="amount">{sale.approvedBy.name}</td>
            </tr>
          )}
          <tr>
            <th scope="row">Date</th>
            <td className="amount">{formatDateTime(sale.createdAt)}</td>
          </tr>
          {sale.returnOf && (
            <tr className="strong">
              <th scope="row">Return of</th>
              <td className="amount">{sale.returnOf.receiptNumber}</td>
            </tr>
          )}
          {sale.kind === 'return' && (
            <tr>
              <th scope="row">Reason</th>
              <td className="amount">{sale.returnReason}</td>
            </tr>
          )}
        </tbody>
      </table>
      <hr className="rule" />
      <table aria-label="Items">
        <tbody>
          {sale.lines.map((line) => (
            <Fragment key={line.position}>
              <tr>
                <td>
                  <div>{line.product.name}</div>
                  <div className="muted">
                    {/* A return's quantities with the minus its amounts have (−1, not -1). */}
                    {String(line.quantity).replace('-', '−')} × {money(line.unitPriceMinor)}
                    {line.restock === false ? ', not restocked' : ''}
                  </div>
                </td>
                <td className="amount">{money(line.quantity * line.unitPriceMinor)}</td>
              </tr>
              {line.discountMinor !== 0 && (
                <tr className="muted">
                  <td>Discount</td>
                  <td className="amount">{discount(line.discountMinor)}</td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      <hr className="rule" />
      <table aria-label="Totals">
        <tbody>
          <tr>
            <th scope="row">Subtotal</th>
            <td className="amount">{money(sale.grossMinor)}</td>
          </tr>
          {lineDiscountMinor !== 0 && (
            <tr>
              <th scope="row">Line discounts</th>
              <td className="amount">{discount(lineDiscountMinor)}</td>
            </tr>
          )}
          {cartDiscountMinor !== 0 && (
            <tr>
              <th scope="row">Cart discount</th>
              <td className="amount">{discount(cartDiscountMinor)}</td>
            </tr>
          )}
          {!sale.pricesIncludeTax &&
            sale.taxes.map((tax) => (
              <tr key={tax.taxRate?.id ?? 'none'}>
                <th scope="row">{taxLabel(tax.taxRate)}</th>
                <td className="amount">{money(tax.taxMinor)}</td>
              </tr>
            ))}
          <tr className="big">
            <th scope="row">{sale.kind === 'return' ? 'Refund' : 'Total'}</th>
            <td className="amount">{money(sale.totalMinor)}</td>
          </tr>
        </tbody>
      </table>
      <table aria-label="Tax">
        <thead>
          <tr className="muted">
            <th scope="col">{sale.pricesIncludeTax ? 'Prices include tax' : 'Tax added to prices'}</th>
            <th scope="col" className="amount">
              Net
            </th>
            <th scope="col" className="amount">
              Tax
            </th>
          </tr>
        </thead>
        <tbody>
          {sale.taxes.map((tax) => (
            <tr key={tax.taxRate?.id ?? 'none'}>
              <th scope="row">{taxLabel(tax.taxRate)}</th>
              <td className="amount">{money(tax.netMinor)}</td>
              <td className="amount">{money(tax.taxMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <hr className="rule" />
      <table aria-label="Payments">
        <tbody>
          {sale.tenders.map((tender, index) => (
            <tr key={index}>
              <th scope="row">
                {TENDER_LABELS[tender.method]}
                {tender.amountMinor < 0 ? ' refund' : ''}
                {tender.reference ? ` (ref. ${tender.reference})` : ''}
              </th>
              <td className="amount">{money(tender.amountMinor)}</td>
            </tr>
          ))}
          {sale.kind === 'sale' && (
            <tr className="strong">
              <th scope="row">Change</th>
              <td className="amount">{money(sale.changeMinor)}</td>
            </tr>
          )}
        </tbody>
      </table>
      <hr className="rule" />
      <ReceiptBarcode value={sale.receiptNumber} />
      <div className="centre">{sale.receiptNumber}</div>
      <div className="centre muted">Thank you for your visit.</div>
    </PrintSheet>
  );
}
