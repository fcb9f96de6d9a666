import { routes, type AdjustStoreCredit, type CreateCustomer, type UpdateCustomer } from '@myb/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useMutationRefreshing } from './backOffice';
import { call, retryLostAnswers } from './client';
import { keys } from './keys';

/** How many customers the list shows: the newest, or the first matches of a search. */
export const CUSTOMERS_SHOWN = 50;

/**
 * The shop's newest customers, or the first `limit` whose name, e-mail address or phone number holds
 * `q` (typed, then debounced); nothing is asked while `enabled` is false.
 */
export function useCustomers(slug: string, q: string, { limit = CUSTOMERS_SHOWN, enabled = true } = {}) {
  return useQuery({
    enabled,
    queryKey: keys.customerSearch(slug, q, limit),
    queryFn: async () =>
      (
        await call(routes.customers.customers, {
          params: { merchantSlug: slug },
          query: { q, limit },
        })
      ).customers,
    // The matches of the last search stay shown while the next one loads.
    placeholderData: keepPreviousData,
  });
}

const customerQuery = (slug: string, customerId: string) => ({
  queryKey: keys.customer(slug, customerId),
  queryFn: () => call(routes.customers.customer, { params: { merchantSlug: slug, customerId } }),
});

/** A customer with the shop's currency, their purchases and their store credit entries, while `customerId` is set. */
export function useCustomer(slug: string, customerId: string | undefined) {
  return useQuery({ ...customerQuery(slug, customerId ?? ''), enabled: customerId !== undefined });
}

/** Reads a customer once, for an event handler (one added before its answer was lost). */
export function useFetchCustomer(slug: string) {
  const queryClient = useQueryClient();
  return async (customerId: string) => (await queryClient.fetchQuery(customerQuery(slug, customerId))).customer;
}

/**
 * A write with an id made here, once per form (the hook's life), given with the mutation: sent again
 * with the same id when its answer was lost, so it is recorded once; every customer list and page reads
 * again after it.
 */
function useSentWithId<Input, Result>(slug: string, send: (id: string, input: Input) => Promise<Result>) {
  const [id] = useState(() => uuidv4());
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (input: Input) => send(id, input),
    ...retryLostAnswers,
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.customers(slug) }),
  });
  return { ...mutation, id };
}

export function useCreateCustomer(slug: string) {
  return useSentWithId(slug, (id, body: Omit<CreateCustomer, 'id'>) =>
    call(routes.customers.createCustomer, { params: { merchantSlug: slug }, body: { id, ...body } }),
  );
}

/** Name, contact details or note; an empty e-mail address or phone number clears it. */
export function useUpdateCustomer(slug: string, customerId: string) {
  return useMutationRefreshing(
    (body: UpdateCustomer) =>
      call(routes.customers.updateCustomer, { params: { merchantSlug: slug, customerId }, body }),
    [keys.customers(slug)],
  );
}

/** Store credit given (a positive amount) or taken back (a negative one) by hand, with a reason. */
export function useAdjustStoreCredit(slug: string, customerId: string) {
  return useSentWithId(slug, (id, body: Omit<AdjustStoreCredit, 'id'>) =>
    call(routes.customers.adjustStoreCredit, {
      params: { merchantSlug: slug, customerId },
      body: { id, ...body },
    }),
  );
}
