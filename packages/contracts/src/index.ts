export * from './api';
export * from './envelope';
export * from './money';
export * from './password-policy';
export * from './routing';
export * from './slug';
export * from './receipt';
export * from './presence';
