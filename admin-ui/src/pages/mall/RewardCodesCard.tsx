import { useState } from 'react';
import { App, Button, Card, Form, Input, Statistic, Flex } from 'antd';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { useFormSubmit } from '../../components/useFormSubmit';
import { useLoaded } from '../../components/useLoaded';
import { useMessages } from '../../i18n/language';
import { addRewardCodes, getRewardCodes } from './api';
import type { AddRewardCodesDto } from '@laurel/shared';
import { mallMessages } from './messages';

/** The API's most codes in one upload. */
const MAX_CODES = 1000;

/** One code per line; blank lines and surrounding spaces are dropped. */
export function codesOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export interface RewardCodesCardProps {
  rewardId: string;
  canUpload: boolean;
  /** After an upload (the reward's stock grew). */
  onUploaded: () => void;
}

/** A virtual-code reward's pool: counts of available and assigned codes, and an upload of pasted codes. */
export function RewardCodesCard({ rewardId, canUpload, onUploaded }: RewardCodesCardProps) {
  const t = useMessages(mallMessages);
  const { message } = App.useApp();
  const counts = useLoaded(rewardId, getRewardCodes);
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<{ codes?: string }>();
  const [result, setResult] = useState<string | null>(null);
  const { submit, submitting, error, clearError } = useFormSubmit(form, {
    toBody: (v: { codes?: string }): AddRewardCodesDto => ({ codes: codesOf(v.codes) }),
    send: async (body) => {
      try {
        const added = await addRewardCodes(rewardId, body, idempotency.current());
        idempotency.settle();
        const text = t.uploaded(added.added, added.duplicates);
        setResult(text);
        void message.success(text);
        form.resetFields();
        counts.reload();
        onUploaded();
      } catch (err) {
        idempotency.settle(err);
        throw err;
      }
    },
    fieldOf: () => ['codes'],
  });
  const c = counts.data;
  return (
    <Card title={t.codes} size="small" style={{ marginBottom: 16 }} data-testid="reward-codes">
      <Flex gap={32} wrap style={{ marginBottom: 16 }}>
        {(['available', 'assigned', 'voided', 'total'] as const).map((k) => (
          <div key={k} data-testid={`codes-${k}`}>
            <Statistic title={t[k]} value={c ? c[k] : '—'} loading={counts.loading && !c} />
          </div>
        ))}
      </Flex>
      {counts.error ? <ApiErrorAlert error={counts.error} title={t.couldNotLoadCodes} onRetry={counts.reload} /> : null}
      {canUpload && (
        <>
          <FieldErrorsAlert error={error} title={t.notUploaded} onClose={clearError} />
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} onValuesChange={() => setResult(null)}>
            <Form.Item
              name="codes"
              label={t.pasteCodes}
              extra={result ?? t.pasteHelp(MAX_CODES)}
              rules={[
                {
                  validator: (_, text: string | undefined) => {
                    const n = codesOf(text).length;
                    if (n === 0) return Promise.reject(new Error(t.noCodes));
                    if (n > MAX_CODES) return Promise.reject(new Error(t.tooMany(MAX_CODES)));
                    return Promise.resolve();
                  },
                },
              ]}
            >
              <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} placeholder={'GIFT-8K2P-4QZ7\nGIFT-9MX3-2RT8'} />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={submitting}>
              {t.upload}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
