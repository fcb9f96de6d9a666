import { randomUUID } from 'node:crypto';
import { lineTotalMinor, MAX_STOCK, returnedLineFigures, saleTotals, settleTenders, type TenderMethod } from '@myb/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { hashPassword } from '../modules/auth/password';
import { createUsersRepository } from '../modules/auth/users.repository';
import { createCatalogueRepository } from '../modules/catalogue/catalogue.repository';
import type { ShopCaller } from '../modules/access/access';
import { createTaxRatesRepository } from '../modules/catalogue/tax-rates.repository';
import { createMerchantsRepository, type MerchantRow } from '../modules/merchants/merchants.repository';
import { createRegistersRepository } from '../modules/register/registers.repository';
import { createRegistersService } from '../modules/register/registers.service';
import { createSalesRepository } from '../modules/register/sales.repository';
import { createSalesService } from '../modules/register/sales.service';
import { counterHistory } from './sales-history';
import { createCustomersRepository } from '../modules/customers/customers.repository';
import { createCustomersService } from '../modules/customers/customers.service';
import { createAuditRepository } from '../modules/audit/audit.repository';
import { createRegisterPinsRepository } from '../modules/register/register-pins.repository';
import { createCountsRepository } from '../modules/stock/counts.repository';
import { createSuppliersRepository } from '../modules/suppliers/suppliers.repository';
import { createEventsRepository } from '../modules/events/events.repository';
import { createEventsService } from '../modules/events/events.service';
import { createAcknowledgementsRepository } from '../modules/purchasing/acknowledgements.repository';
import { createAcknowledgementsService } from '../modules/purchasing/acknowledgements.service';
import { createPurchasingRepository } from '../modules/purchasing/purchasing.repository';
import { createPurchasingService } from '../modules/purchasing/purchasing.service';
import { createReorderRepository } from '../modules/reorder/reorder.repository';
import { greenGrocerStaff, type DemoStaff } from './staff-hours';
import { createPurchaseHistoryRepository } from './purchase-history.repository';

export interface DemoAccount {
  role: string;
  email: string;
  password: string;
}

interface DemoShop {
  slug: string;
  name: string;
  description: string;
  owner: { email: string; name: string; password: string };
  categories: Record<string, string>;
  /** Tax rates by a key of their own; `categoryTaxRates` gives a category's default by that key. */
  taxRates?: Record<string, { name: string; ratePpm: number }>;
  categoryTaxRates?: Record<string, string>;
  /** `ordersNeedAcknowledgement`: each dispatched order's message to it asks it to acknowledge the order. */
  suppliers: { slug: string; name: string; emails: string[]; ordersNeedAcknowledgement?: boolean }[];
  /**
   * Most have a barcode (valid EAN-13s) for a register to scan; one in each shop is found by its SKU only.
   * Each supplier with its terms, the preferred one first.
   */
  products: { sku: string; barcode?: string; name: string; priceMinor: number; stock: number; category: string; suppliers: DemoTerms[] }[];
  /** Managers and cashiers, who clock in with their register PIN; their hours (`staffStory`). */
  staff?: DemoStaff[];
  staffStory?: (trx: Kysely<Database>, shop: { slug: string; ownerId: string; staff: DemoStaff[] }) => Promise<void>;
  /** What happened to the shop's stock before the newcomer arrived. */
  stockStory?: (trx: Kysely<Database>, shop: DemoShopIds) => Promise<void>;
  /** What the shop's registers did today, once the rest is in place. */
  counterStory?: (db: Kysely<Database>, slug: string, ownerId: string, productIds: Map<string, string>) => Promise<void>;
  /** What the shop ordered from its suppliers, after the counter's day. */
  purchaseStory?: (
    db: Kysely<Database>,
    slug: string,
    ownerId: string,
    ids: { products: Map<string, string>; suppliers: Map<string, string> },
    publicUrl: string,
  ) => Promise<void>;
}

/** A supplier's terms for a demo product: its SKU, cost, pack, minimum order and lead time in days. */
interface DemoTerms {
  supplier: string;
  supplierSku: string;
  costMinor: number;
  packSize: number;
  minOrderQuantity: number;
  leadTimeDays: number;
}
const terms = (supplier: string, supplierSku: string, costMinor: number, packSize: number, minOrderQuantity: number, leadTimeDays: number): DemoTerms => ({
  supplier,
  supplierSku,
  costMinor,
  packSize,
  minOrderQuantity,
  leadTimeDays,
});

interface DemoShopIds {
  merchantId: string;
  ownerId: string;
  /** By SKU, and by slug. */
  productIds: Map<string, string>;
  categoryIds: Map<string, string>;
}

/**
 * Green Grocer's stock has a past, so the Stock section has something to show: a delivery received,
 * bruised pears written off, a count of the fruit applied (two kilos of apples fewer than the ledger
 * said), and a count of the vegetables still under way with the carrots counted.
 */
async function greenGrocerStock(trx: Kysely<Database>, { merchantId, ownerId, productIds, categoryIds }: DemoShopIds) {
  const catalogue = createCatalogueRepository(trx);
  const counts = createCountsRepository(trx);
  const id = (sku: string) => productIds.get(sku)!;
  const adjust = (sku: string, change: number, reason: string, note: string | null) =>
    catalogue.adjustStock(merchantId, id(sku), change, MAX_STOCK, { actorId: ownerId, reason, note, key: null });
  await adjust('V-POT', 20, 'received', 'Saturday delivery, no order');
  await adjust('F-PEA', -4, 'damaged', 'bruised in the crate');

  const fruit = (await counts.start(merchantId, ownerId, 'Count of Fruit', { categoryId: categoryIds.get('fruit')! }, `${merchantId}:demo-fruit`))!;
  for (const [sku, counted] of [['F-APL', 98], ['F-PEA', 46]] as const) {
    await counts.enter(fruit, id(sku), { mode: 'set', quantity: counted, counted, actorId: ownerId, key: `${fruit}:demo-${sku}` });
  }
  await counts.close(merchantId, fruit, 'applied', ownerId);
  await counts.post(merchantId, fruit, ownerId, 'Count of Fruit');

  const vegetables = (await counts.start(
    merchantId,
    ownerId,
    'Count of Vegetables',
    { categoryId: categoryIds.get('vegetables')! },
    `${merchantId}:demo-vegetables`,
  ))!;
  await counts.enter(vegetables, id('V-CAR'), { mode: 'set', quantity: 79, counted: 79, actorId: ownerId, key: `${vegetables}:demo-V-CAR` });
}

interface DemoSale {
  lines: { sku: string; quantity: number; discountMinor?: number }[];
  /** The payments but the last; the last method pays the rest (cash rounded up to a note, for change). */
  tenders: { method: TenderMethod; amountMinor: number; reference?: string }[];
  rest: TenderMethod;
  /** The shop's customer it is sold to. */
  customerId?: string;
}

/**
 * Green Grocer's counter, made through the register's own services after the rest is seeded, so its
 * figures are what shifts record: the market stall's shift closed 0.20 short, and the counter open
 * with its float, sales paid in cash, by card and both, and cash banked at noon.
 */
async function greenGrocerCounter(db: Kysely<Database>, slug: string, ownerId: string, skus: Map<string, string>) {
  const shop = (await createMerchantsRepository(db).findBySlug(slug))!;
  const caller: ShopCaller = { shop, actor: { userId: ownerId, roles: ['merchant'] }, role: 'owner' };
  const registersRepository = createRegistersRepository(db);
  const salesRepository = createSalesRepository(db);
  const mailer = { send: async () => undefined, close: () => undefined };
  const registers = createRegistersService(db, { registers: registersRepository, mailer });
  const customersRepository = createCustomersRepository(db);
  const sales = createSalesService(db, {
    sales: salesRepository,
    registers: registersRepository,
    mailer,
    pins: createRegisterPinsRepository(db),
    customers: customersRepository,
  });
  const customers = createCustomersService(db, { customers: customersRepository, users: createUsersRepository(db), audit: createAuditRepository(db) });
  const sell = async (registerId: string, shiftId: string, sale: DemoSale) => {
    const lines = sale.lines.map((line) => ({ productId: skus.get(line.sku)!, quantity: line.quantity, discountMinor: line.discountMinor ?? 0 }));
    const products = new Map((await salesRepository.lockProducts(shop.id, lines.map((line) => line.productId))).map((row) => [row.id, row]));
    const { totalMinor } = saleTotals(
      lines.map((line) => {
        const product = products.get(line.productId)!;
        return {
          ...line,
          unitPriceMinor: product.price_minor,
          taxRate: product.tax_rate_id ? { id: product.tax_rate_id, name: product.tax_rate_name!, ratePpm: product.tax_rate_ppm! } : null,
        };
      }),
      0,
      { pricesIncludeTax: shop.prices_include_tax, taxRounding: shop.tax_rounding },
    );
    const due = totalMinor - settleTenders(totalMinor, sale.tenders).paidMinor;
    const rest = sale.rest === 'cash' ? Math.ceil(due / 500) * 500 : due;
    return sales.create(caller, registerId, {
      id: randomUUID(),
      shiftId,
      lines,
      cartDiscountMinor: 0,
      tenders: [...sale.tenders, { method: sale.rest, amountMinor: rest }],
      totalMinor,
      customerId: sale.customerId,
    });
  };

  const stall = await registers.create(caller, { name: 'Market stall', receiptPrefix: 'M1' });
  const market = await registers.openShift(caller, stall.id, { openingFloatMinor: 5_000, idempotencyKey: randomUUID() });
  const apples = await sell(stall.id, market.id, { lines: [{ sku: 'F-APL', quantity: 3 }], tenders: [], rest: 'cash' });
  await sell(stall.id, market.id, { lines: [{ sku: 'V-POT', quantity: 1 }, { sku: 'V-CAR', quantity: 2 }], tenders: [], rest: 'card' });
  const expected = (await registers.shift(caller, market.id)).expectedCashMinor!;
  await registers.close(caller, market.id, { countedCashMinor: expected - 20, note: 'A 20-cent coin short' });

  const counter = await registers.create(caller, { name: 'Counter', receiptPrefix: 'R1' });
  await counterHistory(db, shop, {
    registerId: counter.id,
    cashierId: ownerId,
    products: (await salesRepository.lockProducts(shop.id, [...skus.values()])).filter((product) => !product.archived_at),
  });
  const today = await registers.openShift(caller, counter.id, { openingFloatMinor: 15_000, idempotencyKey: randomUUID() });
  await sell(counter.id, today.id, { lines: [{ sku: 'F-APL', quantity: 2 }, { sku: 'V-CAR', quantity: 1 }], tenders: [], rest: 'cash' });
  await sell(counter.id, today.id, { lines: [{ sku: 'V-POT', quantity: 1 }, { sku: 'F-PEA', quantity: 1 }], tenders: [], rest: 'card' });
  await sell(counter.id, today.id, {
    lines: [{ sku: 'V-CAR', quantity: 3, discountMinor: 54 }],
    tenders: [{ method: 'cash', amountMinor: 200 }],
    rest: 'card',
  });
  await registers.moveCash(caller, today.id, { amountMinor: -5_000, reason: 'Banked at noon', idempotencyKey: randomUUID() });
  // Two regulars: Dora was given credit for soft pears and spent it on today's basket; Eli pays by card.
  const dora = await customers.create(caller, { id: randomUUID(), name: 'Dora Diaz', email: 'dora@example.com', phone: '+33 6 12 34 56 78' });
  await customers.adjustCredit(caller, dora.id, { id: randomUUID(), amountMinor: 800, reason: 'Soft pears last week' });
  await sell(counter.id, today.id, {
    lines: [{ sku: 'F-PEA', quantity: 2 }, { sku: 'V-POT', quantity: 1 }],
    tenders: [{ method: 'store_credit', amountMinor: 500 }],
    rest: 'card',
    customerId: dora.id,
  });
  await customers.recordConsent(caller, dora.id, { id: randomUUID(), given: true, channel: 'register', note: 'Weekly offers by e-mail' });
  // Eli came twice (a repeat customer); Hana left her number and has bought nothing yet.
  const eli = await customers.create(caller, { id: randomUUID(), name: 'Eli Park', phone: '+33 6 98 76 54 32', note: 'A crate of apples on Fridays' });
  await sell(counter.id, today.id, { lines: [{ sku: 'F-APL', quantity: 5 }], tenders: [], rest: 'card', customerId: eli.id });
  await sell(counter.id, today.id, { lines: [{ sku: 'V-CAR', quantity: 4 }, { sku: 'F-PEA', quantity: 2 }], tenders: [], rest: 'cash', customerId: eli.id });
  await customers.create(caller, { id: randomUUID(), name: 'Hana Novak', email: 'hana@example.com', note: 'Asked for organic pears' });
  // One of the market's apples came back bruised: refunded in cash, not put back on the shelf.
  const refund = -lineTotalMinor(returnedLineFigures(apples.lines[0]!, 0, 1, apples.pricesIncludeTax), apples.pricesIncludeTax);
  await sales.createReturn(caller, counter.id, {
    id: randomUUID(),
    shiftId: today.id,
    saleId: apples.id,
    lines: [{ position: 1, quantity: 1, restock: false }],
    reason: 'Bruised',
    refunds: [{ method: 'cash', amountMinor: refund }],
    totalMinor: refund,
  });
}

/** `days` after today, as the shop's calendar writes a day (UTC, like the server's dates). */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Green Grocer's purchase orders of the last three weeks, as they went, for the supplier reports: Orchard
 * Direct's fruit acknowledged within hours and delivered in two or three days, once a day late; Fresh
 * Farms' vegetables acknowledged the next morning, once closed short of six sacks of potatoes.
 */
async function greenGrocerPurchaseHistory(
  db: Kysely<Database>,
  shop: MerchantRow,
  ownerId: string,
  ids: { products: Map<string, string>; suppliers: Map<string, string> },
) {
  const history = createPurchaseHistoryRepository(db);
  const at = (daysAgo: number, time: string) => `${dayFromToday(-daysAgo)} ${time}`;
  const line = (sku: string, quantity: number, unitCostMinor: number) => ({ productId: ids.products.get(sku)!, quantity, unitCostMinor });
  const orchard = ids.suppliers.get('orchard-direct')!;
  const farms = ids.suppliers.get('fresh-farms')!;
  for (const [daysAgo, acknowledged, late] of [
    [21, '10:00', false],
    [14, '09:15', true],
    [7, '12:30', false],
  ] as const) {
    await history.write(shop, ownerId, {
      supplierId: orchard,
      sentAt: at(daysAgo, '08:30'),
      expectedOn: dayFromToday(-daysAgo + 2),
      lines: [line('F-APL', 40, 190), line('F-PEA', 20, 230)],
      acknowledgedAt: at(daysAgo, acknowledged),
      receipts: [{ at: at(daysAgo - (late ? 3 : 2), '07:45'), quantities: [40, 20] }],
    });
  }
  await history.write(shop, ownerId, {
    supplierId: farms,
    sentAt: at(18, '16:00'),
    expectedOn: dayFromToday(-15),
    lines: [line('V-CAR', 50, 90), line('V-POT', 16, 380)],
    acknowledgedAt: at(17, '09:00'),
    receipts: [{ at: at(15, '08:00'), quantities: [50, 10] }],
    closedAt: at(14, '18:00'),
  });
  await history.write(shop, ownerId, {
    supplierId: farms,
    sentAt: at(9, '16:00'),
    expectedOn: dayFromToday(-6),
    lines: [line('V-CAR', 25, 90), line('V-POT', 8, 380)],
    acknowledgedAt: at(8, '11:00'),
    receipts: [{ at: at(6, '08:30'), quantities: [25, 8] }],
  });
}

/**
 * Green Grocer's purchase orders, through the purchasing service as the back office makes them: fruit
 * from Orchard Direct sent and received in part (the apples all, half the pears: a receipt note, and
 * the average costs), vegetables from Fresh Farms sent and awaited, and a draft of apples still
 * being written. Sending queues `purchase_order.sent`; the event relay publishes it once the server runs.
 * Those of the last weeks come first (`greenGrocerPurchaseHistory`), so their numbers come first too.
 */
async function greenGrocerPurchases(
  db: Kysely<Database>,
  slug: string,
  ownerId: string,
  ids: { products: Map<string, string>; suppliers: Map<string, string> },
  publicUrl: string,
) {
  const shop = (await createMerchantsRepository(db).findBySlug(slug))!;
  await greenGrocerPurchaseHistory(db, shop, ownerId, ids);
  const caller: ShopCaller = { shop, actor: { userId: ownerId, roles: ['merchant'] }, role: 'owner' };
  // Written unleased: the relay takes them when the server starts.
  const events = createEventsService(createEventsRepository(db), { committed: () => undefined, leaseMs: undefined });
  const purchasingRepository = createPurchasingRepository(db);
  const acknowledgements = createAcknowledgementsRepository(db);
  const purchasing = createPurchasingService(
    db,
    { purchasing: purchasingRepository, acknowledgements },
    {
      events,
      acknowledgeLinks: createAcknowledgementsService(db, { acknowledgements, purchasing: purchasingRepository }, { publicUrl }),
    },
  );
  const line = (sku: string, quantity: number, costMinor: number, supplierSku: string) => ({
    productId: ids.products.get(sku)!,
    quantity,
    costMinor,
    supplierSku,
  });

  const fruit = await purchasing.create(caller, {
    id: randomUUID(),
    supplierId: ids.suppliers.get('orchard-direct')!,
    lines: [line('F-APL', 40, 190, 'OD-APL-KG'), line('F-PEA', 20, 230, 'OD-PEA-KG')],
    expectedOn: dayFromToday(0),
    note: 'Crates back with the driver, please.',
  });
  await purchasing.send(caller, fruit.id);
  await purchasing.receive(caller, fruit.id, {
    id: randomUUID(),
    lines: [
      { productId: ids.products.get('F-APL')!, quantity: 40 },
      { productId: ids.products.get('F-PEA')!, quantity: 10 },
    ],
    note: 'One crate of pears short: the rest on the next round.',
    allowOverReceipt: false,
  });

  const vegetables = await purchasing.create(caller, {
    id: randomUUID(),
    supplierId: ids.suppliers.get('fresh-farms')!,
    lines: [line('V-CAR', 50, 90, 'FF-CAR-25'), line('V-POT', 16, 380, 'FF-POT-5')],
    expectedOn: dayFromToday(3),
  });
  await purchasing.send(caller, vegetables.id);

  await purchasing.create(caller, {
    id: randomUUID(),
    supplierId: ids.suppliers.get('orchard-direct')!,
    lines: [line('F-APL', 20, 190, 'OD-APL-KG')],
    note: 'For the Friday crates.',
  });

  // Reorder rules: the pears, under their minimum even with the crate still to come, are reordered by
  // the rules as the server starts (its sweep); the potatoes are low, but Fresh Farms' delivery covers
  // them; the carrots are well stocked.
  const rules = createReorderRepository(db);
  for (const [sku, minimum, maximum] of [
    ['F-PEA', 80, 120],
    ['V-POT', 50, 70],
    ['V-CAR', 20, 100],
  ] as const) {
    await rules.setRule({ merchantId: shop.id, productId: ids.products.get(sku)!, minimum, maximum, updatedBy: ownerId });
  }
}

const ADMIN = { email: 'admin@meetyourbusiness.local', name: 'Ada Admin', password: 'admin-demo-1' };
const CUSTOMER = { email: 'carol@example.com', name: 'Carol Customer', password: 'carol-demo-1' };

const SHOPS: DemoShop[] = [
  {
    slug: 'acme',
    name: 'Acme Hardware',
    description: 'Bolts, nuts and the tools to turn them.',
    owner: { email: 'alice@acme.example', name: 'Alice Acme', password: 'alice-demo-1' },
    categories: { fasteners: 'Fasteners', tools: 'Tools' },
    suppliers: [
      { slug: 'bolt-co', name: 'Bolt Co', emails: ['orders@boltco.example'] },
      { slug: 'toolworks', name: 'ToolWorks', emails: ['sales@toolworks.example', 'warehouse@toolworks.example'] },
    ],
    products: [
      { sku: 'B-10', barcode: '3760123450010', name: 'Bolts 10mm (box of 50)', priceMinor: 1250, stock: 40, category: 'fasteners', suppliers: [terms('bolt-co', 'BC-M10-50', 690, 10, 20, 3)] },
      { sku: 'N-10', barcode: '3760123450027', name: 'Nuts M10 (box of 50)', priceMinor: 890, stock: 60, category: 'fasteners', suppliers: [terms('bolt-co', 'BC-N10-50', 480, 10, 20, 3)] },
      { sku: 'T-HAM', barcode: '3760123450034', name: 'Claw hammer', priceMinor: 1990, stock: 12, category: 'tools', suppliers: [terms('toolworks', 'TW-4471', 1150, 6, 6, 5)] },
      {
        sku: 'T-SCR',
        name: 'Screwdriver set',
        priceMinor: 2450,
        stock: 8,
        category: 'tools',
        suppliers: [terms('toolworks', 'TW-SD12', 1420, 4, 4, 5), terms('bolt-co', 'BC-SD-SET', 1510, 1, 2, 2)],
      },
    ],
  },
  {
    slug: 'green-grocer',
    name: 'Green Grocer',
    description: 'Fruit and vegetables, fresh every morning.',
    owner: { email: 'bob@greengrocer.example', name: 'Bob Green', password: 'bob-demo-1' },
    categories: { fruit: 'Fruit', vegetables: 'Vegetables' },
    taxRates: { standard: { name: 'Standard 20 %', ratePpm: 200_000 }, reduced: { name: 'Reduced 5.5 %', ratePpm: 55_000 } },
    categoryTaxRates: { fruit: 'reduced', vegetables: 'reduced' },
    suppliers: [
      { slug: 'fresh-farms', name: 'Fresh Farms', emails: ['orders@freshfarms.example'], ordersNeedAcknowledgement: true },
      {
        slug: 'orchard-direct',
        name: 'Orchard Direct',
        emails: ['hello@orcharddirect.example'],
        ordersNeedAcknowledgement: true,
      },
    ],
    staff: [
      { email: 'mia@greengrocer.example', name: 'Mia Moreau', password: 'mia-demo-1', role: 'manager', pin: '2580' },
      { email: 'sam@greengrocer.example', name: 'Sam Silva', password: 'sam-demo-1', role: 'cashier', pin: '1234' },
    ],
    staffStory: greenGrocerStaff,
    stockStory: greenGrocerStock,
    counterStory: greenGrocerCounter,
    purchaseStory: greenGrocerPurchases,
    products: [
      // Fruit comes in 10 kg crates, carrots in 25 kg sacks.
      { sku: 'F-APL', barcode: '3760987650014', name: 'Apples (1 kg)', priceMinor: 320, stock: 100, category: 'fruit', suppliers: [terms('orchard-direct', 'OD-APL-KG', 190, 10, 20, 2)] },
      { sku: 'F-PEA', barcode: '3760987650021', name: 'Pears (1 kg)', priceMinor: 380, stock: 50, category: 'fruit', suppliers: [terms('orchard-direct', 'OD-PEA-KG', 230, 10, 10, 2)] },
      { sku: 'V-CAR', barcode: '3760987650038', name: 'Carrots (1 kg)', priceMinor: 180, stock: 80, category: 'vegetables', suppliers: [terms('fresh-farms', 'FF-CAR-25', 90, 25, 25, 2)] },
      { sku: 'V-POT', name: 'Potatoes (5 kg)', priceMinor: 650, stock: 30, category: 'vegetables', suppliers: [terms('fresh-farms', 'FF-POT-5', 380, 8, 8, 3)] },
    ],
  },
];

/**
 * Fills an empty database with an admin, two merchants with their shops, catalogues (barcodes, and
 * Green Grocer's tax rates; Acme's owner has yet to set up its taxes), suppliers with their terms for each product (Green Grocer's asked to acknowledge each dispatched order), Green Grocer's purchase orders and reorder rules, and a customer, so a newcomer has something to click through. Does nothing if any user exists.
 */
/** `publicUrl`: where people reach the app, for the links the demo's purchase orders e-mail. */
export async function seedDemoData(db: Kysely<Database>, publicUrl = 'http://localhost:3000'): Promise<DemoAccount[] | null> {
  if (await createUsersRepository(db).any()) {
    return null;
  }
  const counters: (() => Promise<void>)[] = [];
  await db.transaction().execute(async (trx) => {
    const users = createUsersRepository(trx);
    const merchants = createMerchantsRepository(trx);
    const catalogue = createCatalogueRepository(trx);
    const suppliers = createSuppliersRepository(trx);
    const taxRates = createTaxRatesRepository(trx);
    await users.insert({ ...ADMIN, passwordHash: await hashPassword(ADMIN.password), isAdmin: true });
    await users.insert({ ...CUSTOMER, passwordHash: await hashPassword(CUSTOMER.password) });
    for (const shop of SHOPS) {
      const owner = await users.insert({ ...shop.owner, passwordHash: await hashPassword(shop.owner.password), isMerchant: true });
      const merchant = await merchants.insert({ ...shop, currency: 'EUR', ownerId: owner.id });
      const categoryIds = new Map<string, string>();
      for (const [slug, name] of Object.entries(shop.categories)) {
        categoryIds.set(slug, (await catalogue.insertCategory(merchant.id, slug, name)).id);
      }
      const taxRateIds = new Map<string, string>();
      for (const [key, rate] of Object.entries(shop.taxRates ?? {})) {
        taxRateIds.set(key, (await taxRates.insert(merchant.id, rate.name, rate.ratePpm)).id);
      }
      for (const [slug, key] of Object.entries(shop.categoryTaxRates ?? {})) {
        await catalogue.updateCategory(merchant.id, categoryIds.get(slug)!, { taxRateId: taxRateIds.get(key)! });
      }
      const supplierIds = new Map<string, string>();
      for (const { ordersNeedAcknowledgement, ...supplier } of shop.suppliers) {
        const { id } = await suppliers.insert(merchant.id, supplier);
        if (ordersNeedAcknowledgement) {
          await suppliers.update(merchant.id, id, { orders_need_acknowledgement: true });
        }
        supplierIds.set(supplier.slug, id);
      }
      const productIds = new Map<string, string>();
      for (const product of shop.products) {
        const row = await catalogue.insertProduct(merchant.id, {
          ...product,
          description: '',
          categoryId: categoryIds.get(product.category) ?? null,
          barcode: product.barcode ?? null,
          taxRateId: null,
        }, null);
        for (const [index, { supplier, ...productTerms }] of product.suppliers.entries()) {
          await catalogue.setSupplierTerms(row.id, supplierIds.get(supplier)!, { ...productTerms, preferred: index === 0 });
        }
        productIds.set(product.sku, row.id);
      }
      if (shop.staffStory) {
        await shop.staffStory(trx, { slug: shop.slug, ownerId: owner.id, staff: shop.staff ?? [] });
      }
      if (shop.stockStory) {
        await shop.stockStory(trx, { merchantId: merchant.id, ownerId: owner.id, productIds, categoryIds });
      }
      const { counterStory, purchaseStory } = shop;
      if (counterStory) {
        counters.push(() => counterStory(db, shop.slug, owner.id, productIds));
      }
      if (purchaseStory) {
        counters.push(() => purchaseStory(db, shop.slug, owner.id, { products: productIds, suppliers: supplierIds }, publicUrl));
      }
    }
  });
  // Through the register's and purchasing's services, each of which runs its own transactions.
  for (const counter of counters) {
    await counter();
  }
  return [
    { role: 'admin', email: ADMIN.email, password: ADMIN.password },
    ...SHOPS.flatMap((shop) => [
      { role: `merchant (${shop.name})`, email: shop.owner.email, password: shop.owner.password },
      ...(shop.staff ?? []).map((person) => ({
        role: `${person.role} (${shop.name}, register PIN ${person.pin})`,
        email: person.email,
        password: person.password,
      })),
    ]),
    { role: 'customer', email: CUSTOMER.email, password: CUSTOMER.password },
  ];
}
