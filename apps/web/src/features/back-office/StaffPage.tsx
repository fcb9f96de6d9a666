import { Badge, Button, Group, Paper, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { addStaffSchema, type AddStaff, type StaffMember } from '@myb/contracts';
import { useAddStaff, useRemoveStaff, useStaff } from '../../api/backOffice';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { ApiTokensPanel } from './ApiTokensPanel';
import { useShop } from './ShopLayout';

const ROLE_HELP = { manager: 'Manager: catalogue, suppliers and orders', cashier: 'Cashier: orders and dispatch' };

function AddStaffForm({ slug }: { slug: string }) {
  const add = useAddStaff(slug);
  const form = useForm<AddStaff>({ initialValues: { email: '', role: 'cashier' }, validate: validateWith(addStaffSchema) });
  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          add.mutate(values, {
            onSuccess: (member) => {
              notifications.show({ color: 'green', message: `${member.user.name} is now ${member.role} here.` });
              form.reset();
            },
            onError: (error) => showServerIssues(form, error),
          }),
        )}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Add a person
          </Title>
          <FormError error={add.error} />
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label="Their account's e-mail"
              type="email"
              description="They need an account: ask them to sign up first."
              style={{ flex: 1, minWidth: 240 }}
              {...form.getInputProps('email')}
            />
            <Select
              label="Role"
              data={[
                { value: 'cashier', label: ROLE_HELP.cashier },
                { value: 'manager', label: ROLE_HELP.manager },
              ]}
              allowDeselect={false}
              style={{ minWidth: 280 }}
              {...form.getInputProps('role')}
            />
            <Button type="submit" loading={add.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RemoveButton({ slug, member }: { slug: string; member: StaffMember }) {
  const remove = useRemoveStaff(slug);
  return (
    <Button
      variant="default"
      color="red"
      loading={remove.isPending}
      aria-label={`Remove ${member.user.name}`}
      onClick={() =>
        remove.mutate(member.user.id, {
          onSuccess: () => notifications.show({ color: 'green', message: `${member.user.name} no longer works here.` }),
          onError: (error) => notifications.show({ color: 'red', title: 'Not removed', message: errorMessage(error) }),
        })
      }
    >
      Remove
    </Button>
  );
}

export function StaffPage() {
  const shop = useShop();
  const staff = useStaff(shop.slug);
  return (
    <>
      <PageHeader title="Staff" description="Who works at this shop, and what each may do." />
      <Stack gap="lg">
        <QueryView query={staff} label="staff">
          {(list) => (
            <Table.ScrollContainer minWidth={600}>
              <Table aria-label="Staff" striped verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Email</Table.Th>
                    <Table.Th scope="col">Role</Table.Th>
                    <Table.Th scope="col">Since</Table.Th>
                    <Table.Th scope="col">
                      <span className="mantine-visually-hidden">Actions</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((member) => (
                    <Table.Tr key={member.user.id}>
                      <Table.Td fw={600}>{member.user.name}</Table.Td>
                      <Table.Td>{member.user.email}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={member.role === 'owner' ? 'blue' : member.role === 'manager' ? 'grape' : 'gray'}>
                          {member.role}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{formatDateTime(member.since)}</Table.Td>
                      <Table.Td>{member.role !== 'owner' && <RemoveButton slug={shop.slug} member={member} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryView>
        <AddStaffForm slug={shop.slug} />
        <ApiTokensPanel slug={shop.slug} />
      </Stack>
    </>
  );
}
