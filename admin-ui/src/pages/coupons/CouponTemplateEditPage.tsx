import { useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Flex } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { ConflictAlert } from '../../components/ConflictAlert';
import { DefinitionStatusActions } from '../../components/DefinitionStatusActions';
import { DefinitionStatusTag } from '../../components/DefinitionStatusTag';
import { LoadingOrError } from '../../components/LoadingOrError';
import { PageHeader } from '../../components/PageHeader';
import { useLoaded } from '../../components/useLoaded';
import { useVersionedSave } from '../../components/useVersionedSave';
import { useMessages } from '../../i18n/language';
import { changeCouponTemplateStatus, createCouponTemplate, getCouponTemplate, updateCouponTemplate } from './api';
import type { CreateCouponTemplateDto, UpdateCouponTemplateDto } from './contract';
import { CouponTemplateForm } from './CouponTemplateForm';
import { NEW_TEMPLATE_VALUES, toCreateBody, toFormValues, toUpdateBody } from './formValues';
import { IssueCouponModal } from './IssueCouponModal';
import { couponsMessages } from './messages';

/** `/coupon-templates/new` and `/coupon-templates/:id` (read-only for viewers and archived templates). */
export function CouponTemplateEditPage() {
  const t = useMessages(couponsMessages);
  const { id } = useParams();
  const { data: template, error, reload } = useLoaded(id, getCouponTemplate);
  const canWrite = useHasRole('operator');
  const navigate = useNavigate();
  const [issuing, setIssuing] = useState(false);
  const { save, conflict, clearConflict } = useVersionedSave({
    send: (body: CreateCouponTemplateDto | UpdateCouponTemplateDto, key) =>
      template
        ? updateCouponTemplate(template.id, body as UpdateCouponTemplateDto, key)
        : createCouponTemplate(body as CreateCouponTemplateDto, key),
    savedText: (saved) => t.saved(saved.name),
    onSaved: () => navigate('/coupon-templates'),
  });
  const back = (
    <Link to="/coupon-templates">
      <ArrowLeftOutlined /> {t.back}
    </Link>
  );
  if (id !== undefined && !template) {
    return (
      <>
        {back}
        <LoadingOrError error={error} title={t.couldNotLoadTemplate} onRetry={reload} />
      </>
    );
  }

  const archived = template?.status === 'archived';
  const readOnly = !canWrite || archived;
  return (
    <>
      {back}
      <PageHeader
        title={template ? template.name : t.newTemplate}
        subtitle={template ? t.versionLine(template.version) : t.newSubtitle}
        extra={
          template && (
            <Flex gap={8} align="center">
              <DefinitionStatusTag status={template.status} testId="coupon-template-status" />
              {canWrite && template.status === 'active' && <Button onClick={() => setIssuing(true)}>{t.issue}</Button>}
              {canWrite && (
                <DefinitionStatusActions
                  name={template.name}
                  status={template.status}
                  change={(action) => changeCouponTemplateStatus(template.id, action)}
                  onChanged={reload}
                  archiveTitle={t.archiveTitle}
                  archiveText={t.archiveText}
                />
              )}
            </Flex>
          )
        }
      />
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={archived ? t.readOnlyArchived : t.readOnlyViewer} />}
      {conflict && (
        <ConflictAlert
          title={t.conflictTitle}
          description={t.conflictText}
          reloadLabel={t.reload}
          testId="coupon-template-conflict"
          onReload={() => {
            clearConflict();
            reload();
          }}
        />
      )}
      <CouponTemplateForm
        key={template ? `${template.id}:${template.version}` : 'new'}
        initialValues={template ? toFormValues(template) : NEW_TEMPLATE_VALUES}
        creating={!template}
        readOnly={readOnly}
        toBody={(values) => (template ? toUpdateBody(values, template.version) : toCreateBody(values))}
        onSubmit={save}
        onCancel={() => navigate('/coupon-templates')}
      />
      {template && <IssueCouponModal template={template} open={issuing} onClose={() => setIssuing(false)} onIssued={reload} />}
    </>
  );
}
