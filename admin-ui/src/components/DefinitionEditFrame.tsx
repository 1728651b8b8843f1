import type { ReactNode } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Flex } from 'antd';
import { Link } from 'react-router-dom';
import { defineMessages, useMessages } from '../i18n/language';
import { ConflictAlert } from './ConflictAlert';
import { DefinitionStatusActions, type DefinitionStatus, type DefinitionStatusActionsProps } from './DefinitionStatusActions';
import { DefinitionStatusTag } from './DefinitionStatusTag';
import { LoadingOrError } from './LoadingOrError';
import { PageHeader } from './PageHeader';

export interface FrameTexts {
  /** The way back, e.g. "Points mall". */
  back: string;
  couldNotLoad: string;
  /** e.g. "Someone changed this reward meanwhile". */
  conflictTitle: string;
}

const messages = defineMessages({
  en: { conflictText: 'Nothing was saved. Reload to see the current version, then make your change again.', reload: 'Reload' },
  zh: { conflictText: '本次修改未保存。请重新加载查看最新版本，然后再修改。', reload: '重新加载' },
});

export interface DefinitionEditFrameProps {
  backTo: string;
  texts: FrameTexts;
  /** False while the definition of an existing id has not loaded. */
  ready: boolean;
  loadError: unknown;
  reload: () => void;
  title: ReactNode;
  subtitle: ReactNode;
  extra?: ReactNode;
  /** Why the form is read-only, if it is. */
  readOnlyText?: string | null;
  /** From useVersionedSave: a save was refused because someone saved another version meanwhile. */
  conflict: boolean;
  clearConflict: () => void;
  conflictTestId?: string;
  children: ReactNode;
}

export interface DefinitionStatusBarProps<T> {
  status: DefinitionStatus;
  testId: string;
  /** Pause / resume / archive, for those who may change the definition. */
  actions?: Omit<DefinitionStatusActionsProps<T>, 'status'>;
  /** More buttons before the status actions (e.g. issue a coupon). */
  children?: ReactNode;
}

/** A definition's status and what may be done with it, for the page header. */
export function DefinitionStatusBar<T>({ status, testId, actions, children }: DefinitionStatusBarProps<T>) {
  return (
    <Flex gap={8} align="center">
      <DefinitionStatusTag status={status} testId={testId} />
      {children}
      {actions && <DefinitionStatusActions status={status} {...actions} />}
    </Flex>
  );
}

/**
 * The page around a versioned definition's form: the way back, loading or its error, the header, why the form is
 * read-only, and the "someone changed it meanwhile" alert with a reload.
 */
export function DefinitionEditFrame(props: DefinitionEditFrameProps) {
  const { backTo, texts, ready, loadError, reload, title, subtitle, extra, readOnlyText, conflict, clearConflict, conflictTestId } = props;
  const own = useMessages(messages);
  const back = (
    <Link to={backTo}>
      <ArrowLeftOutlined /> {texts.back}
    </Link>
  );
  if (!ready) {
    return (
      <>
        {back}
        <LoadingOrError error={loadError} title={texts.couldNotLoad} onRetry={reload} />
      </>
    );
  }
  return (
    <>
      {back}
      <PageHeader title={title} subtitle={subtitle} extra={extra} />
      {readOnlyText && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={readOnlyText} />}
      {conflict && (
        <ConflictAlert
          title={texts.conflictTitle}
          description={own.conflictText}
          reloadLabel={own.reload}
          testId={conflictTestId}
          onReload={() => {
            clearConflict();
            reload();
          }}
        />
      )}
      {props.children}
    </>
  );
}
