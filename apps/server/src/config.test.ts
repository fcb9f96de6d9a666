import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs embedded by default: PGlite, the in-process broker, the mail folder', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.broker).toEqual({ kind: 'embedded', host: '127.0.0.1', port: 1883 });
    expect(config.mail.kind).toBe('folder');
    expect(config.port).toBe(3000);
  });

  it('picks PostgreSQL, AMQP over MQTT, and SMTP when they are configured', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/shop',
      AMQP_URL: 'amqp://rabbit',
      MQTT_URL: 'mqtt://mosquitto',
      SMTP_URL: 'smtp://mail:25',
      PORT: '8080',
      DEMO_AGENTS: 'false',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://db/shop' });
    expect(config.broker).toEqual({ kind: 'amqp', url: 'amqp://rabbit', exchange: 'amq.topic' });
    expect(config.mail.kind).toBe('smtp');
    expect(config.port).toBe(8080);
    expect(config.demoAgents).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DEMO_DATA: 'maybe', AMQP_URL: 'not a url' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DEMO_DATA: 'maybe' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DEMO_DATA/);
    }
  });
});

describe('ALLOWED_ORIGINS', () => {
  it('reads a comma-separated list of http(s) origins and refuses anything else', () => {
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ ALLOWED_ORIGINS: 'http://localhost:5173, https://shop.example' }).allowedOrigins).toEqual([
      'http://localhost:5173',
      'https://shop.example',
    ]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'localhost:5173' })).toThrow(/ALLOWED_ORIGINS/);
  });
});
