import { Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { PASSWORD_MIN_LENGTH, signUpSchema, type SignUp } from '@myb/contracts';
import { Navigate } from 'react-router';
import { useSession, useSignUp } from '../../api/auth';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { AuthCard } from './AuthCard';
import { PasswordField } from './PasswordField';
import { ProviderButtons } from './ProviderButtons';
import { useAfterSignIn } from './useAfterSignIn';

export function SignUpPage() {
  const session = useSession();
  const signUp = useSignUp();
  const after = useAfterSignIn();
  const form = useForm<SignUp>({
    initialValues: { name: '', email: '', password: '' },
    validate: validateWith(signUpSchema),
  });

  if (session.data && !signUp.isSuccess) {
    return <Navigate to={after.next} replace />;
  }

  return (
    <AuthCard
      title="Create your account"
      switchText="Already have an account?"
      switchLabel="Go to sign-in"
      switchTo={`/sign-in${after.query}`}
    >
      <ProviderButtons />
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          signUp.mutate(values, { onSuccess: after.go, onError: (error) => showServerIssues(form, error) }),
        )}
      >
        <Stack gap="md">
          <FormError error={signUp.error} />
          <TextInput label="Name" autoComplete="name" {...form.getInputProps('name')} />
          <TextInput label="Email" type="email" autoComplete="email" {...form.getInputProps('email')} />
          <PasswordField
            description={`At least ${PASSWORD_MIN_LENGTH} characters, not your e-mail, not a common password`}
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signUp.isPending} fullWidth>
            Sign up
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
