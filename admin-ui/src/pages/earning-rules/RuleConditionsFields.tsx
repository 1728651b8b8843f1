import { Card, Col, Form, Input, InputNumber, Row, Typography } from 'antd';
import { useMessages } from '../../i18n/language';
import { ISO_UTC_PATTERN } from './api';
import { ruleConditionsMessages } from './ruleConditionsMessages';
import { TagsInput } from './TagsInput';

type Messages = (typeof ruleConditionsMessages)['en'];

function IncludeExclude({ name, label, t }: { name: 'skus' | 'categories'; label: string; t: Messages }) {
  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item name={['conditions', name, 'include']} label={t.include(label)}>
          <TagsInput placeholder={t.any} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={['conditions', name, 'exclude']} label={t.exclude(label)}>
          <TagsInput placeholder={t.none} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** Every condition filled in must hold; leave all empty for every event of the type (earning rules and task triggers). */
export function RuleConditionsFields() {
  const t = useMessages(ruleConditionsMessages);
  const iso = { pattern: ISO_UTC_PATTERN, message: t.instantInUtc };
  return (
    <Card
      title={t.title}
      size="small"
      style={{ marginBottom: 16 }}
      extra={<Typography.Text type="secondary">{t.emptyMeansNone}</Typography.Text>}
    >
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Form.Item name={['conditions', 'amount', 'min']} label={t.amountFrom} extra={t.amountFromHelp}>
            <InputNumber<number> precision={0} min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name={['conditions', 'amount', 'max']} label={t.amountTo} extra={t.inclusive}>
            <InputNumber<number> precision={0} min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['conditions', 'channels']} label={t.channels}>
            <TagsInput placeholder={t.channelsPlaceholder} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['conditions', 'currencies']} label={t.currencies} extra={t.currenciesHelp}>
            <TagsInput placeholder={t.currenciesPlaceholder} />
          </Form.Item>
        </Col>
      </Row>
      <IncludeExclude name="skus" label={t.skus} t={t} />
      <IncludeExclude name="categories" label={t.categories} t={t} />
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'memberTiers']} label={t.memberTiers} extra={t.memberTiersHelp}>
            <TagsInput placeholder={t.memberTiersPlaceholder} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'memberTags']} label={t.memberTags} extra={t.memberTagsHelp}>
            <TagsInput placeholder={t.memberTagsPlaceholder} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'validFrom']} label={t.validFrom} rules={[iso]} extra={t.validFromHelp}>
            <Input placeholder="2026-06-01T00:00:00Z" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name={['conditions', 'validTo']} label={t.validTo} rules={[iso]} extra={t.validToHelp}>
            <Input placeholder="2026-07-01T00:00:00Z" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
