import {
  routes,
  type SalesReportName,
  type SalesReportQuery,
  type StockReportName,
  type StockReportQuery,
  type SupplierReportName,
  type SupplierReportQuery,
} from '@myb/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { addressOf, call } from './client';
import { keys } from './keys';
import { useLiveInterval } from './live';

/** The shop's day so far and what waits on it, read again as sales come in. */
export function useDashboard(slug: string) {
  return useQuery({
    queryKey: keys.dashboard(slug),
    refetchInterval: useLiveInterval({ clockBound: true }),
    queryFn: () => call(routes.reports.dashboard, { params: { merchantSlug: slug } }),
  });
}

/** A sales report's figures for the days and comparison asked, read again as sales come in. */
export function useSalesReport(slug: string, report: SalesReportName, query: SalesReportQuery) {
  return useQuery({
    queryKey: [...keys.salesReport(slug), report, query],
    refetchInterval: useLiveInterval(),
    placeholderData: keepPreviousData,
    queryFn: () => call(routes.reports.sales, { params: { merchantSlug: slug, report }, query }),
  });
}

/** Where the same report downloads as CSV. */
export const salesReportExportAddress = (slug: string, report: SalesReportName, query: SalesReportQuery) =>
  addressOf(routes.reports.salesCsv, { params: { merchantSlug: slug, report }, query });

/** A stock report as the shop stands now, read again as stock moves. */
export function useStockReport(slug: string, report: StockReportName, query: StockReportQuery) {
  return useQuery({
    queryKey: [...keys.stockReport(slug), report, query],
    refetchInterval: useLiveInterval({ clockBound: true }),
    placeholderData: keepPreviousData,
    queryFn: () => call(routes.reports.stock, { params: { merchantSlug: slug, report }, query }),
  });
}

export const stockReportExportAddress = (slug: string, report: StockReportName, query: StockReportQuery) =>
  addressOf(routes.reports.stockCsv, { params: { merchantSlug: slug, report }, query });

/** A supplier report over the days asked, read again as orders are received and messages e-mailed. */
export function useSupplierReport(slug: string, report: SupplierReportName, query: SupplierReportQuery) {
  return useQuery({
    queryKey: [...keys.supplierReport(slug), report, query],
    refetchInterval: useLiveInterval(),
    placeholderData: keepPreviousData,
    queryFn: () => call(routes.reports.suppliers, { params: { merchantSlug: slug, report }, query }),
  });
}

export const supplierReportExportAddress = (
  slug: string,
  report: SupplierReportName,
  query: SupplierReportQuery,
) => addressOf(routes.reports.suppliersCsv, { params: { merchantSlug: slug, report }, query });
