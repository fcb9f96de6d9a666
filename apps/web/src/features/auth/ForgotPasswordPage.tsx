import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { passwordResetRequestSchema, type PasswordResetRequest } from '@myb/contracts';
import { IconMailCheck } from '@tabler/icons-react';
import { useRequestPasswordReset } from '../../api/account';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { AuthCard } from './AuthCard';

export function ForgotPasswordPage() {
  const request = useRequestPasswordReset();
  const form = useForm<PasswordResetRequest>({
    initialValues: { email: '' },
    validate: validateWith(passwordResetRequestSchema),
  });
  return (
    <AuthCard title="Reset your password" switchText="Remember it?" switchLabel="Go to sign-in" switchTo="/sign-in">
      {request.isSuccess ? (
        <Alert color="green" icon={<IconMailCheck aria-hidden />} role="status" title="Check your e-mail">
          If {request.variables.email} has an account, a link to choose a new password is on its way. It works once,
          within the hour.
        </Alert>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => request.mutate(values, { onError: (error) => showServerIssues(form, error) }))}
        >
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              Enter the e-mail address of your account and we will send you a link to choose a new password.
            </Text>
            <FormError error={request.error} />
            <TextInput label="Email" type="email" autoComplete="email" data-autofocus {...form.getInputProps('email')} />
            <Button type="submit" loading={request.isPending} fullWidth>
              Send the link
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
