export * from './dialogue-durations';
export * from './dialogue-kpis';
export * from './dialogue.row';
export * from './order-number';
export * from './threshold-policy';
