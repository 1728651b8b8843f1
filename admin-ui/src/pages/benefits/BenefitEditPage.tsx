import { useNavigate, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { DefinitionEditFrame, DefinitionStatusBar } from '../../components/DefinitionEditFrame';
import { useLoaded } from '../../components/useLoaded';
import { useVersionedSave } from '../../components/useVersionedSave';
import { useMessages } from '../../i18n/language';
import { archiveBenefit, BENEFITS_WRITE_ROLE, createBenefit, getBenefit, updateBenefit } from './api';
import { BenefitForm } from './BenefitForm';
import { NEW_BENEFIT_VALUES, toCreateBody, toFormValues, toUpdateBody } from './benefitFormValues';
import type { CreateBenefitDto, UpdateBenefitDto } from '@laurel/shared';
import { benefitsMessages } from './messages';

/** `/benefits/new` and `/benefits/:code` (read-only for viewers and archived benefits). */
export function BenefitEditPage() {
  const t = useMessages(benefitsMessages);
  const { code: id } = useParams();
  const { data: benefit, error, reload } = useLoaded(id, getBenefit);
  const canWrite = useHasRole(BENEFITS_WRITE_ROLE);
  const navigate = useNavigate();
  const { save, conflict, clearConflict } = useVersionedSave({
    send: (body: CreateBenefitDto | UpdateBenefitDto, key) =>
      benefit ? updateBenefit(benefit.code, body as UpdateBenefitDto, key) : createBenefit(body as CreateBenefitDto, key),
    savedText: (saved) => t.saved(saved.name),
    onSaved: () => navigate('/benefits'),
  });
  const archived = benefit?.status === 'archived';
  return (
    <DefinitionEditFrame
      backTo="/benefits"
      texts={{ ...t, couldNotLoad: t.couldNotLoadOne }}
      ready={id === undefined || benefit !== null}
      loadError={error}
      reload={reload}
      title={benefit ? benefit.name : t.newBenefit}
      subtitle={benefit ? `${t.types[benefit.type]} · ${t.versionLine(benefit.version)}` : t.newBenefitSubtitle}
      extra={
        benefit && (
          <DefinitionStatusBar
            status={benefit.status}
            testId="benefit-status"
            actions={
              canWrite
                ? {
                    name: benefit.name,
                    pausable: false,
                    change: () => archiveBenefit(benefit.code),
                    onChanged: reload,
                    archiveTitle: t.archiveBenefitTitle,
                    archiveText: t.archiveBenefitText,
                  }
                : undefined
            }
          />
        )
      }
      readOnlyText={!canWrite ? t.readOnlyViewer : archived ? t.readOnlyArchived : null}
      conflict={conflict}
      clearConflict={clearConflict}
      conflictTestId="benefit-conflict"
    >
      <BenefitForm
        key={benefit ? `${benefit.code}:${benefit.version}` : 'new'}
        initialValues={benefit ? toFormValues(benefit) : NEW_BENEFIT_VALUES}
        creating={!benefit}
        readOnly={!canWrite || archived}
        toBody={(values) => (benefit ? toUpdateBody(values, benefit.version) : toCreateBody(values))}
        onSubmit={save}
        onCancel={() => navigate('/benefits')}
      />
    </DefinitionEditFrame>
  );
}
