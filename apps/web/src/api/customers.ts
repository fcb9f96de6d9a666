import {
  routes,
  type AdjustStoreCredit,
  type CreateCustomer,
  type CustomerSegment,
  type RecordConsent,
  type UpdateCustomer,
} from '@myb/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';
import { useMutationRefreshing } from './backOffice';
import { addressOf, call, retryLostAnswers } from './client';
import { keys } from './keys';
import { usePagedList } from './pages';

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

/** The customer list's search and segment, as its route and export take them. */
export interface CustomerFilter {
  q: string;
  segment: CustomerSegment | '';
}

const figureQuery = (filter: CustomerFilter) => ({
  ...(filter.q ? { q: filter.q } : {}),
  ...(filter.segment ? { segment: filter.segment } : {}),
});

/** The shop's customers with their figures, newest first, a page at a time, narrowed by `filter`. */
export function useCustomerFigures(slug: string, filter: CustomerFilter) {
  const query = figureQuery(filter);
  return usePagedList(
    [...keys.customers(slug), 'figures', query],
    async (page) =>
      (
        await call(routes.customers.customerFigures, {
          params: { merchantSlug: slug },
          query: { ...query, ...page },
        })
      ).customers,
  );
}

/** Where the browser downloads the same list as a CSV file. */
export function customersExportAddress(slug: string, filter: CustomerFilter): string {
  return addressOf(routes.customers.exportCustomers, {
    params: { merchantSlug: slug },
    query: figureQuery(filter),
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
  return async (customerId: string) =>
    (await queryClient.fetchQuery(customerQuery(slug, customerId))).customer;
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

/** Marketing consent given or withdrawn, and how: an entry of its own, sent again with its id if its answer was lost. */
export function useRecordConsent(slug: string, customerId: string) {
  return useSentWithId(slug, (id, body: Omit<RecordConsent, 'id'>) =>
    call(routes.customers.recordConsent, {
      params: { merchantSlug: slug, customerId },
      body: { id, ...body },
    }),
  );
}

/** Absorbs the duplicate record `duplicateId` into the customer's (sent again, it answers the same). */
export function useMergeCustomer(slug: string, customerId: string) {
  return useMutationRefreshing(
    (duplicateId: string) =>
      call(routes.customers.mergeCustomer, {
        params: { merchantSlug: slug, customerId },
        body: { duplicateId },
      }),
    [keys.customers(slug)],
  );
}
