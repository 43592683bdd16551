export * from './conversation/empty-conversation';
export * from './shared/hash53';
