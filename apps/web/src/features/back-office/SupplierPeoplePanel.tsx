import {
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  inviteSupplierPersonSchema,
  type InviteSupplierPerson,
  type Supplier,
  type SupplierInvitation,
} from '@myb/contracts';
import { IconMailForward } from '@tabler/icons-react';
import { errorMessage } from '../../api/client';
import {
  useInviteSupplierPerson,
  useSupplierPeople,
  useWithdrawSupplierInvitation,
} from '../../api/supplierInvitations';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';
import { QueryView } from '../../ui/QueryView';

interface PeopleProps {
  slug: string;
  supplier: Supplier;
}

function InviteForm({ slug, supplier }: PeopleProps) {
  const invite = useInviteSupplierPerson(slug, supplier.id);
  const form = useForm<InviteSupplierPerson>({
    initialValues: { email: '' },
    validate: validateWith(inviteSupplierPersonSchema),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        invite.mutate(values, {
          onSuccess: (invitation) => {
            notifications.show({ color: 'green', message: `Invitation e-mailed to ${invitation.email}.` });
            form.reset();
          },
          onError: (error) => showServerIssues(form, error),
        }),
      )}
    >
      <Stack gap="xs">
        <FormError error={invite.error} />
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Invite by e-mail"
            type="email"
            description="They get a link that works once, for 14 days; they sign in with this address, or create an account with it."
            style={{ flex: 1, minWidth: 240 }}
            {...form.getInputProps('email')}
          />
          <Button
            type="submit"
            leftSection={<IconMailForward aria-hidden size={18} />}
            loading={invite.isPending}
          >
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function InvitationState({ invitation }: { invitation: SupplierInvitation }) {
  if (invitation.status === 'accepted') {
    return (
      <Text size="sm">
        <Badge color="green" variant="light" mr="xs">
          Accepted
        </Badge>
        {invitation.acceptedBy?.name ?? 'a deleted account'}, {formatDateTime(invitation.acceptedAt!)}
      </Text>
    );
  }
  const expired = new Date(invitation.expiresAt).getTime() <= Date.now();
  return (
    <Text size="sm">
      <Badge color={expired ? 'gray' : 'blue'} variant="light" mr="xs">
        {expired ? 'Expired' : 'Pending'}
      </Badge>
      {expired
        ? 'invite again to send a new link'
        : `link works until ${formatDateTime(invitation.expiresAt)}`}
    </Text>
  );
}

function WithdrawButton({ slug, supplier, invitation }: PeopleProps & { invitation: SupplierInvitation }) {
  const withdraw = useWithdrawSupplierInvitation(slug, supplier.id);
  return (
    <Button
      variant="default"
      size="xs"
      loading={withdraw.isPending}
      aria-label={`Withdraw the invitation of ${invitation.email}`}
      onClick={() =>
        withdraw.mutate(invitation.id, {
          onSuccess: () =>
            notifications.show({
              color: 'green',
              message: `The invitation of ${invitation.email} is withdrawn.`,
            }),
          onError: (error) =>
            notifications.show({ color: 'red', title: 'Not withdrawn', message: errorMessage(error) }),
        })
      }
    >
      Withdraw
    </Button>
  );
}

/**
 * A supplier's people: who sees, in the supplier portal, what the shop sends the supplier (from
 * every shop they work with), whom the shop invited, and inviting someone by e-mail.
 */
export function SupplierPeoplePanel({ slug, supplier }: PeopleProps) {
  const people = useSupplierPeople(slug, supplier.id);
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        People who see, in their supplier portal, the orders and purchase orders you send {supplier.name}.
      </Text>
      <QueryView query={people} label={`${supplier.name}'s people`}>
        {({ members, invitations }) => (
          <Stack gap="lg">
            <Stack gap="xs">
              <Title order={3} size="h5">
                Who has access
              </Title>
              {members.length === 0 ? (
                <Text size="sm">Nobody yet: invite the people who take your orders at {supplier.name}.</Text>
              ) : (
                <Table aria-label={`${supplier.name}'s people`} verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">E-mail</Table.Th>
                      <Table.Th scope="col">Since</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {members.map((member) => (
                      <Table.Tr key={member.id}>
                        <Table.Td fw={600}>{member.name}</Table.Td>
                        <Table.Td>{member.email}</Table.Td>
                        <Table.Td>{formatDateTime(member.since)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
            {invitations.length > 0 && (
              <Stack gap="xs">
                <Title order={3} size="h5">
                  Invitations
                </Title>
                <Table aria-label="Invitations" verticalSpacing="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">E-mail</Table.Th>
                      <Table.Th scope="col">Invited</Table.Th>
                      <Table.Th scope="col">State</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {invitations.map((invitation) => (
                      <Table.Tr key={invitation.id}>
                        <Table.Td>{invitation.email}</Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {formatDateTime(invitation.invitedAt)}
                            {invitation.invitedBy && ` by ${invitation.invitedBy.name}`}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <InvitationState invitation={invitation} />
                        </Table.Td>
                        <Table.Td>
                          {invitation.status === 'pending' && (
                            <WithdrawButton slug={slug} supplier={supplier} invitation={invitation} />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Stack>
            )}
          </Stack>
        )}
      </QueryView>
      <Paper withBorder p="md">
        <InviteForm slug={slug} supplier={supplier} />
      </Paper>
    </Stack>
  );
}

/** The panel in a dialog of the suppliers page; closed while `supplier` is null. */
export function SupplierPeopleDialog({
  slug,
  supplier,
  onClose,
}: {
  slug: string;
  supplier: Supplier | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      opened={supplier !== null}
      onClose={onClose}
      title={supplier ? `People of ${supplier.name}` : ''}
      size="xl"
    >
      {supplier && <SupplierPeoplePanel slug={slug} supplier={supplier} />}
    </Dialog>
  );
}
