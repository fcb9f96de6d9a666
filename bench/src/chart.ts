import type { Results } from './report';
import { measuredOrWhy, type LatencySummary } from './stats';

interface Series {
  name: string;
  latency: LatencySummary;
  dashed?: boolean;
}

const COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939', '#843c39', '#7b4173'];
const WIDTH = 900;
const HEIGHT = 520;
const MARGIN = { left: 70, right: 330, top: 40, bottom: 60 };

/** Percentiles on a "nines" axis: 50 → 0.3, 90 → 1, 99 → 2, 99.9 → 3, so the tail gets room. */
const nines = (percentile: number) => -Math.log10(1 - percentile / 100);
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The latency distribution of each workload, product solid and raw dashed, as a dependency-free SVG. */
export function latencyChart(results: Results): string {
  const { postgres: pgr, mosquitto, embedded } = results;
  const series: Series[] = [
    { name: 'order over HTTP (PostgreSQL)', latency: pgr.orders.http.latency },
    { name: 'order, pgbench', latency: pgr.orders.pgbench.latency, dashed: true },
    { name: 'order, pg pool', latency: pgr.orders.pool.latency, dashed: true },
    { name: 'product list over HTTP', latency: pgr.catalogue.list.http.latency },
    { name: 'product list, bare Fastify + pg', latency: pgr.catalogue.list.raw.latency, dashed: true },
    { name: 'dispatch → agent, RabbitMQ', latency: pgr.dispatch.steady.latency },
    { name: 'AMQP publish-confirm-consume', latency: pgr.rawAmqp.steady, dashed: true },
    { name: 'dispatch → agent, Mosquitto', latency: mosquitto.dispatch.steady.latency },
    { name: 'MQTT QoS 1 publish-consume', latency: mosquitto.raw.steady, dashed: true },
    { name: 'dispatch → e-mail accepted (SMTP)', latency: pgr.smtp.latency },
    { name: 'order over HTTP (embedded)', latency: embedded.orders.http.latency },
    { name: 'order, raw PGlite', latency: embedded.orders.pglite.latency, dashed: true },
    { name: 'register sale over HTTP', latency: results.registerSales.http.latency },
    { name: 'register sale, pgbench', latency: results.registerSales.pgbench.latency, dashed: true },
  ].filter((s) => measuredOrWhy(s.latency) === null);
  const values = series.flatMap((s) => s.latency.curve.map(([, value]) => value)).filter((value) => value > 0);
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.ceil(Math.log10(Math.max(...values)));
  const maxNines = nines(99.9);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (percentile: number) => MARGIN.left + (nines(percentile) / maxNines) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - ((Math.log10(value) - low) / (high - low)) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">Latency by percentile — product solid, raw stack dashed (${escapeXml(String(results.machine.cpus))} cores, ${escapeXml(results.startedAt.slice(0, 10))})</text>`,
  ];
  for (let exponent = low; exponent <= high; exponent += 1) {
    const value = 10 ** exponent;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" y1="${y(value)}" y2="${y(value)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${y(value) + 4}" text-anchor="end">${value >= 1 ? value : value.toFixed(-exponent)} ms</text>`,
    );
  }
  for (const percentile of [0, 50, 90, 99, 99.9]) {
    const px = percentile === 0 ? MARGIN.left : x(percentile);
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#ddd"/>`,
      `<text x="${px}" y="${MARGIN.top + plotHeight + 18}" text-anchor="middle">p${percentile}</text>`,
    );
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 15}" text-anchor="middle">percentile</text>`);
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = s.latency.curve
      .filter(([, value]) => value > 0)
      .map(([percentile, value]) => `${x(percentile).toFixed(1)},${y(value).toFixed(1)}`)
      .join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points}"/>`);
    const ly = MARGIN.top + 10 + i * 20;
    const lx = WIDTH - MARGIN.right + 20;
    parts.push(
      `<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 36}" y="${ly + 4}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
