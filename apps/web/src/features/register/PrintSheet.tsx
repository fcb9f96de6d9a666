import { Button, Group } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
// With the sheet, not the register: a purchase receipt note prints without the register's screens.
import './print-sheet.css';

export type Paper = '80mm' | '58mm' | 'a4';

const PAPERS: { paper: Paper; label: string }[] = [
  { paper: '80mm', label: '80 mm' },
  { paper: '58mm', label: '58 mm' },
  { paper: 'a4', label: 'A4' },
];

const MM_PER_PX = 25.4 / 96;

/** Sheets on screen (a receipt with a report's dialog over it): the page prints sheets while any is. */
let sheetsShown = 0;

/** The page a roll printer cuts: the paper's width, as long as the sheet, no margin. A4 has its own. */
function pageRule(paper: Paper, sheetHeightPx: number): string {
  if (paper === 'a4') {
    return '@page { size: A4; margin: 12mm; }';
  }
  const length = Math.ceil(sheetHeightPx * MM_PER_PX) + 2;
  return `@page { size: ${paper} ${length}mm; margin: 0; }`;
}

/**
 * A sheet to print, drawn at its paper's width. While it is on screen, printing the page (the buttons,
 * or the browser's own Print) prints the sheet alone, on a page of its paper's size.
 */
export function PrintSheet({ paper, label, children }: { paper: Paper; label: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const sheet = ref.current;
    const style = document.createElement('style');
    document.head.appendChild(style);
    sheetsShown += 1;
    document.body.classList.add('myb-printing');
    const measure = () => {
      style.textContent = pageRule(paper, sheet?.getBoundingClientRect().height ?? 0);
    };
    measure();
    const observer = new ResizeObserver(measure);
    if (sheet) {
      observer.observe(sheet);
    }
    return () => {
      observer.disconnect();
      style.remove();
      sheetsShown -= 1;
      if (sheetsShown === 0) {
        document.body.classList.remove('myb-printing');
      }
    };
  }, [paper]);
  return (
    <article ref={ref} className="print-sheet" data-paper={paper} aria-label={label}>
      {children}
    </article>
  );
}

/** The paper chosen for the sheets of a screen, and the buttons that print on each. */
export function usePaper(initial: Paper = '80mm') {
  const [paper, setPaper] = useState<Paper>(initial);
  const printOn = (chosen: Paper) => {
    // The sheet takes the paper's width and its @page rule before the print dialog reads the page.
    flushSync(() => setPaper(chosen));
    window.print();
  };
  return { paper, printOn };
}

export function PrintButtons({ what, printOn }: { what: string; printOn: (paper: Paper) => void }) {
  return (
    <Group gap="xs" role="group" aria-label={`Print the ${what}`}>
      {PAPERS.map(({ paper, label }) => (
        <Button
          key={paper}
          variant="default"
          leftSection={<IconPrinter aria-hidden size={18} />}
          onClick={() => printOn(paper)}
        >
          {`Print ${label}`}
        </Button>
      ))}
    </Group>
  );
}
