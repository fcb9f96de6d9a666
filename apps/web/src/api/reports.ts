import { routes, type SalesReportName, type SalesReportQuery } from '@myb/contracts';
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
