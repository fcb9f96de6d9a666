import { routes, type CreateTaxRate, type UpdateTaxRate } from '@myb/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMutationRefreshing } from './backOffice';
import { call } from './client';
import { keys } from './keys';

/** The shop's tax rates, archived ones included: the catalogue shows what each product is taxed at. */
export function useTaxRates(slug: string) {
  return useQuery({
    queryKey: keys.taxRates(slug),
    queryFn: async () => (await call(routes.taxRates.list, { params: { merchantSlug: slug } })).taxRates,
  });
}

/** A new rate (no id yet), or a change of one: its name, its rate, archived or not. */
export type TaxRateChange =
  { taxRateId: null; body: CreateTaxRate } | { taxRateId: string; body: UpdateTaxRate };

export function useSaveTaxRate(slug: string) {
  return useMutationRefreshing(
    (change: TaxRateChange) =>
      change.taxRateId === null
        ? call(routes.taxRates.create, { params: { merchantSlug: slug }, body: change.body })
        : call(routes.taxRates.update, {
            params: { merchantSlug: slug, taxRateId: change.taxRateId },
            body: change.body,
          }),
    [keys.taxRates(slug)],
  );
}
