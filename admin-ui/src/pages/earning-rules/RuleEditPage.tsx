import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Flex, Spin } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { useHasRole } from '../../auth/useSession';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { createRule, updateRule, type RuleInput } from './api';
import { ArchiveRuleButton } from './ArchiveRuleButton';
import { NEW_RULE_VALUES, toFormValues } from './formValues';
import { RuleForm } from './RuleForm';
import { RuleStatusTag } from './RuleStatusTag';
import { useRule } from './useRule';

/** `/earning-rules/new` and `/earning-rules/:id` (read-only for viewers, operators and archived rules). */
export function RuleEditPage() {
  const { id } = useParams();
  const { rule, loading, error } = useRule(id);
  const isAdmin = useHasRole('admin');
  const navigate = useNavigate();
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const back = (
    <Link to="/earning-rules">
      <ArrowLeftOutlined /> Earning rules
    </Link>
  );

  if (id !== undefined && !rule) {
    return (
      <>
        {back}
        {error ? (
          <ApiErrorAlert error={error} title="Could not load the rule" />
        ) : (
          <Flex justify="center" style={{ padding: 64 }}>
            <Spin spinning={loading} />
          </Flex>
        )}
      </>
    );
  }

  const save = async (input: RuleInput) => {
    try {
      const saved = rule
        ? await updateRule(rule.id, rule.version, input, idempotency.current())
        : await createRule(input, idempotency.current());
      idempotency.settle();
      void message.success(`Rule “${saved.name}” saved`);
      navigate('/earning-rules');
    } catch (err) {
      idempotency.settle(err);
      throw err;
    }
  };

  const archived = rule?.status === 'archived';
  const readOnly = !isAdmin || archived;
  return (
    <>
      {back}
      <PageHeader
        title={rule ? rule.name : 'New earning rule'}
        subtitle={
          rule ? (
            <>
              Version {rule.version} · {rule.eventType}
            </>
          ) : (
            'Turns an event into points or growth'
          )
        }
        extra={
          rule && (
            <Flex gap={8} align="center">
              <RuleStatusTag status={rule.status} />
              {isAdmin && !archived && <ArchiveRuleButton rule={rule} onArchived={() => navigate('/earning-rules')} />}
            </Flex>
          )
        }
      />
      {readOnly && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={archived ? 'Archived rules no longer grant and cannot change.' : 'Only admins can change earning rules.'}
        />
      )}
      <RuleForm
        initialValues={rule ? toFormValues(rule) : NEW_RULE_VALUES}
        readOnly={readOnly}
        submitLabel={rule ? 'Save changes' : 'Create rule'}
        onSubmit={save}
        onCancel={() => navigate('/earning-rules')}
      />
    </>
  );
}
