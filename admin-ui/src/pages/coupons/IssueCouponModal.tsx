import { useEffect, useState } from 'react';
import { App, Form, Input, Select } from 'antd';
import type { CouponTemplateView, CouponView, IssueCouponDto } from '@laurel/shared';
import { FormModal } from '../../components/FormModal';
import { useMessages } from '../../i18n/language';
import { activeCouponTemplates, issueCoupon } from './api';
import { couponsMessages } from './messages';

interface IssueValues {
  templateId?: string;
  memberId?: string;
  reason?: string;
}

/** The template's issue carries its id in the path; the form holds it next to the body's fields. */
type IssueRequest = IssueCouponDto & { templateId: string };

export interface IssueCouponModalProps {
  /** From a template's row or page; absent: picked among the active templates (from a member's page). */
  template?: CouponTemplateView;
  /** From a member's page; absent: typed. */
  memberId?: string;
  open: boolean;
  onClose: () => void;
  onIssued: (coupon: CouponView) => void;
}

/** Issues one coupon of a template to a member, with the reason the audit keeps. */
export function IssueCouponModal({ template, memberId, open, onClose, onIssued }: IssueCouponModalProps) {
  const t = useMessages(couponsMessages);
  const { message } = App.useApp();
  const [templates, setTemplates] = useState<CouponTemplateView[]>([]);
  useEffect(() => {
    if (template || !open) return;
    const controller = new AbortController();
    void activeCouponTemplates(controller.signal)
      .then((list) => setTemplates(list.filter((x) => x.status === 'active')))
      .catch(() => undefined);
    return () => controller.abort();
  }, [template, open]);
  return (
    <FormModal<IssueValues, IssueRequest, CouponView>
      open={open}
      title={template ? t.issueTitle(template.name) : t.issueOk}
      okText={t.issueOk}
      onClose={onClose}
      toBody={(v) => ({
        templateId: template?.id ?? v.templateId ?? '',
        memberId: (memberId ?? v.memberId ?? '').trim(),
        reason: (v.reason ?? '').trim(),
      })}
      send={({ templateId, ...body }, key) => issueCoupon(templateId, body, key)}
      onDone={(coupon) => {
        void message.success(t.issuedTo(coupon.code));
        onIssued(coupon);
      }}
      errorTitle={t.notIssued}
      testId="issue-coupon"
    >
      {!template && (
        <Form.Item name="templateId" label={t.template} rules={[{ required: true, message: t.required }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={templates.map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
      )}
      {memberId === undefined && (
        <Form.Item
          name="memberId"
          label={t.memberId}
          extra={t.memberIdHelp}
          rules={[{ required: true, whitespace: true, message: t.required }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item name="reason" label={t.reason} rules={[{ required: true, whitespace: true, message: t.required }, { max: 500 }]}>
        <Input.TextArea rows={3} placeholder={t.reasonPlaceholder} />
      </Form.Item>
    </FormModal>
  );
}
