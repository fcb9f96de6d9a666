import { Button, Group, Stack, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Dialog } from './Dialogs';
import { FormError } from './FormError';

interface ConfirmButtonProps<Result> {
  /** The button, as it reads on the page. */
  label: string;
  buttonProps?: ButtonProps;
  /** The dialog's question, e.g. "Apply Front shelves?". */
  title: string;
  /** What the action will do, said before it does. */
  children: ReactNode;
  /** The way out, e.g. "Keep counting", and the action, e.g. "Apply the count". */
  keepLabel: string;
  confirmLabel: string;
  confirmColor?: string;
  /** Where the cursor waits: on the action, or on the way out for an action hard to undo. */
  focus?: 'keep' | 'confirm';
  action: Pick<UseMutationResult<Result, Error, void>, 'mutateAsync' | 'reset' | 'isPending' | 'error'>;
  /** After the action succeeded and the dialog closed: a toast, say. */
  onDone: (result: Result) => void;
}

/**
 * A button for an action with no fields that changes things for good: a dialog says what it will do
 * first; if the server refuses, its sentences stay in the dialog, which stays open.
 */
export function ConfirmButton<Result>({
  label,
  buttonProps,
  title,
  children,
  keepLabel,
  confirmLabel,
  confirmColor,
  focus = 'confirm',
  action,
  onDone,
}: ConfirmButtonProps<Result>) {
  const [opened, { open, close }] = useDisclosure(false);
  const dismiss = () => {
    action.reset();
    close();
  };
  const confirm = () =>
    // Not `mutate(…, { onSuccess })`: success often renders the page without this button, and
    // TanStack Query drops the callbacks of an unmounted caller.
    void action.mutateAsync().then(
      (result) => {
        close();
        onDone(result);
      },
      // Shown in the dialog.
      () => undefined,
    );
  return (
    <>
      <Button {...buttonProps} onClick={open}>
        {label}
      </Button>
      <Dialog opened={opened} onClose={dismiss} title={title}>
        <Stack gap="md">
          {children}
          <FormError error={action.error} withIssues />
          <Group justify="flex-end">
            <Button variant="default" data-autofocus={focus === 'keep' || undefined} onClick={dismiss}>
              {keepLabel}
            </Button>
            <Button
              color={confirmColor}
              data-autofocus={focus === 'confirm' || undefined}
              loading={action.isPending}
              onClick={confirm}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </>
  );
}
