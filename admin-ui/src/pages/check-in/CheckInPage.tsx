import { useState } from 'react';
import { Alert, App, Flex, Spin, Tag } from 'antd';
import type { UpdateCheckInProgramDto } from '@laurel/shared';
import { asApiError } from '../../api/errors';
import { useIdempotencyKey } from '../../api/useIdempotencyKey';
import { useHasRole } from '../../auth/useSession';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ConflictAlert } from '../../components/ConflictAlert';
import { useMessages } from '../../i18n/language';
import { updateCheckInProgram } from './api';
import { CheckInForm } from './CheckInForm';
import { checkInMessages } from './messages';
import { useCheckInProgram } from './useCheckInProgram';

/** `/check-in`: the one check-in program (read-only for viewers). */
export function CheckInPage() {
  const t = useMessages(checkInMessages);
  const { program, loading, error, reload, replace } = useCheckInProgram();
  const canWrite = useHasRole('operator');
  const idempotency = useIdempotencyKey();
  const { message } = App.useApp();
  const [conflict, setConflict] = useState(false);

  const header = (
    <PageHeader
      title={t.title}
      subtitle={
        <>
          {t.subtitle}
          {program && (
            <>
              <br />
              <span data-testid="check-in-time-zone">{t.timeZone(program.timeZone, program.dayStart)}</span>
            </>
          )}
        </>
      }
      extra={
        program && (
          <Flex gap={8} align="center" data-testid="check-in-version">
            {program.version > 0 ? (
              <>
                <Tag>{t.version(program.version)}</Tag>
                <DateTime value={program.updatedAt} />
              </>
            ) : null}
          </Flex>
        )
      }
    />
  );
  if (!program) {
    return (
      <>
        {header}
        {error ? (
          <ApiErrorAlert error={error} title={t.couldNotLoad} onRetry={reload} />
        ) : (
          <Flex justify="center" style={{ padding: 64 }}>
            <Spin spinning={loading} />
          </Flex>
        )}
      </>
    );
  }

  const save = async (body: UpdateCheckInProgramDto) => {
    try {
      const saved = await updateCheckInProgram(body, idempotency.current());
      idempotency.settle();
      void message.success(t.saved);
      replace(saved);
    } catch (err) {
      idempotency.settle(err);
      if (asApiError(err).status === 409 && asApiError(err).code === 'CONFLICT') setConflict(true);
      throw err;
    }
  };

  return (
    <>
      {header}
      {!canWrite && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t.readOnly} />}
      {program.version === 0 && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t.neverConfigured} />}
      {conflict && (
        <ConflictAlert
          title={t.conflictTitle}
          description={t.conflictText}
          reloadLabel={t.reload}
          testId="check-in-conflict"
          onReload={() => {
            setConflict(false);
            reload();
          }}
        />
      )}
      {/* A new version (saved or reloaded) starts the form over from what is stored. */}
      <CheckInForm key={program.version} program={program} readOnly={!canWrite} onSubmit={save} />
    </>
  );
}
