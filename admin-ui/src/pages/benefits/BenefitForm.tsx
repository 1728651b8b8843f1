import { Card, Col, Form, Input, Row, Select } from 'antd';
import { DefinitionForm, type DefinitionFormInput } from '../../components/DefinitionForm';
import { useMessages } from '../../i18n/language';
import { BENEFIT_TYPE_LIST } from './api';
import { benefitFieldOf, type BenefitFormValues } from './benefitFormValues';
import { BenefitValueFields } from './BenefitValueFields';
import type { BenefitType, CreateBenefitDto, UpdateBenefitDto } from '@laurel/shared';
import { benefitsMessages } from './messages';
import { useBenefitChoices } from './useBenefitChoices';

const BENEFIT_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

type BenefitBody = CreateBenefitDto | UpdateBenefitDto;

export type BenefitFormProps = DefinitionFormInput<BenefitFormValues, BenefitBody>;

/** Type and code (fixed once created), name, description, icon, and the value its type uses (packages may give their own). */
export function BenefitForm(props: BenefitFormProps) {
  const { creating, readOnly } = props;
  const t = useMessages(benefitsMessages);
  const [form] = Form.useForm<BenefitFormValues>();
  const type = Form.useWatch<BenefitType | undefined>('type', form);
  const { couponTemplates, loading } = useBenefitChoices();
  return (
    <DefinitionForm {...props} form={form} fieldOf={benefitFieldOf} texts={t} testId="benefit-form">
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="type"
              label={t.type}
              rules={[{ required: true, message: t.required }]}
              extra={creating ? undefined : t.codeFixed}
            >
              <Select disabled={!creating} options={BENEFIT_TYPE_LIST.map((v) => ({ value: v, label: t.types[v] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t.code}
              extra={creating ? t.codeHelp : t.codeFixed}
              rules={[
                { required: true, message: t.required },
                { pattern: BENEFIT_CODE_PATTERN, message: t.codePattern },
              ]}
            >
              <Input disabled={!creating} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="icon" label={t.icon} extra={t.iconHelp} rules={[{ max: 500 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t.description} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <BenefitValueFields type={type} name={['value']} couponTemplates={couponTemplates} loading={loading} readOnly={readOnly} />
      </Card>
    </DefinitionForm>
  );
}
