import { PasswordInput, type PasswordInputProps } from '@mantine/core';

/**
 * Mantine names the show/hide toggle "Toggle password visibility", which a search for the label
 * "Password" also finds; this name keeps the field the only control called "Password".
 */
export function PasswordField(props: PasswordInputProps) {
  return (
    <PasswordInput
      label="Password"
      visibilityToggleButtonProps={{ 'aria-label': 'Show characters' }}
      {...props}
    />
  );
}
