import type { ProductSupplier } from '@myb/contracts';

type OrderingTerms = Pick<ProductSupplier, 'packSize' | 'minOrderQuantity'>;

/**
 * What to order of a product at first: the supplier's minimum, rounded up to whole packs, so the
 * line is one the supplier takes as it is.
 */
export function suggestedQuantity({ packSize, minOrderQuantity }: OrderingTerms): number {
  const pack = Math.max(1, packSize);
  return Math.max(1, Math.ceil(minOrderQuantity / pack)) * pack;
}

/**
 * Said under a quantity the supplier would not take as it is: not whole packs, or under the minimum.
 * A warning, not a refusal: the shop may have agreed otherwise.
 */
export function orderingWarning(
  quantity: number,
  { packSize, minOrderQuantity }: OrderingTerms,
): string | null {
  if (quantity < minOrderQuantity) {
    return `Below the supplier's minimum of ${minOrderQuantity}.`;
  }
  if (packSize > 1 && quantity % packSize !== 0) {
    const packs = Math.floor(quantity / packSize);
    return `Not whole packs of ${packSize}: ${packs} ${packs === 1 ? 'pack' : 'packs'} and ${quantity % packSize} over.`;
  }
  return null;
}

/** How the pack and minimum read beside a line: "Packs of 10, at least 20". */
export function termsHint({ packSize, minOrderQuantity }: OrderingTerms): string | null {
  const parts = [
    packSize > 1 ? `Packs of ${packSize}` : null,
    minOrderQuantity > 1 ? `at least ${minOrderQuantity}` : null,
  ].filter((part) => part !== null);
  if (parts.length === 0) {
    return null;
  }
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
