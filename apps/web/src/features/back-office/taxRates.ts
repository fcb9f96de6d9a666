import { formatTaxRate, type Category, type TaxRate } from '@myb/contracts';

/** "Reduced (5.5 %)"; a name that already says its rate ("Standard 20 %") as it is. */
export function taxRateLabel(rate: TaxRate): string {
  const percent = formatTaxRate(rate.ratePpm);
  return rate.name.includes(percent) ? rate.name : `${rate.name} (${percent})`;
}

/** What taxes a product that has no rate of its own, in words: its category's default, else nothing. */
export function categoryDefaultWording(category: Category | undefined, rates: TaxRate[]): string {
  const rate = category?.taxRateId
    ? rates.find((candidate) => candidate.id === category.taxRateId)
    : undefined;
  if (category && rate) {
    return `Category default: ${taxRateLabel(rate)}, from ${category.name}`;
  }
  return category
    ? `No tax: ${category.name} has no default rate`
    : 'No tax: no category to take a rate from';
}

/** The rates to offer: those in use, and the archived one a product or category already has. */
export function choosableRates(rates: TaxRate[], current: string | null | undefined): TaxRate[] {
  return rates.filter((rate) => !rate.archivedAt || rate.id === current);
}
