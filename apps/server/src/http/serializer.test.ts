import { orderSchema, productListSchema, type Order } from '@myb/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createReplySerializer, responseJsonSchema } from './serializer';

const compile = (schema: z.ZodType, validate = false) =>
  createReplySerializer({ validate })({
    schema,
    method: 'GET',
    url: '/test',
    httpPart: 'body',
    httpStatus: '200',
  });

const order: Order = {
  id: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f',
  number: 'A-1042',
  status: 'open',
  merchant: { slug: 'acme', name: 'Acme' },
  customer: { id: '7a1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', name: 'Ann', email: 'ann@example.com' },
  currency: 'EUR',
  pricesIncludeTax: true,
  taxMinor: 208,
  totalMinor: 1250,
  taxes: [
    {
      taxRate: { id: '9c1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', name: 'Standard', ratePpm: 200000 },
      netMinor: 1042,
      taxMinor: 208,
      grossMinor: 1250,
    },
  ],
  createdAt: '2026-11-25T15:00:00.000Z',
  dispatchedAt: null,
  cancellation: null,
  items: [
    {
      productId: '8b1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f',
      sku: 'B-10',
      name: 'Bolts "10mm"',
      unitPriceMinor: 625,
      quantity: 2,
      amountMinor: 1250,
      taxRate: { id: '9c1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f', name: 'Standard', ratePpm: 200000 },
      taxMinor: 208,
      netMinor: 1042,
    },
  ],
  deliveries: [],
};

describe('reply serializer', () => {
  it('writes what zod would have written, property for property', () => {
    const write = compile(orderSchema);
    expect(write(order)).toBe(JSON.stringify(orderSchema.parse(order)));
    const {
      productId: _productId,
      unitPriceMinor: _price,
      quantity: _quantity,
      amountMinor: _amount,
      taxMinor: _tax,
      netMinor: _net,
      ...line
    } = order.items[0]!;
    const product = {
      ...line,
      id: order.id,
      description: '',
      priceMinor: 1,
      currency: 'EUR',
      stock: 3,
      categoryId: null,
    };
    const list = { products: [product, { ...product, categoryId: order.id }] };
    expect(compile(productListSchema)(list)).toBe(JSON.stringify(productListSchema.parse(list)));
  });

  it('leaves out what the schema does not name, as zod does', () => {
    const written = JSON.parse(
      compile(orderSchema)({ ...order, secret: 'x', customer: { ...order.customer, passwordHash: 'y' } }),
    );
    expect(written).toEqual(order);
  });

  it('writes a nullable field as a plain nullable type, not a union tried branch by branch', () => {
    const json = responseJsonSchema(z.object({ at: z.uuid().nullable() }));
    expect((json?.properties as Record<string, { type: unknown; anyOf?: unknown }>).at).toMatchObject({
      type: ['string', 'null'],
    });
  });

  it('refuses a reply that lacks a required property, and with validation one that strays from its schema', () => {
    const { createdAt: _missing, ...incomplete } = order;
    expect(() => compile(orderSchema)(incomplete)).toThrow(/createdAt/);
    expect(() => compile(orderSchema, true)({ ...order, status: 'lost' })).toThrow();
    expect(compile(orderSchema, false)({ ...order, status: 'lost' })).toContain('"lost"');
  });

  it("keeps zod's serializer for a schema JSON Schema cannot express", () => {
    expect(responseJsonSchema(z.object({ at: z.date() }))).toBeNull();
    expect(compile(z.object({ at: z.date() }))({ at: new Date(0), more: 1 })).toBe(
      '{"at":"1970-01-01T00:00:00.000Z"}',
    );
  });
});
