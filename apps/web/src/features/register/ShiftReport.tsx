import { emailShiftReportSchema, formatMoney, type ShiftReport } from '@myb/contracts';
import { useEmailShiftReport } from '../../api/register';
import { formatDateTime, formatMoneyChange } from '../../lib/format';
import { EmailButton } from './EmailButton';
import { taxLabel } from './format';
import { PrintSheet, type Paper } from './PrintSheet';
import { TENDER_LABELS } from './tenders';

/** −€2.00 short, +€1.00 over, or balanced. */
export function differenceText(differenceMinor: number, currency: string): string {
  if (differenceMinor === 0) {
    return `${formatMoney(0, currency)} (balanced)`;
  }
  return `${formatMoneyChange(differenceMinor, currency)} (${differenceMinor < 0 ? 'short' : 'over'})`;
}

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <tr className={strong ? 'strong' : undefined}>
      <th scope="row">{label}</th>
      <td className="amount">{value}</td>
    </tr>
  );
}

/** Sends the report as it is on screen (a cashier's X report without the expected cash) to an address. */
export function EmailShiftReportButton({ slug, report }: { slug: string; report: ShiftReport }) {
  const send = useEmailShiftReport(slug, report.id);
  return (
    <EmailButton
      what={report.closedAt === null ? 'X report' : 'Z report'}
      schema={emailShiftReportSchema}
      send={send}
    />
  );
}

/**
 * A shift's figures: the X report while it is open, the Z report once closed. Expected cash is shown
 * only when the server sends it (not to a cashier before the count).
 */
export function ShiftReportSheet({ report, paper }: { report: ShiftReport; paper: Paper }) {
  const money = (minor: number) => formatMoney(minor, report.currency);
  const closed = report.closedAt !== null;
  const title = closed ? 'Z report' : 'X report';
  return (
    <PrintSheet paper={paper} label={`${title} of ${report.register.name}`}>
      <div className="centre">
        <div className="big">{title}</div>
        <div>{report.register.name}</div>
      </div>
      <hr className="rule" />
      <table aria-label="Shift">
        <tbody>
          <Row label="Opened by" value={report.openedBy.name} />
          <Row label="Opened" value={formatDateTime(report.openedAt)} />
          {report.closedBy && <Row label="Closed by" value={report.closedBy.name} />}
          {report.closedAt && <Row label="Closed" value={formatDateTime(report.closedAt)} />}
        </tbody>
      </table>
      <hr className="rule" />
      <table aria-label="Sales">
        <tbody>
          <Row label="Sales" value={String(report.sales)} />
          {report.returns > 0 && (
            <Row
              label={`Returns (${report.returns})`}
              value={formatMoneyChange(-report.refundsMinor, report.currency)}
            />
          )}
          <Row label="Gross" value={money(report.grossMinor)} />
          <Row label="Discounts" value={formatMoneyChange(-report.discountMinor, report.currency)} />
          <Row label="Total" value={money(report.totalMinor)} strong />
          {report.taxes.map((tax) => (
            <Row
              key={tax.taxRate?.id ?? 'none'}
              label={`${taxLabel(tax.taxRate)} on ${money(tax.netMinor)}`}
              value={money(tax.taxMinor)}
            />
          ))}
          <Row label={`Voided lines (${report.voids.lines})`} value={money(report.voids.amountMinor)} />
        </tbody>
      </table>
      <hr className="rule" />
      <table aria-label="Payments">
        <tbody>
          {report.tenders.length === 0 && <Row label="No payment yet" value="" />}
          {report.tenders.map((tender) => (
            <Row
              key={tender.method}
              label={`${TENDER_LABELS[tender.method]} (${tender.count})${tender.refundedMinor > 0 ? `, after ${money(tender.refundedMinor)} refunded` : ''}`}
              value={money(tender.amountMinor)}
            />
          ))}
        </tbody>
      </table>
      <hr className="rule" />
      <table aria-label="Cash drawer">
        <tbody>
          <Row label="Opening float" value={money(report.openingFloatMinor)} />
          <Row label="Cash sales" value={money(report.cashSalesMinor)} />
          {report.cashMoves.map((move) => (
            <Row
              key={move.id}
              label={`${move.reason} (${move.by.name})`}
              value={formatMoneyChange(move.amountMinor, report.currency)}
            />
          ))}
          <Row label="Cash moves" value={formatMoneyChange(report.cashMovesMinor, report.currency)} />
          {report.expectedCashMinor !== null && (
            <Row label="Expected in drawer" value={money(report.expectedCashMinor)} strong />
          )}
          {report.countedCashMinor !== null && (
            <Row label="Counted" value={money(report.countedCashMinor)} strong />
          )}
          {report.differenceMinor !== null && (
            <Row label="Difference" value={differenceText(report.differenceMinor, report.currency)} strong />
          )}
        </tbody>
      </table>
      {report.closingNote && (
        <>
          <hr className="rule" />
          <div className="pre-line">Note: {report.closingNote}</div>
        </>
      )}
    </PrintSheet>
  );
}
