import { CUSTOMER_SEGMENT_LABELS, minorToDecimal, routes, type CustomerWithFigures } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, shopTime, type CsvColumn } from '../../http/csv';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { CustomersService } from './customers.service';

/** An amount as a number in the shop's currency (1250 EUR → 12.5), which a spreadsheet sums. */
const decimal = (minor: number | null, currency: string) =>
  minor === null ? null : Number(minorToDecimal(minor, currency));

/** The customer list's export: the list's columns, money in the shop's currency, days the shop's. */
const customerColumns = (currency: string): CsvColumn<CustomerWithFigures>[] => [
  { header: 'name', cell: (row) => row.name },
  { header: 'email', cell: (row) => row.email },
  { header: 'phone', cell: (row) => row.phone },
  { header: 'segment', cell: (row) => CUSTOMER_SEGMENT_LABELS[row.figures.segment] },
  { header: 'first_purchase', cell: (row) => row.figures.firstPurchaseOn },
  { header: 'last_purchase', cell: (row) => row.figures.lastPurchaseOn },
  { header: 'visits', cell: (row) => row.figures.visits },
  { header: 'net_spend', cell: (row) => decimal(row.figures.netSpendMinor, currency) },
  { header: 'average_ticket', cell: (row) => decimal(row.figures.averageTicketMinor, currency) },
  { header: 'lifetime_value', cell: (row) => decimal(row.figures.lifetimeValueMinor, currency) },
  { header: 'store_credit', cell: (row) => decimal(row.storeCreditMinor, currency) },
  { header: 'online_account', cell: (row) => (row.hasAccount ? 'yes' : 'no') },
  { header: 'note', cell: (row) => row.note },
  { header: 'customer_id', cell: (row) => row.id },
];

export const customerRoutes: FastifyPluginAsyncZod<{ customers: CustomersService }> = async (
  app,
  { customers },
) => {
  route(app, routes.customers.customers, {
    handler: async (request) => ({ customers: await customers.list(shopCallerOf(request), request.query) }),
  });

  route(app, routes.customers.customerFigures, {
    handler: (request) => customers.figuresPage(shopCallerOf(request), request.query),
  });

  route(app, routes.customers.exportCustomers, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const day = shopTime(new Date(), caller.shop.time_zone).slice(0, 10);
      sendCsv(
        reply,
        `${caller.shop.slug}-customers-${day}.csv`,
        customerColumns(caller.shop.currency),
        customers.exportPages(caller, request.query),
      );
      return reply;
    },
  });

  route(app, routes.customers.createCustomer, {
    handler: (request) => customers.create(shopCallerOf(request), request.body),
  });

  route(app, routes.customers.customer, {
    handler: (request) => customers.get(shopCallerOf(request), request.params.customerId),
  });

  route(app, routes.customers.updateCustomer, {
    handler: (request) => customers.update(shopCallerOf(request), request.params.customerId, request.body),
  });

  route(app, routes.customers.adjustStoreCredit, {
    handler: (request) =>
      customers.adjustCredit(shopCallerOf(request), request.params.customerId, request.body),
  });

  route(app, routes.customers.recordConsent, {
    handler: (request) =>
      customers.recordConsent(shopCallerOf(request), request.params.customerId, request.body),
  });

  route(app, routes.customers.mergeCustomer, {
    handler: (request) => customers.merge(shopCallerOf(request), request.params.customerId, request.body),
  });
};
