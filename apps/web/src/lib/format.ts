const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** In the viewer's locale and time zone, as shop staff read it on the wall clock. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
