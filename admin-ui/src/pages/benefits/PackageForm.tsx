import { Button, Card, Col, Form, Input, Row, Select, Space } from 'antd';
import { FieldErrorsAlert } from '../../components/FieldErrorsAlert';
import { useFormSubmit } from '../../components/useFormSubmit';
import { tierOptions, useTierLadder } from '../../components/useTierLadder';
import { useMessages } from '../../i18n/language';
import type { CreateBenefitPackageDto, UpdateBenefitPackageDto } from './contract';
import { benefitsMessages } from './messages';
import { packageFieldOf, type PackageFormValues } from './packageFormValues';
import { PackageItemsFields } from './PackageItemsFields';
import { usePackageChoices } from './usePackageChoices';

type PackageBody = CreateBenefitPackageDto | UpdateBenefitPackageDto;

export interface PackageFormProps {
  initialValues: PackageFormValues;
  creating: boolean;
  readOnly: boolean;
  toBody: (values: PackageFormValues) => PackageBody;
  onSubmit: (body: PackageBody) => Promise<void>;
  onCancel: () => void;
}

/** A package: its name, the tier it is for (fixed once created) and its benefits. */
export function PackageForm({ initialValues, creating, readOnly, toBody, onSubmit, onCancel }: PackageFormProps) {
  const t = useMessages(benefitsMessages);
  const [form] = Form.useForm<PackageFormValues>();
  const { submit, submitting, error, clearError, top } = useFormSubmit(form, { toBody, send: onSubmit, fieldOf: packageFieldOf });
  const { tiers, loading } = useTierLadder();
  const choices = usePackageChoices();
  return (
    <div ref={top}>
      <FieldErrorsAlert error={error} title={t.notSaved} onClose={clearError} />
      <Form<PackageFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={readOnly}
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        data-testid="package-form"
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true, message: t.required }, { max: 100 }]}>
                <Input />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="tierCode"
                label={t.tier}
                extra={creating ? undefined : t.codeFixed}
                rules={[{ required: true, message: t.required }]}
              >
                <Select disabled={!creating} loading={loading} options={tierOptions(tiers)} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <PackageItemsFields choices={choices} readOnly={readOnly} />
        {!readOnly && (
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting}>
              {creating ? t.create : t.save}
            </Button>
            <Button onClick={onCancel}>{t.cancel}</Button>
          </Space>
        )}
      </Form>
    </div>
  );
}
