import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { signInSchema, type SignIn } from '@myb/contracts';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession, useSignIn } from '../../api/auth';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { AuthCard } from './AuthCard';
import { PasswordField } from './PasswordField';
import { ProviderButtons, usePasswordEnabled } from './ProviderButtons';
import { useAfterSignIn } from './useAfterSignIn';

export function SignInPage() {
  const session = useSession();
  const signIn = useSignIn();
  const after = useAfterSignIn();
  const passwordEnabled = usePasswordEnabled();
  // Set by the server when a sign-in with an external provider was refused, and why.
  const [params] = useSearchParams();
  const externalError = params.get('error');
  const form = useForm<SignIn>({
    initialValues: { email: '', password: '' },
    validate: validateWith(signInSchema),
  });

  if (session.data && !signIn.isSuccess) {
    return <Navigate to={after.next} replace />;
  }

  return (
    <AuthCard
      title="Sign in"
      switchText="New here?"
      switchLabel="Create an account"
      switchTo={`/sign-up${after.query}`}
    >
      {externalError && (
        <Alert color="red" role="alert" title="Sign-in refused">
          {externalError}
        </Alert>
      )}
      <ProviderButtons />
      {passwordEnabled && (
        <form
          noValidate
          onSubmit={form.onSubmit((values) =>
            signIn.mutate(values, { onSuccess: after.go, onError: (error) => showServerIssues(form, error) }),
          )}
        >
          <Stack gap="md">
            <FormError error={signIn.error} />
            <TextInput
              label="Email"
              type="email"
              autoComplete="email"
              data-autofocus
              {...form.getInputProps('email')}
            />
            <PasswordField autoComplete="current-password" {...form.getInputProps('password')} />
            <Anchor component={Link} to="/forgot-password" size="sm" ta="right">
              Forgot your password?
            </Anchor>
            <Button type="submit" loading={signIn.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
