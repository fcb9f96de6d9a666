import { Button, Group } from '@mantine/core';
import { NavLink, Outlet } from 'react-router';

const SECTIONS = [
  { to: '/admin', label: 'Users', end: true },
  { to: '/admin/audit-log', label: 'Audit log', end: false },
  { to: '/admin/stock-checks', label: 'Stock check', end: false },
];

/** The admin's pages, each an address of its own, under one item of the main navigation. */
export function AdminLayout() {
  return (
    <>
      <Group component="nav" aria-label="Admin sections" gap={4} mb="md" justify="flex-end">
        {SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end={section.end} style={{ textDecoration: 'none' }}>
            {({ isActive }) => (
              <Button component="span" variant={isActive ? 'filled' : 'default'}>
                {section.label}
              </Button>
            )}
          </NavLink>
        ))}
      </Group>
      <Outlet />
    </>
  );
}
