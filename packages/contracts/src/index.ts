// First: it configures zod (error sentences; no compiled parsers in a browser, whose CSP forbids eval),
// and zod reads that configuration as each schema is built, so every other module must come after it.
export * from './messages';
export * from './api';
export * from './envelope';
export * from './money';
export * from './password-policy';
export * from './routing';
export * from './slug';
export * from './receipt';
export * from './presence';
export * from './permissions';
export * from './session';
export * from './catalogue';
export * from './settings';
export * from './orders';
export * from './delivery-warning';
