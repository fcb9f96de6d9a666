// First: it configures zod (error sentences; no compiled parsers in a browser, whose CSP forbids eval),
// and zod reads that configuration as each schema is built, so every other module must come after it.
export * from './messages';
export * from './route';
export * from './routes';
export * from './http-error';
export { settingText } from './fields';
export * from './features/auth';
export * from './features/account';
export * from './features/admin';
export * from './features/merchants';
export * from './features/shop-settings';
export * from './features/staff';
export * from './features/api-tokens';
export * from './features/catalogue';
export * from './features/suppliers';
export * from './features/orders';
export * from './features/supplier-messages';
export * from './features/mail';
export * from './features/health';
export * from './envelope';
export * from './money';
export * from './password-policy';
export * from './routing';
export * from './slug';
export * from './receipt';
export * from './presence';
export * from './permissions';
export * from './delivery-warning';
