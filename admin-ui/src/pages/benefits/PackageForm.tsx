import { Card, Col, Form, Input, Row, Select } from 'antd';
import { DefinitionForm } from '../../components/DefinitionForm';
import { tierOptions, useTierLadder } from '../tiers/useTierLadder';
import { useMessages } from '../../i18n/language';
import type { BenefitType, CreateBenefitPackageDto, UpdateBenefitPackageDto } from '@laurel/shared';
import { benefitsMessages } from './messages';
import { packageFieldOf, type PackageFormValues } from './packageFormValues';
import { PackageItemsFields } from './PackageItemsFields';
import { useBenefitChoices } from './useBenefitChoices';

type PackageBody = CreateBenefitPackageDto | UpdateBenefitPackageDto;

const CODE_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

export interface PackageFormProps {
  initialValues: PackageFormValues;
  creating: boolean;
  readOnly: boolean;
  /** `typeOf` gives each benefit code its type (which value inputs apply). */
  toBody: (values: PackageFormValues, typeOf: ReadonlyMap<string, BenefitType>) => PackageBody;
  onSubmit: (body: PackageBody) => Promise<void>;
  onCancel: () => void;
}

/** A package: its code and tier (fixed once created), name, description and benefits. */
export function PackageForm({ initialValues, creating, readOnly, toBody, onSubmit, onCancel }: PackageFormProps) {
  const t = useMessages(benefitsMessages);
  const [form] = Form.useForm<PackageFormValues>();
  const choices = useBenefitChoices();
  const typeOf = new Map(choices.benefits.map((b) => [b.code, b.type]));
  const { tiers, loading } = useTierLadder();
  return (
    <DefinitionForm
      form={form}
      initialValues={initialValues}
      creating={creating}
      readOnly={readOnly}
      toBody={(values: PackageFormValues) => toBody(values, typeOf)}
      onSubmit={onSubmit}
      fieldOf={packageFieldOf}
      onCancel={onCancel}
      texts={t}
      testId="package-form"
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="code"
              label={t.packageCode}
              extra={creating ? undefined : t.codeFixed}
              rules={[
                { required: true, message: t.required },
                { pattern: CODE_PATTERN, message: t.codePattern },
              ]}
            >
              <Input disabled={!creating} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="tierCode"
              label={t.tier}
              extra={creating ? undefined : t.codeFixed}
              rules={[{ required: true, message: t.required }]}
            >
              <Select aria-label={t.tier} disabled={!creating} loading={loading} options={tierOptions(tiers)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t.description} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Card>
      <PackageItemsFields choices={choices} readOnly={readOnly} />
    </DefinitionForm>
  );
}
