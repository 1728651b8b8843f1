import { App, Form, Input } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useMessages } from '../../i18n/language';
import { issueCoupon } from './api';
import type { CouponTemplateView, IssueCouponDto } from '@laurel/shared';
import { couponsMessages } from './messages';

interface IssueValues {
  memberId: string;
  reason: string;
}

export interface IssueCouponModalProps {
  template: CouponTemplateView;
  open: boolean;
  onClose: () => void;
  onIssued: () => void;
}

/** Issues one coupon of the template to a member, with the reason the audit keeps. */
export function IssueCouponModal({ template, open, onClose, onIssued }: IssueCouponModalProps) {
  const t = useMessages(couponsMessages);
  const { message } = App.useApp();
  return (
    <FormModal<IssueValues, IssueCouponDto, Awaited<ReturnType<typeof issueCoupon>>>
      open={open}
      title={t.issueTitle(template.name)}
      okText={t.issueOk}
      onClose={onClose}
      toBody={(v) => ({ memberId: (v.memberId ?? '').trim(), reason: (v.reason ?? '').trim() })}
      send={(body, key) => issueCoupon(template.id, body, key)}
      onDone={(coupon) => {
        void message.success(t.issuedTo(coupon.code));
        onIssued();
      }}
      errorTitle={t.notIssued}
      testId="issue-coupon"
    >
      <Form.Item
        name="memberId"
        label={t.memberId}
        extra={t.memberIdHelp}
        rules={[{ required: true, whitespace: true, message: t.required }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="reason" label={t.reason} rules={[{ required: true, whitespace: true, message: t.required }, { max: 500 }]}>
        <Input.TextArea rows={3} placeholder={t.reasonPlaceholder} />
      </Form.Item>
    </FormModal>
  );
}
