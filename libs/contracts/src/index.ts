export * from './generated/v1';
export * from './topics';
