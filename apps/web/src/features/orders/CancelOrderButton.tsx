import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { customerCancelOrderSchema, shopCancelOrderSchema, type Order } from '@myb/contracts';
import { IconX } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';
import type { OrderCancellation } from '../../api/orders';
import { showServerIssues } from '../../lib/forms';
import { plural } from '../../lib/format';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';

type CancelMutation = UseMutationResult<Order, Error, OrderCancellation>;

interface CancelOrderButtonProps {
  order: Order;
  /** The shop must say why (its customer reads it); the customer may. */
  side: 'shop' | 'customer';
  cancel: CancelMutation;
}

/** "Cancel order", then a dialog that says what cancelling does and asks why, before anything is sent. */
export function CancelOrderButton({ order, side, cancel }: CancelOrderButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm({
    initialValues: { reason: '' },
    validate: validateWith(side === 'shop' ? shopCancelOrderSchema : customerCancelOrderSchema),
  });
  const units = order.items.reduce((sum, item) => sum + item.quantity, 0);
  const dismiss = () => {
    cancel.reset();
    form.reset();
    close();
  };

  return (
    <>
      <Button size="md" variant="default" color="red" leftSection={<IconX aria-hidden size={20} />} onClick={open}>
        Cancel order
      </Button>
      <Dialog opened={opened} onClose={dismiss} title={`Cancel order ${order.number}?`}>
        <form
          noValidate
          onSubmit={form.onSubmit(({ reason }) =>
            // Not `mutate(…, { onSuccess })`: the order page re-renders without this button once the
            // order is cancelled, and TanStack Query drops an unmounted caller's callbacks.
            void cancel.mutateAsync({ orderId: order.id, reason: reason.trim() || undefined }).then(
              (cancelled) => {
                notifications.show({
                  color: 'green',
                  title: `Order ${cancelled.number} cancelled`,
                  message: `${plural(units, 'item')} back in stock.`,
                });
                dismiss();
              },
              (error: unknown) => showServerIssues(form, error),
            ),
          )}
        >
          <Stack gap="md">
            <Text>
              {side === 'shop'
                ? `The ${plural(units, 'item')} go back into stock and the customer sees the order cancelled, with your reason. No supplier has been told of it yet, and none will be.`
                : `The ${plural(units, 'item')} go back into the shop’s stock and the shop will not send the order.`}
            </Text>
            <FormError error={cancel.error} />
            <Textarea
              label={side === 'shop' ? 'Reason, for the customer' : 'Reason (optional)'}
              placeholder={side === 'shop' ? 'For example: out of stock until March.' : 'For example: ordered twice.'}
              autosize
              minRows={2}
              data-autofocus
              withAsterisk={side === 'shop'}
              {...form.getInputProps('reason')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={dismiss}>
                Keep the order
              </Button>
              <Button type="submit" color="red" loading={cancel.isPending}>
                Cancel the order
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </>
  );
}
