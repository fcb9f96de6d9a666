export * from './services';
export * from './smtp';
export * from './oidc';
export * from './facebook';
