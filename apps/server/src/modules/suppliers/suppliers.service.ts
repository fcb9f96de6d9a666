import {
  API_PREFIX,
  createSupplierSchema,
  type AgentRecipients,
  type CreateSupplier,
  type Supplier,
  type UpdateSupplier,
} from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { bearerToken } from '../../http/bearer-token';
import { conflict, notFound, unauthorized } from '../../http/errors';
import { slugOrFromName } from '../../http/slug';
import { hashToken, newToken } from '../auth/tokens';
import type { ShopCaller } from '../access/access';
import type { CatalogueRepository } from '../catalogue/catalogue.repository';
import type { EventsService } from '../events/events.service';
import { toSupplier, type SuppliersRepository } from './suppliers.repository';

/** Lowercased and without repeats: one e-mail per address, however the merchant typed it. */
const normaliseEmails = (emails: string[]) => [...new Set(emails.map((email) => email.trim().toLowerCase()))];

export function createSuppliersService(
  db: Kysely<Database>,
  { suppliers, catalogue }: { suppliers: SuppliersRepository; catalogue: CatalogueRepository },
  events: Pick<EventsService, 'supplierHasEvents'>,
) {
  return {
    async list({ shop: merchant }: ShopCaller): Promise<Supplier[]> {
      return (await suppliers.list(merchant.id)).map((row) => toSupplier(row, merchant.slug));
    },

    async create({ shop: merchant }: ShopCaller, input: CreateSupplier): Promise<Supplier> {
      const fields = createSupplierSchema.parse(input);
      const slug = slugOrFromName(fields.slug, fields.name);
      if (await suppliers.findBySlug(merchant.id, slug)) {
        throw conflict(`this shop already has a supplier "${slug}"`, [{ path: 'body.slug', message: 'taken' }]);
      }
      const row = await suppliers.insert(merchant.id, { slug, name: fields.name, emails: normaliseEmails(fields.emails) });
      return toSupplier(row, merchant.slug);
    },

    /** The slug is not editable: it is the supplier's routing key, which its devices subscribe to. */
    async update({ shop: merchant }: ShopCaller, id: string, input: UpdateSupplier): Promise<Supplier> {
      const row = await suppliers.update(merchant.id, id, {
        name: input.name,
        emails: input.emails && normaliseEmails(input.emails),
        send_automatically: input.sendAutomatically,
        acknowledge_within_hours: input.acknowledgeWithinHours,
        orders_need_acknowledgement: input.ordersNeedAcknowledgement,
      });
      if (!row) {
        throw notFound('supplier');
      }
      return toSupplier(row, merchant.slug);
    },

    /** A new agent token replaces the previous one, which stops working at once. */
    async issueAgentToken({ shop: merchant }: ShopCaller, id: string, origin: string) {
      const token = newToken('myb_agent_');
      if (!(await suppliers.setAgentTokenHash(merchant.id, id, hashToken(token)))) {
        throw notFound('supplier');
      }
      return { token, recipientsUrl: `${origin}${API_PREFIX}/agent/recipients` };
    },

    /** What a supplier's agent reads to know whom to e-mail, authenticated by its agent token. */
    async recipientsForAgent(authorization: string | undefined): Promise<AgentRecipients> {
      const token = bearerToken(authorization);
      const supplier = token ? await suppliers.findByAgentTokenHash(hashToken(token)) : undefined;
      if (!supplier) {
        throw unauthorized('present the supplier agent token as "Authorization: Bearer <token>"');
      }
      return { merchant: supplier.merchant_slug, supplier: supplier.slug, emails: supplier.emails };
    },

    /**
     * No longer offered for products, kept wherever it was used; products that already have it
     * keep it, so their dispatches still reach it. Restoring puts it back among the choices.
     */
    async setArchived({ shop: merchant, actor }: ShopCaller, id: string, archived: boolean): Promise<Supplier> {
      const row = await suppliers.setArchived(merchant.id, id, archived ? actor.userId : null);
      if (!row) {
        throw notFound('supplier');
      }
      return toSupplier(row, merchant.slug);
    },

    /**
     * Only a supplier never sent an order: one that was is archived instead, and its history kept. Its
     * ties to products go with it; a product it was the preferred supplier of prefers the next one.
     */
    async remove({ shop: merchant }: ShopCaller, id: string): Promise<void> {
      // Found inside the caller's shop first: what another shop's supplier was sent is not told.
      if (!(await suppliers.find(merchant.id, id))) {
        throw notFound('supplier');
      }
      if (await events.supplierHasEvents(id)) {
        throw conflict('This supplier has been sent orders: archive it instead, so its history is kept.');
      }
      await db.transaction().execute(async (trx) => {
        await catalogue.within(trx).lockProductsSuppliedBy(id);
        if (!(await suppliers.within(trx).delete(merchant.id, id))) {
          throw notFound('supplier');
        }
        await catalogue.within(trx).preferFirstWhereNone(merchant.id);
      });
    },
  };
}
export type SuppliersService = ReturnType<typeof createSuppliersService>;
