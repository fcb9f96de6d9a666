import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { purchaseOrderReasonSchema, type PurchaseOrder, type PurchaseOrderReason } from '@myb/contracts';
import type { UseMutationResult } from '@tanstack/react-query';
import { showServerIssues } from '../../lib/forms';
import { validateWith } from '../../lib/validate';
import { Dialog } from '../../ui/Dialogs';
import { FormError } from '../../ui/FormError';

interface ReasonButtonProps {
  /** The button, e.g. "Cancel". */
  label: string;
  /** The dialog's question, e.g. "Cancel PO-0004?". */
  title: string;
  /** What the change does, said before it is made. */
  consequence: string;
  keepLabel: string;
  confirmLabel: string;
  /** The toast's title once done, e.g. "PO-0004 cancelled". */
  done: (order: PurchaseOrder) => string;
  action: UseMutationResult<PurchaseOrder, Error, PurchaseOrderReason>;
}

/** A change that ends a purchase order (cancel, close short): a dialog asks why, and keeps the server's refusal. */
export function ReasonButton({
  label,
  title,
  consequence,
  keepLabel,
  confirmLabel,
  done,
  action,
}: ReasonButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm({ initialValues: { reason: '' }, validate: validateWith(purchaseOrderReasonSchema) });
  const dismiss = () => {
    action.reset();
    form.reset();
    close();
  };
  return (
    <>
      <Button size="md" variant="default" color="red" onClick={open}>
        {label}
      </Button>
      <Dialog opened={opened} onClose={dismiss} title={title}>
        <form
          noValidate
          onSubmit={form.onSubmit(
            ({ reason }) =>
              // Not `mutate(…, { onSuccess })`: the page re-renders without this button once done.
              void action.mutateAsync({ reason }).then(
                (order) => {
                  notifications.show({
                    color: 'green',
                    title: done(order),
                    message: `Reason: ${reason.trim()}`,
                  });
                  dismiss();
                },
                (error: unknown) => showServerIssues(form, error),
              ),
          )}
        >
          <Stack gap="md">
            <Text>{consequence}</Text>
            <FormError error={action.error} withIssues />
            <Textarea
              label="Reason"
              withAsterisk
              autosize
              minRows={2}
              data-autofocus
              {...form.getInputProps('reason')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={dismiss}>
                {keepLabel}
              </Button>
              <Button type="submit" color="red" loading={action.isPending}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    </>
  );
}
