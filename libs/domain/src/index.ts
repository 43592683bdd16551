export * from './shared/hash53';
export * from './conversation';
export * from './vocabularies';
export * from './dialogue';
