import { Button, Divider, Stack } from '@mantine/core';
import { API_PREFIX } from '@myb/contracts';
import { IconKey } from '@tabler/icons-react';
import { useAuthProviders } from '../../api/auth';
import { useAfterSignIn } from './useAfterSignIn';

/**
 * One button per external sign-in the server offers (OpenID Connect issuers, Facebook). These are full-page links: the issuer's
 * redirects and the session cookie are the server's business, not the app's.
 */
export function ProviderButtons() {
  const providers = useAuthProviders();
  const after = useAfterSignIn();
  const oidc = providers.data?.providers.filter((provider) => provider.kind !== 'password') ?? [];
  if (oidc.length === 0) {
    return null;
  }
  return (
    <Stack gap="sm">
      {oidc.map((provider) => (
        <Button
          key={provider.id}
          component="a"
          href={`${API_PREFIX}/auth/external/${encodeURIComponent(provider.id)}/start?next=${encodeURIComponent(after.next)}`}
          variant="default"
          leftSection={<IconKey aria-hidden size={18} />}
          fullWidth
        >
          Continue with {provider.label}
        </Button>
      ))}
      <Divider label="or with your e-mail" labelPosition="center" />
    </Stack>
  );
}

/** Whether to show the e-mail + password form; shown while loading or if the list fails, as the safe default. */
export function usePasswordEnabled(): boolean {
  const providers = useAuthProviders();
  return !providers.data || providers.data.providers.some((provider) => provider.kind === 'password');
}
