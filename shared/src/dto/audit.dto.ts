export interface AuditEntryView {
  id: string;
  at: string;
  actor: { type: 'admin' | 'service' | 'system'; id: string; label: string };
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
}
