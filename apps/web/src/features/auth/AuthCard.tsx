import { Anchor, Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface AuthCardProps {
  title: string;
  children: ReactNode;
  /** The way to the other form, for example "New here? Create an account". */
  switchText: string;
  switchLabel: string;
  switchTo: string;
}

export function AuthCard({ title, children, switchText, switchLabel, switchTo }: AuthCardProps) {
  return (
    <Container size={440} py="xl">
      <Paper withBorder shadow="sm" p="xl" radius="md">
        <Stack gap="md">
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
          <Text size="sm" ta="center">
            {switchText}{' '}
            <Anchor component={Link} to={switchTo}>
              {switchLabel}
            </Anchor>
          </Text>
        </Stack>
      </Paper>
    </Container>
  );
}
