import type { ReactNode } from 'react';
import { Space } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { DefinitionStatusActions, type DefinitionStatus, type DefinitionStatusActionsProps } from './DefinitionStatusActions';

export interface DefinitionActionsColumnOptions<T> {
  title: string;
  texts: { view: string; edit: string };
  /** The definition's page. */
  link: (row: T) => string;
  /** How to change its status (the answer replaces the row). */
  actions: (row: T) => Omit<DefinitionStatusActionsProps<T>, 'status' | 'name' | 'size'>;
  /** More row buttons between edit and the status actions. */
  extra?: (row: T) => ReactNode;
}

/** The actions column of a definitions list: view an archived one; otherwise edit, extras, and pause / resume / archive. */
export function definitionActionsColumn<T extends { name: string; status: DefinitionStatus }>(
  options: DefinitionActionsColumnOptions<T>,
): TableColumnsType<T>[number] {
  const { title, texts, link, actions, extra } = options;
  return {
    title,
    key: 'actions',
    fixed: 'right',
    render: (_, row) =>
      row.status === 'archived' ? (
        <Link to={link(row)}>{texts.view}</Link>
      ) : (
        <Space>
          <Link to={link(row)}>{texts.edit}</Link>
          {extra?.(row)}
          <DefinitionStatusActions name={row.name} status={row.status} size="small" {...actions(row)} />
        </Space>
      ),
  };
}
