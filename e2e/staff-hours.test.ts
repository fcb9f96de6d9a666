import { hasChromium } from '@myb/testing';
import { describe, expect, it } from 'vitest';
import { openPage, Screenshots, step } from './support/browser';
import { productInChromium } from './support/product';
import { signIn } from './support/story';

/**
 * Green Grocer's staff hours. At the register, signed in as Bob the owner, Sam (cashier) picks himself
 * and clocks in with his PIN, a wrong one refused first. Mia (manager) opens Staff hours, goes to last
 * week, corrects Sam's Thursday, which was left open and closed automatically at 12 hours, with a
 * reason: the entry's history shows the times as clocked and as corrected, who and why. She approves
 * the week, which locks it.
 */

const BOB = { email: 'bob@greengrocer.example', password: 'bob-demo-1', name: 'Bob Green' };
const MIA = { email: 'mia@greengrocer.example', password: 'mia-demo-1', name: 'Mia Moreau' };
const SAM = 'Sam Silva';

describe.skipIf(!hasChromium('staff hours'))('staff hours in Chromium', () => {
  const shots = new Screenshots('staff-hours');
  const running = productInChromium('staff-hours', { EMBEDDED_MQTT_PORT: '0' });

  it('clocks a cashier in with his PIN, corrects an entry closed automatically, and approves the week', async () => {
    const register = await openPage(running.browser, running.server.url);
    const back = await openPage(running.browser, running.server.url);
    const pages = [register, back];

    await step(
      shots,
      'Sam clocks in at the register with his PIN, a wrong one refused first',
      pages,
      async () => {
        await signIn(register, BOB);
        await register.goto('/back-office/green-grocer/register');
        const clock = register.getByRole('region', { name: 'Time clock' });
        await clock.getByRole('combobox', { name: 'Who are you?' }).click();
        await register.getByRole('option', { name: SAM, exact: true }).click();
        await clock.getByText('Not clocked in.').waitFor();
        await clock.getByLabel('Your PIN', { exact: true }).fill('0000');
        await clock.getByRole('button', { name: 'Clock in' }).click();
        await clock
          .getByText(`That PIN is not right for ${SAM}: try again (4 tries left).`)
          .first()
          .waitFor();
        await clock.getByLabel('Your PIN', { exact: true }).fill('1234');
        await clock.getByRole('button', { name: 'Clock in' }).click();
        await register.getByText(new RegExp(`^${SAM} clocked in at \\d\\d:\\d\\d\\.$`)).waitFor();
        // The form is cleared for the next person; Sam is listed as clocked in.
        await expect.poll(() => clock.getByLabel('Your PIN', { exact: true }).inputValue()).toBe('');
        await clock.getByRole('combobox', { name: 'Who are you?' }).click();
        await register.getByRole('option', { name: `${SAM} (clocked in)`, exact: true }).waitFor();
        await register.keyboard.press('Escape');
      },
    );

    await step(
      shots,
      'Mia corrects Sam’s Thursday of last week, closed automatically, with a reason',
      pages,
      async () => {
        await signIn(back, MIA);
        await back.goto('/back-office/green-grocer');
        await back
          .getByRole('navigation', { name: 'Shop sections' })
          .getByRole('link', { name: 'Staff hours', exact: true })
          .click();
        await back.getByRole('heading', { level: 1, name: 'Staff hours' }).waitFor();
        // This week: Sam is clocked in since a moment ago.
        const sam = back.getByRole('region', { name: SAM, exact: true });
        await sam.getByRole('cell').getByText('Clocked in', { exact: true }).waitFor();
        await back.getByRole('button', { name: 'Week before' }).click();
        await sam.getByText('1 entry closed automatically').waitFor();
        // 8 + 8 + 8 + 11.5 (closed at 12 hours, half an hour unpaid) + 8.25 + 5 = 48:45, 8:45 above 40.
        await expect
          .poll(() => sam.getByRole('group', { name: `${SAM}’s week` }).innerText())
          .toMatch(/Total 48:45\s+Overtime 8:45/);
        const row = sam.getByRole('row').filter({ hasText: 'Closed automatically' });
        await row.getByRole('button', { name: /^Correct / }).click();
        const dialog = back.getByRole('dialog', { name: `${SAM}’s entry` });
        const clockedOut = dialog.getByLabel('Clocked out', { exact: true });
        const clocked = await clockedOut.inputValue();
        // Closed at 12 hours: 09:00 to 21:00 on the viewer's clock (Paris); he left at 17:00.
        expect(clocked).toMatch(/T21:00$/);
        await dialog.getByRole('button', { name: 'Save correction' }).click();
        await dialog.getByText('Say why the entry is corrected').waitFor();
        await clockedOut.fill(clocked.replace('T21:00', 'T17:00'));
        await dialog
          .getByLabel('Reason', { exact: true })
          .fill('Forgot to clock out: left at 17:00, as the rota says.');
        await dialog.getByRole('button', { name: 'Save correction' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await expect
          .poll(() => sam.getByRole('group', { name: `${SAM}’s week` }).innerText())
          .toMatch(/Total 44:45\s+Overtime 4:45/);

        await sam
          .getByRole('row')
          .filter({ hasText: 'Corrected' })
          .getByRole('button', { name: /^Correct / })
          .click();
        const history = dialog.getByRole('list', { name: 'Corrections' });
        await history
          .getByText(`by ${MIA.name}: “Forgot to clock out: left at 17:00, as the rota says.”`)
          .waitFor();
        await expect
          .poll(() => history.innerText())
          .toMatch(/Was .*09:00 – .*21:00[\s\S]*Now .*09:00 – .*17:00/);
        await shots.take(back, 'timesheet-correction');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'hidden' });
      },
    );

    await step(
      shots,
      'Mia approves last week: it is locked, its entries show their history only',
      pages,
      async () => {
        await back.getByRole('button', { name: 'Approve week' }).click();
        await back
          .getByRole('dialog', { name: /^Approve the week of / })
          .getByRole('button', { name: 'Approve and lock' })
          .click();
        await back.getByText(new RegExp(`^Approved by ${MIA.name}, .*: locked$`)).waitFor();
        await expect.poll(() => back.getByRole('button', { name: 'Approve week' }).count()).toBe(0);
        await expect.poll(() => back.getByRole('button', { name: /^Correct / }).count()).toBe(0);
        await back
          .getByRole('region', { name: SAM, exact: true })
          .getByRole('button', { name: /^History / })
          .first()
          .waitFor();
        // The toasts gone, and the page tall enough to show everyone's week down to Sam's flagged Thursday.
        await expect
          .poll(() => back.locator('.mantine-Notification-root').count(), { timeout: 15_000 })
          .toBe(0);
        await back.setViewportSize({ width: 1280, height: 1360 });
        await shots.take(back, 'staff-hours');
      },
    );
    await shots.publish('staff-hours', 'timesheet-correction');
  }, 180_000);
});
