import { useState } from 'react';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { login, type LoginInput } from './authApi';
import type { LoginLocationState } from './RequireAuth';
import type { LogoutReason } from './types';
import { useSession } from './useSession';

const REASON_TEXT: Partial<Record<LogoutReason, string>> = {
  expired: 'Your session has expired. Please sign in again.',
  unauthorized: 'Your session is no longer valid. Please sign in again.',
};

function safeRedirect(from: string | undefined): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const { session, endReason, signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = safeRedirect((location.state as LoginLocationState | null)?.from);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (session) return <Navigate to={from} replace />;

  const submit = async (values: LoginInput) => {
    setSubmitting(true);
    setError(null);
    try {
      signIn(await login({ email: values.email.trim(), password: values.password }));
      navigate(from, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setSubmitting(false);
    }
  };

  const reason = endReason ? REASON_TEXT[endReason] : undefined;
  return (
    <Flex
      justify="center"
      align="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: 'linear-gradient(160deg, #f0f5f2 0%, #e6eef8 100%)',
      }}
    >
      <Card style={{ width: 400, maxWidth: '100%' }} styles={{ body: { padding: 32 } }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={40} height={40} />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            Laurel Console
          </Typography.Title>
          <Typography.Text type="secondary">Member loyalty operations · 会员运营后台</Typography.Text>
        </Flex>
        {reason && !error && <Alert type="info" showIcon title={reason} style={{ marginBottom: 16 }} />}
        {error !== null && <ApiErrorAlert error={error} title="Sign-in failed" onClose={() => setError(null)} />}
        <Form<LoginInput> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="email" label="Email" rules={[{ required: true, type: 'email' }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label="Password" rules={[{ required: true }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            Sign in
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
