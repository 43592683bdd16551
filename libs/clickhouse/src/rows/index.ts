export * from './call-event.rows';
export * from './clickhouse-time';
export * from './conversation.rows';
export * from './dialogue.rows';
