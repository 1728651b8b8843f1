import { Select, Space } from 'antd';
import { CURRENCIES, LEDGER_KINDS, type LedgerFilter } from './api';
import { CURRENCY_LABELS } from './WalletCard';

const currencyOptions = CURRENCIES.map((c) => ({ value: c, label: CURRENCY_LABELS[c] }));
const kindOptions = LEDGER_KINDS.map((k) => ({ value: k, label: k }));

export function LedgerFilters({ value, onChange }: { value: LedgerFilter; onChange: (next: LedgerFilter) => void }) {
  return (
    <Space wrap>
      <Select
        aria-label="Currency filter"
        allowClear
        placeholder="All currencies"
        style={{ width: 160 }}
        options={currencyOptions}
        value={value.currency}
        onChange={(currency) => onChange({ ...value, currency })}
      />
      <Select
        aria-label="Kind filter"
        allowClear
        placeholder="All kinds"
        style={{ width: 180 }}
        options={kindOptions}
        value={value.kind}
        onChange={(kind) => onChange({ ...value, kind })}
      />
    </Space>
  );
}
