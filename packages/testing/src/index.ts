export * from './services';
export * from './smtp';
export * from './server';
export * from './postgres';
