import { CURRENCIES, type Currency, type RuleCapsView, type RuleConditionsView, type RuleFormulaView } from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Rule conditions as stored: the API's shape, with the date window as instants. */
export type RuleConditions = Omit<RuleConditionsView, 'validFrom' | 'validTo'> & { validFrom?: Date; validTo?: Date };

export interface EarningRule {
  _id: Types.ObjectId;
  name: string;
  description: string;
  eventType: string;
  active: boolean;
  archived: boolean;
  priority: number;
  stop: boolean;
  conditions: RuleConditions;
  formula: RuleFormulaView;
  caps: RuleCapsView;
  pendingDays: number;
  currency: Currency;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

const ruleSchema = new Schema<EarningRule>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    eventType: { type: String, required: true },
    active: { type: Boolean, required: true },
    archived: { type: Boolean, required: true },
    priority: { type: Number, required: true },
    stop: { type: Boolean, required: true },
    // Validated by the DTOs and the service; stored as documents without schema of their own.
    conditions: { type: Schema.Types.Mixed, required: true },
    formula: { type: Schema.Types.Mixed, required: true },
    caps: { type: Schema.Types.Mixed, required: true },
    pendingDays: { type: Number, required: true },
    currency: { type: String, required: true, enum: CURRENCIES },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    archivedAt: { type: Date, default: null },
  },
  { collection: 'earning_rules', versionKey: false, minimize: false },
);
// The rule cache loads the active rules; lists filter by event type.
ruleSchema.index({ active: 1 });
ruleSchema.index({ eventType: 1 });

/**
 * What one rule granted one member in one period (day, ISO week, month in the business time zone).
 * `claims` maps a hash of each event id to what it took, so a re-run of an interrupted event finds its
 * reservation instead of taking another. `until` = end of the period; the cleanup job deletes old counters.
 */
export interface CapCounter {
  _id: string;
  ruleId: string;
  memberId: string;
  period: string;
  used: number;
  claims: Record<string, number>;
  until: Date;
}

const counterSchema = new Schema<CapCounter>(
  {
    _id: { type: String },
    ruleId: { type: String, required: true },
    memberId: { type: String, required: true },
    period: { type: String, required: true },
    used: { type: Number, required: true },
    // No default: an upsert's `$set` of `claims.<hash>` must not meet a `$setOnInsert` of `claims`.
    claims: { type: Schema.Types.Mixed },
    until: { type: Date, required: true },
  },
  { collection: 'earning_rule_counters', versionKey: false, minimize: false },
);
counterSchema.index({ until: 1 });

export function earningRuleModel(connection: Connection): Model<EarningRule> {
  return connection.models.EarningRule ?? connection.model<EarningRule>('EarningRule', ruleSchema);
}

export function capCounterModel(connection: Connection): Model<CapCounter> {
  return connection.models.EarningRuleCounter ?? connection.model<CapCounter>('EarningRuleCounter', counterSchema);
}
