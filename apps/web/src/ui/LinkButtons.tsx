import { Button, Group, type ButtonVariant, type GroupProps } from '@mantine/core';
import { NavLink } from 'react-router';

export interface LinkButton {
  to: string;
  label: string;
  /** Lit only on this very address, not on the addresses below it. */
  end?: boolean;
}

/** With the group's own props for its place on the page (`mb`, `justify`). */
interface LinkButtonsProps extends Omit<GroupProps, 'children'> {
  /** The navigation's accessible name, e.g. "Shop sections". */
  label: string;
  links: LinkButton[];
  /** How the link of the page open looks, and the others. */
  variants?: { active: ButtonVariant; other: ButtonVariant };
}

/**
 * Pages as links drawn as buttons, so each is an address (bookmarked, opened in a new tab); the one
 * open is lit and marked as the current page for screen readers.
 */
export function LinkButtons({
  label,
  links,
  variants = { active: 'filled', other: 'default' },
  ...group
}: LinkButtonsProps) {
  return (
    <Group component="nav" aria-label={label} gap={4} {...group}>
      {links.map((link) => (
        <NavLink key={link.to} to={link.to} end={link.end} style={{ textDecoration: 'none' }}>
          {({ isActive }) => (
            <Button component="span" variant={isActive ? variants.active : variants.other}>
              {link.label}
            </Button>
          )}
        </NavLink>
      ))}
    </Group>
  );
}
