import { routes, type CreateCustomer } from '@myb/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client';
import { keys } from '../../api/keys';
import { isWorthRetrying } from '../../api/register';

/** How many customers the register lists for what is typed: the few a cashier reads at a glance. */
const SEARCH_LIMIT = 8;

/**
 * The shop's customers whose name, e-mail address or phone number holds `q`; nothing is asked for empty
 * text. The last results stay on screen while the next are read.
 */
export function useCustomerSearch(slug: string, q: string) {
  return useQuery({
    enabled: q !== '',
    queryKey: keys.registerCustomerSearch(slug, q),
    queryFn: async () =>
      (
        await call(routes.customers.customers, {
          params: { merchantSlug: slug },
          query: { q, limit: SEARCH_LIMIT },
        })
      ).customers,
    placeholderData: keepPreviousData,
  });
}

/** A customer read by their id, with their purchases and store credit. */
const customerQuery = (slug: string, customerId: string) => ({
  queryKey: keys.registerCustomer(slug, customerId),
  queryFn: () => call(routes.customers.customer, { params: { merchantSlug: slug, customerId } }),
});

/** A customer as they are now (their store credit moves with each sale), while `customerId` is set. */
export function useRegisterCustomer(slug: string, customerId: string | undefined) {
  return useQuery({
    ...customerQuery(slug, customerId ?? ''),
    enabled: customerId !== undefined,
    select: (detail) => detail.customer,
  });
}

/** Reads a customer once, for an event handler (one added before its answer was lost). */
export function useFetchCustomer(slug: string) {
  const queryClient = useQueryClient();
  return async (customerId: string) =>
    (await queryClient.fetchQuery(customerQuery(slug, customerId))).customer;
}

/**
 * Adds a customer at the counter with the id made for them: sent again with it when the answer was lost,
 * and the server answers the first answer rather than adding them twice.
 */
export function useCreateCustomer(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCustomer) =>
      call(routes.customers.createCustomer, { params: { merchantSlug: slug }, body }),
    retry: (failureCount, error) => failureCount < 3 && isWorthRetrying(error),
    retryDelay: (attempt) => Math.min(1_000 * 2 ** attempt, 8_000),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.registerCustomers(slug) }),
  });
}
