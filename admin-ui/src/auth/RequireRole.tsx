import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { ROLE_LABELS } from './roles';
import type { Role } from './types';
import { useHasRole } from './useSession';

/** Shows a 403 result instead of the page when the user's role is too low. */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const allowed = useHasRole(role);
  if (allowed) return children;
  return (
    <Result
      status="403"
      title="Access denied"
      subTitle={`This page requires the ${ROLE_LABELS[role]} role.`}
      extra={
        <Link to="/">
          <Button type="primary">Back to dashboard</Button>
        </Link>
      }
    />
  );
}
