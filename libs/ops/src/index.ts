export * from './metrics';
export * from './instrument';
export * from './lag-admin';
export * from './lag';
export * from './logger';
export * from './health/health';
export * from './health/ops.module';
export * from './health/ops-http';
