export * from './clickhouse.port';
export * from './chdb.backend';
export * from './http.backend';
export * from './backend.factory';
export * from './migrations.runner';
export * from './analytics.sink';
export * from './rows';
export * from './thresholds.config';
