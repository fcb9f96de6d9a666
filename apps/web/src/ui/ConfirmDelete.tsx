import { ActionIcon, Button, Group, Popover, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

interface ConfirmDeleteProps {
  /** Accessible name of the trash button, e.g. "Delete Bolts 10mm". */
  label: string;
  question: string;
  loading?: boolean;
  onConfirm: () => void;
}

/** Deleting is one tap away from editing in a dense table: ask once, in place, without a modal. */
export function ConfirmDelete({ label, question, loading, onConfirm }: ConfirmDeleteProps) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus returnFocus>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label={label}
          onClick={() => setOpened((o) => !o)}
        >
          <IconTrash aria-hidden size={20} />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm" maw={260}>
          <Text size="sm">{question}</Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setOpened(false)}>
              Keep
            </Button>
            <Button
              color="red"
              loading={loading}
              onClick={() => {
                onConfirm();
                setOpened(false);
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
