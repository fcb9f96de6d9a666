import { formatHours, routes, type TimeEntry, type Timesheet } from '@myb/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, shopTime, type CsvColumn } from '../../http/csv';
import { route } from '../../http/route-table';
import { shopCallerOf } from '../access/access';
import type { TimesheetsService } from './timesheets.service';

/** One line of the week's CSV: an entry, or a person's total for the week. */
interface CsvLine {
  person: string;
  entry: TimeEntry | null;
  workedSeconds: number;
  overtimeSeconds: number | null;
}

const hours = (seconds: number) => (seconds / 3600).toFixed(2);

/** The week's export: one row per entry, each person's total after their entries; times on the shop's clock. */
function timesheetColumns(sheet: Timesheet): CsvColumn<CsvLine>[] {
  const zone = sheet.week.timeZone;
  const breakSeconds = (entry: TimeEntry, paid: boolean) =>
    entry.breaks
      .filter((item) => item.paid === paid)
      .reduce(
        (sum, item) =>
          sum + (new Date(item.endedAt ?? Date.now()).getTime() - new Date(item.startedAt).getTime()) / 1000,
        0,
      );
  return [
    { header: 'week', cell: () => sheet.week.start },
    { header: 'person', cell: (line) => line.person },
    { header: 'clock_in', cell: (line) => (line.entry ? shopTime(line.entry.clockIn, zone) : 'total') },
    {
      header: 'clock_out',
      cell: (line) => (line.entry?.clockOut ? shopTime(line.entry.clockOut, zone) : null),
    },
    {
      header: 'paid_breaks_hours',
      cell: (line) => (line.entry ? hours(breakSeconds(line.entry, true)) : null),
    },
    {
      header: 'unpaid_breaks_hours',
      cell: (line) => (line.entry ? hours(breakSeconds(line.entry, false)) : null),
    },
    { header: 'worked_hours', cell: (line) => hours(line.workedSeconds) },
    { header: 'worked', cell: (line) => formatHours(line.workedSeconds) },
    {
      header: 'overtime_hours',
      cell: (line) => (line.overtimeSeconds === null ? null : hours(line.overtimeSeconds)),
    },
    { header: 'source', cell: (line) => line.entry?.source ?? null },
    { header: 'auto_closed', cell: (line) => (line.entry ? (line.entry.autoClosed ? 'yes' : 'no') : null) },
    {
      header: 'corrected',
      cell: (line) => (line.entry ? (line.entry.history.length > 0 ? 'yes' : 'no') : null),
    },
    { header: 'approved_by', cell: () => sheet.approval?.by.name ?? null },
    { header: 'entry_id', cell: (line) => line.entry?.id ?? null },
  ];
}

export const timesheetRoutes: FastifyPluginAsyncZod<{ timesheets: TimesheetsService }> = async (
  app,
  { timesheets },
) => {
  route(app, routes.timesheets.timeClock, {
    handler: (request) => timesheets.timeClock(shopCallerOf(request)),
  });

  route(app, routes.timesheets.clockIn, {
    handler: (request) => timesheets.clockIn(shopCallerOf(request), request.body),
  });

  route(app, routes.timesheets.clockOut, {
    handler: (request) => timesheets.clockOut(shopCallerOf(request), request.params.entryId, request.body),
  });

  route(app, routes.timesheets.startBreak, {
    handler: (request) => timesheets.startBreak(shopCallerOf(request), request.params.entryId, request.body),
  });

  route(app, routes.timesheets.endBreak, {
    handler: (request) => timesheets.endBreak(shopCallerOf(request), request.params.entryId, request.body),
  });

  route(app, routes.timesheets.myHours, {
    handler: (request) => timesheets.myHours(shopCallerOf(request), request.query.week),
  });

  route(app, routes.timesheets.timesheet, {
    handler: (request) => timesheets.timesheet(shopCallerOf(request), request.query.week),
  });

  route(app, routes.timesheets.exportTimesheet, {
    handler: async (request, reply) => {
      const caller = shopCallerOf(request);
      const sheet = await timesheets.timesheet(caller, request.query.week);
      const lines = sheet.people
        .filter((row) => row.entries.length > 0)
        .flatMap((row): CsvLine[] => [
          ...row.entries.map((entry) => ({
            person: row.person.name,
            entry,
            workedSeconds: entry.workedSeconds,
            overtimeSeconds: null,
          })),
          {
            person: row.person.name,
            entry: null,
            workedSeconds: row.workedSeconds,
            overtimeSeconds: row.overtimeSeconds,
          },
        ]);
      async function* pages() {
        yield lines;
      }
      sendCsv(
        reply,
        `${caller.shop.slug}-timesheet-${sheet.week.start}.csv`,
        timesheetColumns(sheet),
        pages(),
      );
      return reply;
    },
  });

  route(app, routes.timesheets.correct, {
    handler: (request) => timesheets.correct(shopCallerOf(request), request.params.entryId, request.body),
  });

  route(app, routes.timesheets.approve, {
    handler: (request) => timesheets.approve(shopCallerOf(request), request.params.week),
  });
};
