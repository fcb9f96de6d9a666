import { Outlet } from 'react-router';
import { LinkButtons } from '../../ui/LinkButtons';

const SECTIONS = [
  { to: '/admin', label: 'Users', end: true },
  { to: '/admin/audit-log', label: 'Audit log', end: false },
  { to: '/admin/stock-checks', label: 'Stock check', end: false },
];

/** The admin's pages, each an address of its own, under one item of the main navigation. */
export function AdminLayout() {
  return (
    <>
      <LinkButtons label="Admin sections" links={SECTIONS} mb="md" justify="flex-end" />
      <Outlet />
    </>
  );
}
