import { Drawer, Modal, type DrawerProps, type ModalProps } from '@mantine/core';
import { useEffect } from 'react';

let openDialogs = 0;

/**
 * Mantine traps focus in a dialog but leaves the page behind it in the accessibility tree, so a
 * screen reader (or a test looking for the field "Name") finds the page's fields as well as the
 * dialog's. Dialogs render in a portal outside #root, so hiding #root hides only the page.
 */
function useHideBackground(opened: boolean) {
  useEffect(() => {
    const root = document.getElementById('root');
    if (!opened || !root) {
      return;
    }
    openDialogs += 1;
    root.setAttribute('aria-hidden', 'true');
    return () => {
      openDialogs -= 1;
      if (openDialogs === 0) {
        root.removeAttribute('aria-hidden');
      }
    };
  }, [opened]);
}

const closeButtonProps = { 'aria-label': 'Close' };

export function Dialog(props: ModalProps) {
  useHideBackground(props.opened);
  return <Modal closeButtonProps={closeButtonProps} {...props} />;
}

export function SidePanel(props: DrawerProps) {
  useHideBackground(props.opened);
  return <Drawer closeButtonProps={closeButtonProps} {...props} />;
}
