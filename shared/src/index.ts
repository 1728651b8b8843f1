import 'reflect-metadata';

export * from './errors.js';
export * from './auth.js';
export * from './page.js';
export * from './dto/page-query.dto.js';
export * from './dto/admin-users.dto.js';
export * from './dto/api-keys.dto.js';
export * from './dto/audit.dto.js';
export * from './dto/audit-query.dto.js';
export * from './dto/members.dto.js';
export * from './dto/ledger.dto.js';
export * from './dto/events.dto.js';
export * from './dto/event-records.dto.js';
export * from './dto/earning-rules.dto.js';
export * from './dto/webhooks.dto.js';
export * from './dto/tiers.dto.js';
