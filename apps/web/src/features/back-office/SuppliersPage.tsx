import { ActionIcon, Badge, Button, Code, Group, SegmentedControl, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import type { Supplier } from '@myb/contracts';
import { IconArchive, IconArchiveOff, IconPencil, IconPlus, IconTruck, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { useArchiveSupplier, useDeleteSupplier, useSuppliers } from '../../api/backOffice';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from './ShopLayout';
import { SupplierFormModal } from './SupplierForm';
import { SupplierPeopleDialog } from './SupplierPeoplePanel';

type Shown = 'active' | 'archived' | 'all';
const SHOWN_LABELS: Record<Shown, string> = { active: 'In use', archived: 'Archived', all: 'All' };

export function SuppliersPage() {
  const shop = useShop();
  const suppliers = useSuppliers(shop.slug);
  const remove = useDeleteSupplier(shop.slug);
  const archive = useArchiveSupplier(shop.slug);
  const [editing, setEditing] = useState<Supplier | null | undefined>(undefined);
  const [shown, setShown] = useState<Shown>('active');
  const [peopleOf, setPeopleOf] = useState<Supplier | null>(null);

  return (
    <>
      <PageHeader
        title="Suppliers"
        description="Who is notified when you dispatch an order, and where their agent listens."
        actions={
          <Button leftSection={<IconPlus aria-hidden size={18} />} onClick={() => setEditing(null)}>
            Add supplier
          </Button>
        }
      />
      <Stack gap="md">
        <FormError error={remove.error ?? archive.error} />
        <SegmentedControl
          aria-label="Show suppliers"
          w="fit-content"
          value={shown}
          onChange={(value) => setShown(value)}
          data={(Object.keys(SHOWN_LABELS) as Shown[]).map((value) => ({ value, label: SHOWN_LABELS[value] }))}
        />
        <QueryView query={suppliers} label="suppliers">
          {(all) => {
            const list = all.filter((supplier) =>
              shown === 'all' ? true : shown === 'archived' ? supplier.archivedAt !== null : supplier.archivedAt === null,
            );
            return all.length === 0 ? (
              <EmptyState title="No suppliers yet" icon={<IconTruck />}>
                Press “Add supplier” and give the e-mail addresses that should receive your orders. Then
                choose suppliers on each product in the Catalogue.
              </EmptyState>
            ) : list.length === 0 ? (
              <EmptyState title={shown === 'archived' ? 'No archived suppliers' : 'No suppliers in use'} icon={<IconTruck />}>
                {shown === 'archived'
                  ? 'A supplier you archive is no longer offered for products, and stays here with its history.'
                  : 'Every supplier is archived: restore one under “Archived”, or add a supplier.'}
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table aria-label="Suppliers" striped highlightOnHover verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Short name</Table.Th>
                      <Table.Th scope="col">E-mails</Table.Th>
                      <Table.Th scope="col">Where its device listens</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((supplier) => (
                      <Table.Tr key={supplier.id}>
                        <Table.Td fw={600}>
                          <Group gap="xs" wrap="nowrap">
                            {supplier.name}
                            {supplier.archivedAt && (
                              <Badge color="gray" variant="light">
                                Archived
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td>{supplier.slug}</Table.Td>
                        <Table.Td>
                          <Stack gap={0}>
                            {supplier.emails.map((email) => (
                              <Text key={email} size="sm">
                                {email}
                              </Text>
                            ))}
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <Stack gap={4} align="flex-start">
                            <Code>{supplier.routingKey}</Code>
                            <Code>{supplier.topic}</Code>
                          </Stack>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4} wrap="nowrap" justify="flex-end">
                            <ActionIcon
                              variant="subtle"
                              size="lg"
                              aria-label={`Edit ${supplier.name}`}
                              onClick={() => setEditing(supplier)}
                            >
                              <IconPencil aria-hidden size={20} />
                            </ActionIcon>
                            <Tooltip label="People: who sees what you send it in the supplier portal; invite by e-mail">
                              <ActionIcon
                                variant="subtle"
                                size="lg"
                                aria-label={`People of ${supplier.name}`}
                                onClick={() => setPeopleOf(supplier)}
                              >
                                <IconUsers aria-hidden size={20} />
                              </ActionIcon>
                            </Tooltip>
                            <Tooltip
                              label={
                                supplier.archivedAt
                                  ? 'Restore: offered for products again'
                                  : 'Archive: no longer offered for products; those that have it still notify it'
                              }
                            >
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                size="lg"
                                aria-label={`${supplier.archivedAt ? 'Restore' : 'Archive'} ${supplier.name}`}
                                loading={archive.isPending && archive.variables.supplierId === supplier.id}
                                onClick={() => archive.mutate({ supplierId: supplier.id, archived: !supplier.archivedAt })}
                              >
                                {supplier.archivedAt ? <IconArchiveOff aria-hidden size={20} /> : <IconArchive aria-hidden size={20} />}
                              </ActionIcon>
                            </Tooltip>
                            <ConfirmDelete
                              label={`Delete ${supplier.name}`}
                              question={`Delete “${supplier.name}”? Only a supplier never sent an order can be deleted: archive one that was.`}
                              onConfirm={() => remove.mutate(supplier.id)}
                            />
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
      </Stack>
      <SupplierFormModal supplier={editing} onDone={() => setEditing(undefined)} />
      <SupplierPeopleDialog slug={shop.slug} supplier={peopleOf} onClose={() => setPeopleOf(null)} />
    </>
  );
}
