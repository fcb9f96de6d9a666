import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SupplierInvitationView } from '@myb/contracts';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useSession, useSignOut } from '../../api/auth';
import { useAcceptSupplierInvitation, useSupplierInvitation } from '../../api/supplierInvitations';
import { signInPath } from '../../app/navigation';
import { formatDateTime } from '../../lib/format';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

/** What the invited person may do here: sign in (or up) with the invited address, switch account, or accept. */
function Answer({ token, invitation }: { token: string; invitation: SupplierInvitationView }) {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const here = location.pathname;
  const signOut = useSignOut(signInPath(here));
  const accept = useAcceptSupplierInvitation(token);
  const user = session.data;

  if (session.isPending) {
    return null;
  }
  if (!user) {
    return (
      <Stack gap="sm">
        <Text>
          Sign in with <strong>{invitation.email}</strong> to accept, or create an account with that address
          if you have none.
        </Text>
        <Group>
          <Button component={Link} to={signInPath(here)}>
            Sign in to accept
          </Button>
          <Button component={Link} to={`/sign-up?next=${encodeURIComponent(here)}`} variant="default">
            Create an account
          </Button>
        </Group>
      </Stack>
    );
  }
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <Alert color="yellow" title="This invitation is for another account">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            You are signed in as {user.email}. Sign out, then sign in with {invitation.email} (or create an
            account with it) to accept.
          </Text>
          <Button variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out and use {invitation.email}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <Stack gap="sm" align="flex-start">
      <FormError error={accept.error} />
      <Button
        loading={accept.isPending}
        onClick={() =>
          accept.mutate(undefined, {
            onSuccess: (accepted) => {
              notifications.show({
                color: 'green',
                message: `You are one of ${accepted.supplier.name}'s people: ${accepted.merchant.name}'s purchase orders are here.`,
              });
              void navigate('/supplier-purchase-orders');
            },
          })
        }
      >
        Accept
      </Button>
    </Stack>
  );
}

/**
 * The page the e-mailed invitation opens, signed in or not: who invites whom, and the way to accept
 * with the invited address. Accepting leads to the supplier portal.
 */
export function SupplierInvitationPage() {
  const { token = '' } = useParams();
  const invitation = useSupplierInvitation(token);
  return (
    <QueryView query={invitation} label="the invitation">
      {(shown) => (
        <>
          <PageHeader
            title={`${shown.merchant.name} invites you`}
            description={`To the supplier portal, as one of ${shown.supplier.name}'s people`}
          />
          <Paper withBorder p="lg" maw={640}>
            <Stack gap="md">
              <Text>
                {shown.invitedBy ?? shown.merchant.name} of {shown.merchant.name} invites {shown.email} to
                see, in the supplier portal, the orders and purchase orders {shown.merchant.name} sends{' '}
                {shown.supplier.name}, and to confirm them. The portal shows every shop you work with in one
                place.
              </Text>
              <Text size="sm" c="dimmed">
                The invitation works once, until {formatDateTime(shown.expiresAt)}.
              </Text>
              <Answer token={token} invitation={shown} />
            </Stack>
          </Paper>
        </>
      )}
    </QueryView>
  );
}
