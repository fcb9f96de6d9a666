import { routes } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { minorToDecimal, type ReportTable } from '@myb/contracts';
import type { FastifyReply } from 'fastify';
import { sendCsv, type CsvColumn } from '../../http/csv';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { ReportsService } from './reports.service';

type ReportRow = ReportTable['rows'][number];

/** A report's table as its CSV: the same columns and rows, money in the currency's units. */
function csvColumns(report: ReportTable): CsvColumn<ReportRow>[] {
  return report.columns.map((column) => ({
    header: column.kind === 'money' ? `${column.label} (${report.currency})` : column.label,
    cell: (row) => {
      const value = row[column.key] ?? null;
      return column.kind === 'money' && typeof value === 'number'
        ? minorToDecimal(value, report.currency)
        : value;
    },
  }));
}

/** Any report's table as the CSV file `name`, its totals last. */
function sendReportCsv(reply: FastifyReply, name: string, report: ReportTable): FastifyReply {
  const rows = report.totals ? [...report.rows, report.totals] : report.rows;
  sendCsv(
    reply,
    name,
    csvColumns(report),
    (async function* () {
      yield rows;
    })(),
  );
  return reply;
}

export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (app, { reports }) => {
  route(app, routes.reports.dashboard, {
    handler: (request) => reports.dashboard(shopCallerOf(request)),
  });

  route(app, routes.reports.sales, {
    handler: (request) => reports.salesReport(shopCallerOf(request), request.params.report, request.query),
  });

  route(app, routes.reports.salesCsv, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const report = await reports.salesReport(caller, request.params.report, request.query);
      const name = `${caller.shop.slug}-${report.report}-${report.period.from}-${report.period.to}.csv`;
      return sendReportCsv(reply, name, report);
    },
  });

  route(app, routes.reports.stock, {
    handler: (request) => reports.stockReport(shopCallerOf(request), request.params.report, request.query),
  });

  route(app, routes.reports.stockCsv, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const report = await reports.stockReport(caller, request.params.report, request.query);
      return sendReportCsv(reply, `${caller.shop.slug}-stock-${report.report}-${report.today}.csv`, report);
    },
  });

  route(app, routes.reports.suppliers, {
    handler: (request) => reports.supplierReport(shopCallerOf(request), request.params.report, request.query),
  });

  route(app, routes.reports.suppliersCsv, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const report = await reports.supplierReport(caller, request.params.report, request.query);
      const name = `${caller.shop.slug}-suppliers-${report.report}-${report.period.from}-${report.period.to}.csv`;
      return sendReportCsv(reply, name, report);
    },
  });
};
