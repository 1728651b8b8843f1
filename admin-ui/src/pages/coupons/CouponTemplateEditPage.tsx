import { useState } from 'react';
import { Button } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { DefinitionEditFrame, DefinitionStatusBar } from '../../components/DefinitionEditFrame';
import { useLoaded } from '../../components/useLoaded';
import { useVersionedSave } from '../../components/useVersionedSave';
import { useMessages } from '../../i18n/language';
import { changeCouponTemplateStatus, createCouponTemplate, getCouponTemplate, updateCouponTemplate } from './api';
import type { CreateCouponTemplateDto, UpdateCouponTemplateDto } from '@laurel/shared';
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
  const archived = template?.status === 'archived';
  return (
    <DefinitionEditFrame
      backTo="/coupon-templates"
      texts={{ ...t, couldNotLoad: t.couldNotLoadTemplate }}
      ready={id === undefined || template !== null}
      loadError={error}
      reload={reload}
      title={template ? template.name : t.newTemplate}
      subtitle={template ? t.versionLine(template.version) : t.newSubtitle}
      extra={
        template && (
          <DefinitionStatusBar
            status={template.status}
            testId="coupon-template-status"
            actions={
              canWrite
                ? {
                    name: template.name,
                    change: (action) => changeCouponTemplateStatus(template.id, action),
                    onChanged: reload,
                    archiveTitle: t.archiveTitle,
                    archiveText: t.archiveText,
                  }
                : undefined
            }
          >
            {canWrite && template.status === 'active' && <Button onClick={() => setIssuing(true)}>{t.issue}</Button>}
          </DefinitionStatusBar>
        )
      }
      readOnlyText={!canWrite ? t.readOnlyViewer : archived ? t.readOnlyArchived : null}
      conflict={conflict}
      clearConflict={clearConflict}
      conflictTestId="coupon-template-conflict"
    >
      <CouponTemplateForm
        key={template ? `${template.id}:${template.version}` : 'new'}
        initialValues={template ? toFormValues(template) : NEW_TEMPLATE_VALUES}
        creating={!template}
        readOnly={!canWrite || archived}
        toBody={(values) => (template ? toUpdateBody(values, template.version) : toCreateBody(values))}
        onSubmit={save}
        onCancel={() => navigate('/coupon-templates')}
      />
      {template && <IssueCouponModal template={template} open={issuing} onClose={() => setIssuing(false)} onIssued={reload} />}
    </DefinitionEditFrame>
  );
}
