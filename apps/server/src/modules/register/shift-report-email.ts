import { formatMoney, formatTaxRate, type ShiftReport } from '@myb/contracts';
import { escapeHtml, SHIFT_REPORT_MAIL_KIND, type AccountEmail } from '../auth/account-mailer';
import { htmlRows, METHOD_LABELS, shopClock, textRows, type MailRow } from './receipt-email';

/** −€2.91 (short), +€1.00 (over), €0.00 (balanced). */
function differenceText(differenceMinor: number, money: (minor: number) => string): string {
  if (differenceMinor === 0) {
    return `${money(0)} (balanced)`;
  }
  return differenceMinor < 0 ? `−${money(-differenceMinor)} (short)` : `+${money(differenceMinor)} (over)`;
}

/**
 * A shift's X report (open) or Z report (closed) as an e-mail, text and HTML, with what the printed
 * report says: the register, who opened and closed the shift and when on the shop's clock, the sales
 * with tax per rate, the payments, the drawer (float, cash sales, each cash move, expected, counted,
 * difference), the voided lines and the closing note. The report is the one its sender may read: a
 * cashier's X report has no expected cash, and says so.
 */
export function shiftReportEmail(
  report: ShiftReport,
  shop: { name: string; time_zone: string },
  to: string,
): AccountEmail {
  const money = (minor: number) => formatMoney(minor, report.currency, 'en');
  const signed = (minor: number) =>
    minor < 0 ? `−${money(-minor)}` : minor > 0 ? `+${money(minor)}` : money(0);
  const when = (instant: string) => shopClock(instant, shop.time_zone);
  const title = `${report.closedAt === null ? 'X' : 'Z'} report`;
  const heading = [
    `${title} · ${report.register.name} · ${shop.name}`,
    `Opened by ${report.openedBy.name} at ${when(report.openedAt)}`,
    report.closedAt === null
      ? 'Still open'
      : `Closed by ${report.closedBy?.name ?? 'someone'} at ${when(report.closedAt)}`,
  ];
  const sections: MailRow[][] = [
    [
      ['Sales', String(report.sales)],
      ...(report.returns > 0
        ? [[`Returns (${report.returns})`, signed(-report.refundsMinor)] satisfies MailRow]
        : []),
      ['Gross', money(report.grossMinor)],
      ['Discounts', signed(-report.discountMinor)],
      ['Total', money(report.totalMinor)],
      ...report.taxes.map((tax): MailRow => [
        `${tax.taxRate ? `${tax.taxRate.name} ${formatTaxRate(tax.taxRate.ratePpm)}` : 'No tax'} on ${money(tax.netMinor)}`,
        money(tax.taxMinor),
      ]),
      [`Voided lines (${report.voids.lines})`, money(report.voids.amountMinor)],
    ],
    report.tenders.length === 0
      ? [['No payment yet', '']]
      : report.tenders.map((tender): MailRow => [
          `${METHOD_LABELS[tender.method]} (${tender.count})${tender.refundedMinor > 0 ? `, after ${money(tender.refundedMinor)} refunded` : ''}`,
          money(tender.amountMinor),
        ]),
    [
      ['Opening float', money(report.openingFloatMinor)],
      ['Cash sales', money(report.cashSalesMinor)],
      ...report.cashMoves.map((move): MailRow => [
        `${move.reason} (${move.by.name}, ${when(move.createdAt).slice(11)})`,
        signed(move.amountMinor),
      ]),
      ['Cash moves', signed(report.cashMovesMinor)],
      ...(report.expectedCashMinor === null
        ? []
        : [['Expected in drawer', money(report.expectedCashMinor)] as MailRow]),
      ...(report.countedCashMinor === null ? [] : [['Counted', money(report.countedCashMinor)] as MailRow]),
      ...(report.differenceMinor === null
        ? []
        : [['Difference', differenceText(report.differenceMinor, money)] as MailRow]),
    ],
  ];
  const notes = [
    ...(report.expectedCashMinor === null
      ? ['The cash expected in the drawer is shown once it is counted at closing.']
      : []),
    ...(report.closingNote ? [`Note: ${report.closingNote}`] : []),
  ];
  const text = [...heading, ...sections.flatMap((rows) => ['', ...textRows(rows)]), '', ...notes].join('\n');
  const html = `<div style="font-family:monospace;max-width:32em">
<p><strong>${escapeHtml(heading[0]!)}</strong><br>${heading.slice(1).map(escapeHtml).join('<br>')}</p>
${sections.map(htmlRows).join('\n<hr style="border:0;border-top:1px dashed #000">\n')}
${notes.map((note) => `<p style="white-space:pre-line">${escapeHtml(note)}</p>`).join('\n')}
</div>`;
  return {
    to,
    subject: `${title} of ${report.register.name}, ${shop.name}`,
    text,
    html,
    kind: SHIFT_REPORT_MAIL_KIND,
  };
}
