import { Anchor, Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Register } from '@myb/contracts';
import { IconCashRegister, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { useRegisters, useUpdateRegister } from '../../api/register';
import { useCan } from '../../app/permissions';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { formatSince } from './format';
import { OpenRegisterDialog, RegisterFormDialog } from './RegisterDialogs';
import { TimeClockCard } from '../timesheets/TimeClockCard';
import { RegisterPinPanel } from './RegisterPinPanel';

export const registerPath = (slug: string, registerId: string) =>
  `/back-office/${slug}/register/${registerId}`;

export function RegisterState({ register }: { register: Register }) {
  if (register.archivedAt !== null) {
    return (
      <Badge color="gray" variant="light">
        Archived
      </Badge>
    );
  }
  if (register.openShift === null) {
    return (
      <Badge color="gray" variant="outline">
        Closed
      </Badge>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge color="green" variant="light">
        Open
      </Badge>
      <Text size="sm">
        {register.openShift.openedBy.name}, since {formatSince(register.openShift.openedAt)}
      </Text>
    </Group>
  );
}

/**
 * The shop's registers and whether each is open, by whom and since when; Open counts the float in,
 * Sell goes to the selling screen. Owners and managers add, rename and archive registers here.
 */
export function RegistersPage() {
  const shop = useShop();
  const navigate = useNavigate();
  const registers = useRegisters(shop.slug);
  const canSetUp = useCan('registerSetup');
  const canClock = useCan('clock');
  const update = useUpdateRegister(shop.slug);
  const [opening, setOpening] = useState<Register>();
  const [editing, setEditing] = useState<Register | null>();
  const archive = (register: Register, archived: boolean) =>
    update.mutate(
      { registerId: register.id, body: { archived } },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'green',
            message: archived ? `${saved.name} archived: it sells no more.` : `${saved.name} is back.`,
          }),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );
  return (
    <>
      <PageHeader
        title="Registers"
        description="Open a register with the cash counted in its drawer, sell, then close it by counting the cash again."
        actions={
          canSetUp && (
            <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setEditing(null)}>
              Add a register
            </Button>
          )
        }
      />
      <QueryView query={registers} label="registers">
        {(all) => {
          const shown = all
            .filter((register) => canSetUp || register.archivedAt === null)
            .sort(
              (a, b) =>
                Number(a.archivedAt !== null) - Number(b.archivedAt !== null) || a.name.localeCompare(b.name),
            );
          return shown.length === 0 ? (
            <EmptyState title="No register yet" icon={<IconCashRegister />}>
              {canSetUp
                ? 'Press “Add a register” for each till at the counter: name it and choose the prefix of its receipts’ numbers.'
                : 'Ask the shop’s owner or a manager to add a register for the counter.'}
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label="Registers" verticalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Register</Table.Th>
                    <Table.Th scope="col">Receipt prefix</Table.Th>
                    <Table.Th scope="col">State</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((register) => (
                    <Table.Tr key={register.id}>
                      <Table.Td fw={600}>
                        {register.archivedAt === null ? (
                          <Anchor component={Link} to={registerPath(shop.slug, register.id)}>
                            {register.name}
                          </Anchor>
                        ) : (
                          register.name
                        )}
                      </Table.Td>
                      <Table.Td>{register.receiptPrefix}</Table.Td>
                      <Table.Td>
                        <RegisterState register={register} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          {register.archivedAt === null &&
                            (register.openShift ? (
                              <Button
                                component={Link}
                                to={registerPath(shop.slug, register.id)}
                                aria-label={`Sell on ${register.name}`}
                              >
                                Sell
                              </Button>
                            ) : (
                              <Button
                                onClick={() => setOpening(register)}
                                aria-label={`Open ${register.name}`}
                              >
                                Open
                              </Button>
                            ))}
                          {canSetUp && (
                            <>
                              <Button
                                variant="default"
                                onClick={() => setEditing(register)}
                                aria-label={`Rename ${register.name}`}
                              >
                                Rename
                              </Button>
                              <Button
                                variant="default"
                                loading={update.isPending && update.variables.registerId === register.id}
                                onClick={() => archive(register, register.archivedAt === null)}
                                aria-label={`${register.archivedAt === null ? 'Archive' : 'Bring back'} ${register.name}`}
                              >
                                {register.archivedAt === null ? 'Archive' : 'Bring back'}
                              </Button>
                            </>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </QueryView>
      <OpenRegisterDialog
        register={opening}
        onDone={(opened) => {
          const register = opening;
          setOpening(undefined);
          if (opened && register) {
            void navigate(registerPath(shop.slug, register.id));
          }
        }}
      />
      <RegisterFormDialog register={editing} onDone={() => setEditing(undefined)} />
      {canClock && (
        <Stack gap="lg" mt="lg">
          <TimeClockCard slug={shop.slug} onRegister />
          <RegisterPinPanel slug={shop.slug} />
        </Stack>
      )}
    </>
  );
}
