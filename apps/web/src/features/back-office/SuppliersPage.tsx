import { ActionIcon, Button, Code, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { Supplier } from '@myb/contracts';
import { IconPencil, IconPlus, IconTruck } from '@tabler/icons-react';
import { useState } from 'react';
import { useDeleteSupplier, useSuppliers } from '../../api/backOffice';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { EmptyState } from '../../ui/EmptyState';
import { FormError } from '../../ui/FormError';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from './ShopLayout';
import { SupplierFormModal } from './SupplierForm';

export function SuppliersPage() {
  const shop = useShop();
  const suppliers = useSuppliers(shop.slug);
  const remove = useDeleteSupplier(shop.slug);
  const [editing, setEditing] = useState<Supplier | null | undefined>(undefined);

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
        <FormError error={remove.error} />
        <QueryView query={suppliers} label="suppliers">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No suppliers yet" icon={<IconTruck />}>
                Press “Add supplier” and give the e-mail addresses that should receive your orders. Then
                choose suppliers on each product in the Catalogue.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table aria-label="Suppliers" striped highlightOnHover verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Slug</Table.Th>
                      <Table.Th scope="col">E-mails</Table.Th>
                      <Table.Th scope="col">Routing key / topic</Table.Th>
                      <Table.Th scope="col">
                        <VisuallyHidden>Actions</VisuallyHidden>
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((supplier) => (
                      <Table.Tr key={supplier.id}>
                        <Table.Td fw={600}>{supplier.name}</Table.Td>
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
                            <ConfirmDelete
                              label={`Delete ${supplier.name}`}
                              question={`Delete “${supplier.name}”? Products stop notifying it.`}
                              onConfirm={() => remove.mutate(supplier.id)}
                            />
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryView>
      </Stack>
      <SupplierFormModal supplier={editing} onDone={() => setEditing(undefined)} />
    </>
  );
}
