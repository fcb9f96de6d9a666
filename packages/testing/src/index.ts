export * from './services';
export * from './smtp';
export * from './server';
export * from './postgres';
export * from './oidc';
export * from './facebook';
export * from './wait';
export * from './tally';
