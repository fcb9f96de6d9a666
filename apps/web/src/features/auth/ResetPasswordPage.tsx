import { Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { PASSWORD_MIN_LENGTH, passwordResetSchema } from '@myb/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useResetPassword } from '../../api/account';
import { keys } from '../../api/keys';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { AuthCard } from './AuthCard';
import { PasswordField } from './PasswordField';

/** Opened from the e-mailed link, whose token rides in the query string. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { password: '' },
    validate: validateWith(passwordResetSchema, (values: { password: string }) => ({ token, ...values })),
  });
  return (
    <AuthCard title="Choose a new password" switchText="Need a new link?" switchLabel="Ask again" switchTo="/forgot-password">
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          reset.mutate(
            { token, password: values.password },
            {
              onSuccess: () => {
                // Every session of the account has ended, this browser's included.
                queryClient.setQueryData(keys.session, null);
                notifications.show({ color: 'green', message: 'Password changed. Sign in with your new password.' });
                void navigate('/sign-in', { replace: true });
              },
              onError: (error) => showServerIssues(form, error),
            },
          ),
        )}
      >
        <Stack gap="md">
          <FormError error={reset.error ?? (token === '' ? new Error('This link has no token; ask for a new one.') : null)} />
          <PasswordField
            label="New password"
            description={`At least ${PASSWORD_MIN_LENGTH} characters, not your e-mail, not a common password`}
            autoComplete="new-password"
            data-autofocus
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={reset.isPending} disabled={token === ''} fullWidth>
            Set the new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
