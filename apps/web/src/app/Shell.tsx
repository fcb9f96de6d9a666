import { AppShell, Avatar, Burger, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuildingStore } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router';
import { useSession, useSignOut } from '../api/auth';
import { errorMessage } from '../api/client';
import { QueryView } from '../ui/QueryView';
import { activeNavItem, signInPath, visibleNavItems, type NavItem } from './navigation';
import { SidePanel } from '../ui/Dialogs';
import { LiveUpdates } from './LiveUpdates';

function MainNavLink({
  item,
  active,
  onNavigate,
}: {
  item: NavItem;
  active: boolean;
  onNavigate?: () => void;
}) {
  return (
    <Button
      component={Link}
      to={item.to}
      variant={active ? 'light' : 'subtle'}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    >
      {item.label}
    </Button>
  );
}

function UserArea() {
  const session = useSession();
  const signOut = useSignOut();
  const location = useLocation();
  const user = session.data;
  const onAuthPage = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password'].includes(
    location.pathname,
  );

  if (session.isPending) {
    return null;
  }
  if (!user) {
    // On the sign-in and sign-up pages the form itself is the way in; a second link would only confuse.
    return onAuthPage ? null : (
      <Group gap="xs">
        <Button component={Link} to={signInPath(location.pathname + location.search)} variant="default">
          Sign in
        </Button>
        <Button component={Link} to="/sign-up" visibleFrom="xs">
          Sign up
        </Button>
      </Group>
    );
  }
  return (
    <Group gap="sm" wrap="nowrap" aria-label="Your account" role="group">
      <Avatar name={user.name} color="initials" aria-hidden visibleFrom="xs" />
      <Stack gap={0} visibleFrom="md">
        <Text size="sm" fw={600} lh={1.2}>
          {user.name}
        </Text>
        <Text size="xs" c="dimmed" lh={1.2}>
          {user.email}
        </Text>
      </Stack>
      <Button
        variant="default"
        loading={signOut.isPending}
        onClick={() =>
          signOut.mutate(undefined, {
            onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
          })
        }
      >
        Sign out
      </Button>
    </Group>
  );
}

export function Shell() {
  const [drawerOpened, drawer] = useDisclosure(false);
  const session = useSession();
  const items = visibleNavItems(session.data);
  const active = activeNavItem(items, useLocation().pathname);

  return (
    <LiveUpdates>
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={drawerOpened}
              onClick={drawer.toggle}
              hiddenFrom="sm"
              aria-label={drawerOpened ? 'Close navigation' : 'Open navigation'}
            />
            <UnstyledButton
              component={Link}
              to="/"
              aria-label="MeetYourBusiness, home"
              mih={44}
              display="flex"
            >
              <Group gap={8} wrap="nowrap">
                <IconBuildingStore aria-hidden color="var(--mantine-color-blue-8)" />
                <Text fw={800} size="lg" visibleFrom="xs">
                  MeetYourBusiness
                </Text>
              </Group>
            </UnstyledButton>
            <Group component="nav" aria-label="Main" gap={4} visibleFrom="sm" wrap="nowrap">
              {items.map((item) => (
                <MainNavLink key={item.to} item={item} active={item === active} />
              ))}
            </Group>
          </Group>
          <UserArea />
        </Group>
      </AppShell.Header>

      <SidePanel
        opened={drawerOpened}
        onClose={drawer.close}
        title="MeetYourBusiness"
        size="xs"
        hiddenFrom="sm"
      >
        <Stack component="nav" aria-label="Main" gap={4}>
          {items.map((item) => (
            <MainNavLink key={item.to} item={item} active={item === active} onNavigate={drawer.close} />
          ))}
        </Stack>
      </SidePanel>

      <AppShell.Main>
        <QueryView query={session} label="your session">
          {() => <Outlet />}
        </QueryView>
      </AppShell.Main>
    </AppShell>
    </LiveUpdates>
  );
}
