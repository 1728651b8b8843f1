import { App, Form, Input } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useMessages } from '../../i18n/language';
import { voidCoupon } from '../coupons/api';
import type { CouponView, VoidCouponDto } from '@laurel/shared';
import { memberLoyaltyMessages } from './memberLoyaltyMessages';

export interface VoidCouponModalProps {
  coupon: CouponView;
  onClose: () => void;
  onVoided: (after: CouponView) => void;
}

/** Voids a member's coupon for good, with the reason the audit keeps. */
export function VoidCouponModal({ coupon, onClose, onVoided }: VoidCouponModalProps) {
  const t = useMessages(memberLoyaltyMessages);
  const { message } = App.useApp();
  return (
    <FormModal<{ reason?: string }, VoidCouponDto, CouponView>
      open
      danger
      title={t.voidTitle(coupon.code)}
      okText={t.voidOk}
      onClose={onClose}
      intro={<p>{t.voidIntro}</p>}
      toBody={(v) => ({ reason: (v.reason ?? '').trim() })}
      send={(body, key) => voidCoupon(coupon.id, body, key)}
      onDone={(after) => {
        void message.success(t.voided(after.code));
        onVoided(after);
      }}
      errorTitle={t.notVoided}
      testId="void-coupon"
    >
      <Form.Item name="reason" label={t.reason} rules={[{ required: true, whitespace: true, message: t.required }, { max: 500 }]}>
        <Input.TextArea rows={3} placeholder={t.reasonPlaceholder} />
      </Form.Item>
    </FormModal>
  );
}
