import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs embedded by default: PGlite, the in-process broker, the mail folder', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.broker).toEqual({ kind: 'embedded', host: '127.0.0.1', port: 1883 });
    expect(config.mail.kind).toBe('folder');
    expect(config.port).toBe(3000);
    expect(config.orderStatements).toBe(2);
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
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://db/shop', preparedStatements: true });
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

describe('DATABASE_ORDER_STATEMENTS', () => {
  it('takes a whole number from 1 to 8, leaving the pool room for everything else', () => {
    expect(loadConfig({ DATABASE_ORDER_STATEMENTS: '4' }).orderStatements).toBe(4);
    expect(loadConfig({ DATABASE_ORDER_STATEMENTS: '' }).orderStatements).toBe(2);
    for (const value of ['0', '9', '1.5', 'two']) {
      expect(() => loadConfig({ DATABASE_ORDER_STATEMENTS: value })).toThrow(/DATABASE_ORDER_STATEMENTS/);
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

describe('TRUST_PROXY', () => {
  it('trusts proxies on loopback by default, and reads true, false or a list', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toBe('10.0.0.0/8, loopback');
  });
});

describe('sign-in providers', () => {
  it('offers Google and a generic issuer only when their client id and secret are set', () => {
    expect(loadConfig({}).oidcProviders).toEqual([]);
    expect(loadConfig({ GOOGLE_CLIENT_ID: '', OIDC_ISSUER: '', GOOGLE_ISSUER: '' }).oidcProviders).toEqual([]);
    const config = loadConfig({
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      OIDC_ISSUER: 'https://login.example.com/realms/shop',
      OIDC_CLIENT_ID: 'o-id',
      OIDC_CLIENT_SECRET: 'o-secret',
      OIDC_LABEL: 'Example SSO',
    });
    expect(config.oidcProviders).toEqual([
      { id: 'google', label: 'Google', issuer: 'https://accounts.google.com', clientId: 'g-id', clientSecret: 'g-secret' },
      { id: 'oidc', label: 'Example SSO', issuer: 'https://login.example.com/realms/shop', clientId: 'o-id', clientSecret: 'o-secret' },
    ]);
    expect(() => loadConfig({ GOOGLE_CLIENT_ID: 'g-id' })).toThrow(/GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET go together/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(/OIDC_ISSUER needs OIDC_CLIENT_ID/);
  });

  it('points links at PUBLIC_URL, or at the address it listens on', () => {
    expect(loadConfig({}).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://shop.example/' }).publicUrl).toBe('https://shop.example');
  });
});
