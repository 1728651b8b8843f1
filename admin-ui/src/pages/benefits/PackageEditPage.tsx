import { useNavigate, useParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { DefinitionEditFrame, DefinitionStatusBar } from '../../components/DefinitionEditFrame';
import { useLoaded } from '../../components/useLoaded';
import { useVersionedSave } from '../../components/useVersionedSave';
import { useMessages } from '../../i18n/language';
import { archivePackage, BENEFITS_WRITE_ROLE, createPackage, getPackage, updatePackage } from './api';
import type { CreateBenefitPackageDto, UpdateBenefitPackageDto } from '@laurel/shared';
import { benefitsMessages } from './messages';
import { PackageForm } from './PackageForm';
import { NEW_PACKAGE_VALUES, toCreateBody, toFormValues, toUpdateBody } from './packageFormValues';

const LIST = '/benefits?tab=packages';

/** `/benefit-packages/new` and `/benefit-packages/:code` (read-only for viewers and archived packages). */
export function PackageEditPage() {
  const t = useMessages(benefitsMessages);
  const { code: id } = useParams();
  const { data: pkg, error, reload } = useLoaded(id, getPackage);
  const canWrite = useHasRole(BENEFITS_WRITE_ROLE);
  const navigate = useNavigate();
  const { save, conflict, clearConflict } = useVersionedSave({
    send: (body: CreateBenefitPackageDto | UpdateBenefitPackageDto, key) =>
      pkg ? updatePackage(pkg.code, body as UpdateBenefitPackageDto, key) : createPackage(body as CreateBenefitPackageDto, key),
    savedText: (saved) => t.saved(saved.name),
    onSaved: () => navigate(LIST),
  });
  const archived = pkg?.status === 'archived';
  return (
    <DefinitionEditFrame
      backTo={LIST}
      texts={{ ...t, back: t.packagesTab, couldNotLoad: t.couldNotLoadOne }}
      ready={id === undefined || pkg !== null}
      loadError={error}
      reload={reload}
      title={pkg ? pkg.name : t.newPackage}
      subtitle={pkg ? `${t.sourceTypes[pkg.source.type]} ${pkg.source.code} · ${t.versionLine(pkg.version)}` : t.newPackageSubtitle}
      extra={
        pkg && (
          <DefinitionStatusBar
            status={pkg.status}
            testId="package-status"
            actions={
              canWrite
                ? {
                    name: pkg.name,
                    pausable: false,
                    change: () => archivePackage(pkg.code),
                    onChanged: reload,
                    archiveTitle: t.archivePackageTitle,
                    archiveText: t.archivePackageText,
                  }
                : undefined
            }
          />
        )
      }
      readOnlyText={!canWrite ? t.readOnlyViewer : archived ? t.readOnlyArchived : null}
      conflict={conflict}
      clearConflict={clearConflict}
      conflictTestId="package-conflict"
    >
      <PackageForm
        key={pkg ? `${pkg.code}:${pkg.version}` : 'new'}
        initialValues={pkg ? toFormValues(pkg) : NEW_PACKAGE_VALUES}
        creating={!pkg}
        readOnly={!canWrite || archived}
        toBody={(values, typeOf) => (pkg ? toUpdateBody(values, pkg.version, typeOf) : toCreateBody(values, typeOf))}
        onSubmit={save}
        onCancel={() => navigate(LIST)}
      />
    </DefinitionEditFrame>
  );
}
