import { IMPORT_BODY_LIMIT_BYTES, routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, shopTime } from '../../http/csv';
import { route } from '../../http/route-table';
import { sendJsonText } from '../../http/serializer';
import { shopCallerOf } from '../access/access';
import { exportColumns } from './catalogue-csv';
import type { CatalogueCsvService } from './catalogue-csv.service';
import type { CatalogueService } from './catalogue.service';

export const catalogueRoutes: FastifyPluginAsyncZod<{ catalogue: CatalogueService; catalogueCsv: CatalogueCsvService }> = async (
  app,
  { catalogue, catalogueCsv },
) => {
  route(app, routes.catalogue.categories, {
    handler: async (request) => ({ categories: await catalogue.listCategories(request.params.merchantSlug) }),
  });

  route(app, routes.catalogue.createCategory, {
    handler: (request) => catalogue.createCategory(shopCallerOf(request), request.body),
  });

  route(app, routes.catalogue.updateCategory, {
    handler: (request) => catalogue.updateCategory(shopCallerOf(request), request.params.categoryId, request.body),
  });

  route(app, routes.catalogue.deleteCategory, {
    handler: async (request) => {
      await catalogue.deleteCategory(shopCallerOf(request), request.params.categoryId);
      return null;
    },
  });

  route(app, routes.catalogue.products, {
    handler: async (request, reply) => {
      sendJsonText(reply, await catalogue.listProductsJson(request.params.merchantSlug, request.query));
      return reply;
    },
  });

  route(app, routes.catalogue.product, {
    handler: async (request, reply) => {
      sendJsonText(reply, await catalogue.getProductJson(request.params.merchantSlug, request.params.productId));
      return reply;
    },
  });

  route(app, routes.catalogue.productByCode, {
    handler: (request) => catalogue.findByCode(shopCallerOf(request), request.params.code),
  });

  route(app, routes.catalogue.managedProducts, {
    handler: async (request) => ({ products: await catalogue.listManaged(shopCallerOf(request), request.query) }),
  });

  route(app, routes.catalogue.managedProduct, {
    handler: (request) => catalogue.getManaged(shopCallerOf(request), request.params.productId),
  });

  route(app, routes.catalogue.createProduct, {
    handler: (request) => catalogue.createProduct(shopCallerOf(request), request.body),
  });

  route(app, routes.catalogue.updateProduct, {
    handler: (request) => catalogue.updateProduct(shopCallerOf(request), request.params.productId, request.body),
  });

  route(app, routes.catalogue.setSupplierTerms, {
    handler: (request) =>
      catalogue.setSupplierTerms(shopCallerOf(request), request.params.productId, request.params.supplierId, request.body),
  });

  route(app, routes.catalogue.adjustStock, {
    handler: (request) => catalogue.adjustStock(shopCallerOf(request), request.params.productId, request.body),
  });

  route(app, routes.catalogue.archiveProduct, {
    handler: (request) => catalogue.setProductArchived(shopCallerOf(request), request.params.productId, true),
  });

  route(app, routes.catalogue.restoreProduct, {
    handler: (request) => catalogue.setProductArchived(shopCallerOf(request), request.params.productId, false),
  });

  route(app, routes.catalogue.deleteProduct, {
    handler: async (request) => {
      await catalogue.deleteProduct(shopCallerOf(request), request.params.productId);
      return null;
    },
  });

  route(app, routes.catalogue.exportCatalogue, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const day = shopTime(new Date(), caller.shop.time_zone).slice(0, 10);
      sendCsv(reply, `${caller.shop.slug}-catalogue-${day}.csv`, exportColumns(caller.shop.currency), catalogueCsv.exportPages(caller));
      return reply;
    },
  });

  route(app, routes.catalogue.importCatalogue, {
    // A whole catalogue in one body; every other route keeps the server's limit.
    bodyLimit: IMPORT_BODY_LIMIT_BYTES,
    config: { bodyTextCheckedByRoute: true },
    // Its caller is authorized before a body this large is read (modules/access).
    handler: (request) => catalogueCsv.importCatalogue(shopCallerOf(request), request.body),
  });
};
