import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import {
  discountAboveCap,
  formatDiscountShare,
  formatMoney,
  formatTaxRate,
  type Register,
  type RegisterShiftSummary,
  type Sale,
  type ShiftReport,
} from '@myb/contracts';
import { IconCashRegister, IconLock } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { v4 as uuidv4 } from 'uuid';
import { useCategories } from '../../api/catalogue';
import { useRegisterApprovers, useRegisters, useVoidLines } from '../../api/register';
import { EmptyState } from '../../ui/EmptyState';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import {
  cartReducer,
  cartTotals,
  newCart,
  saleInputOf,
  type Cart,
  type CartAction,
  type CartCustomer,
} from './cart';
import { CartPanel } from './CartPanel';
import { useCustomer } from '../../api/customers';
import { CustomerDialog } from './CustomerDialog';
import { DiscountDialog, type ApprovalNote, type DiscountTarget } from './DiscountDialog';
import {
  browserStore,
  parkCart,
  readCurrentCart,
  readParked,
  unparkCart,
  writeCurrentCart,
  type ParkedCart,
} from './parkedCarts';
import { PayDialog } from './PayDialog';
import { PrintButtons, usePaper } from './PrintSheet';
import { ProductPicker, type PickerMessage } from './ProductPicker';
import { Receipt } from './Receipt';
import { OpenRegisterDialog } from './RegisterDialogs';
import { ReturnDialog } from './ReturnDialog';
import { taxSettingsOf, useRegisterProducts, type RegisterProduct } from './registerProducts';
import { RegisterState } from './RegistersPage';
import { CashMoveDialog, CloseShiftDialog, ParkedCartsDialog, XReportDialog } from './ShiftDialogs';
import { differenceText, EmailShiftReportButton, ShiftReportSheet } from './ShiftReport';

type OpenDialog = 'pay' | 'return' | 'customer' | 'cash' | 'x-report' | 'close' | 'parked' | null;

const registersPath = (slug: string) => `/back-office/${slug}/register`;
export const salePath = (slug: string, saleId: string) => `/back-office/${slug}/register/sales/${saleId}`;

/** Keys a scanner or a person types: printable, with no modifier but Shift. */
const isTyping = (event: KeyboardEvent) =>
  event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;

/** What the cashier does now a sale or return is recorded: the change to give, or the cash to hand back. */
function doneTitle(sale: Sale): string {
  const money = (minor: number) => formatMoney(minor, sale.currency);
  if (sale.kind === 'return') {
    const cash = -sale.tenders.reduce(
      (sum, tender) => sum + (tender.method === 'cash' ? tender.amountMinor : 0),
      0,
    );
    return cash > 0
      ? `Refunded ${money(-sale.totalMinor)}: give ${money(cash)} back in cash`
      : `Refunded ${money(-sale.totalMinor)}`;
  }
  return sale.changeMinor > 0
    ? `Paid: give ${money(sale.changeMinor)} change`
    : `Paid: ${money(sale.totalMinor)}`;
}

function SaleDone({ sale, onNewSale }: { sale: Sale; onNewSale: () => void }) {
  const shop = useShop();
  const { paper, printOn } = usePaper();
  return (
    <Stack gap="md" align="center">
      <Title order={2} size="h3" ta="center">
        {doneTitle(sale)}
      </Title>
      <Group justify="center" gap="sm">
        <Button size="lg" data-autofocus autoFocus onClick={onNewSale}>
          New sale
        </Button>
        <PrintButtons what="receipt" printOn={printOn} />
      </Group>
      <Receipt sale={sale} shop={shop} paper={paper} />
      <Anchor component={Link} to={salePath(shop.slug, sale.id)}>
        Receipt page, to print it again later
      </Anchor>
    </Stack>
  );
}

function SellingScreen({
  register,
  shift,
  onClosed,
}: {
  register: Register;
  shift: RegisterShiftSummary;
  onClosed: (report: ShiftReport) => void;
}) {
  const shop = useShop();
  const settings = useMemo(() => taxSettingsOf(shop), [shop]);
  const { catalogue, products } = useRegisterProducts(shop.slug);
  const categories = useCategories(shop.slug);
  const [cart, dispatchToCart] = useReducer(
    cartReducer,
    register.id,
    (registerId): Cart => readCurrentCart(browserStore, registerId) ?? newCart(uuidv4()),
  );
  // The customer's name and store credit as they are now: a parked cart may wait while either changes.
  // The cart's customer as they are now: their store credit moves with each sale.
  const liveCustomer = useCustomer(shop.slug, cart.customer?.id);
  const customer: CartCustomer | null =
    cart.customer && liveCustomer.data
      ? {
          id: cart.customer.id,
          name: liveCustomer.data.customer.name,
          storeCreditMinor: liveCustomer.data.customer.storeCreditMinor,
        }
      : cart.customer;
  const voids = useVoidLines(shop.slug, shift.id);
  /**
   * Lines taken off before payment are recorded with who took them off (nothing is sold, but the shift's
   * report counts them); the cart changes at once, and a void the server did not take is said.
   */
  const recordVoid = (lines: { productId: string; quantity: number }[]) =>
    voids.mutate(
      { cartId: cart.id, lines: lines.map((line) => ({ id: uuidv4(), ...line })) },
      {
        onError: (error) =>
          setMessage({ text: `The removal was not recorded: ${error.message}`, tone: 'problem' }),
      },
    );
  const dispatch = (action: CartAction) => {
    if (action.type === 'remove') {
      const line = cart.lines.find((each) => each.productId === action.productId);
      if (line) {
        recordVoid([line]);
      }
    }
    dispatchToCart(action);
  };
  const [parked, setParked] = useState<ParkedCart[]>(() => readParked(browserStore, register.id));
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [discount, setDiscount] = useState<DiscountTarget>();
  const [lastSale, setLastSale] = useState<Sale>();
  const [message, setMessage] = useState<PickerMessage | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const anyDialog = dialog !== null || discount !== undefined;

  const refocus = useCallback(() => {
    window.setTimeout(() => searchRef.current?.focus(), 0);
  }, []);
  useHotkeys([['/', () => searchRef.current?.focus()]]);

  // The cart survives a reload, with its sale id.
  useEffect(() => writeCurrentCart(browserStore, register.id, cart), [register.id, cart]);
  // Prices and names follow the live catalogue, so the total shown is the one charged.
  useEffect(() => {
    if (products) {
      dispatchToCart({ type: 'sync', products });
    }
  }, [products]);
  // Back in the search box whenever nothing else is on screen.
  useEffect(() => {
    if (!anyDialog && lastSale === undefined) {
      refocus();
    }
  }, [anyDialog, lastSale, refocus]);
  // A scanner types wherever the focus is: a key pressed outside any field goes to the search box.
  useEffect(() => {
    if (anyDialog || lastSale !== undefined) {
      return;
    }
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const inField = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (!inField && isTyping(event) && event.key !== '/') {
        searchRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [anyDialog, lastSale]);

  const totals = useMemo(() => cartTotals(cart, settings), [cart, settings]);
  // Discounts above the seller's cap need a manager's approval, typed when the customer pays.
  const approvers = useRegisterApprovers(shop.slug);
  const capPpm = approvers.data?.capPpm ?? null;
  const needsApproval = discountAboveCap(totals.discountMinor, totals.grossMinor, capPpm);
  const approvalNote: ApprovalNote = (target, discount) => {
    const after = cartTotals(cartReducer(cart, target.action(discount)), settings);
    return capPpm !== null && discountAboveCap(after.discountMinor, after.grossMinor, capPpm)
      ? `The sale’s discounts would come to ${formatDiscountShare(after.discountMinor, after.grossMinor)}, above your ${formatTaxRate(capPpm)} cap: a manager approves them with their PIN when the customer pays.`
      : null;
  };
  const productsById = useMemo(
    () => new Map((products ?? []).map((product) => [product.id, product])),
    [products],
  );
  const inCart = useMemo(() => new Map(cart.lines.map((line) => [line.productId, line.quantity])), [cart]);
  const money = (minor: number) => formatMoney(minor, shop.currency);

  const add = (product: RegisterProduct) => {
    const held = inCart.get(product.id) ?? 0;
    if (held >= product.stock) {
      setMessage({
        text: `${product.name}: all ${product.stock} in stock are in the cart already.`,
        tone: 'problem',
      });
      return;
    }
    dispatch({ type: 'add', product });
    setMessage({ text: `Added ${product.name}: ${held + 1} in the cart.`, tone: 'done' });
    refocus();
  };
  const park = () => {
    setParked(parkCart(browserStore, register.id, cart, totals.totalMinor));
    dispatch({ type: 'replace', cart: newCart(uuidv4()) });
    setMessage({
      text: `Cart of ${money(totals.totalMinor)} parked: resume it from Parked carts.`,
      tone: 'done',
    });
    refocus();
  };
  const resume = (cartId: string) => {
    const taken = unparkCart(browserStore, register.id, cartId);
    let list = taken.parked;
    if (cart.lines.length > 0) {
      list = parkCart(browserStore, register.id, cart, totals.totalMinor);
    }
    setParked(list);
    if (taken.cart) {
      dispatch({ type: 'replace', cart: taken.cart });
      setMessage({ text: 'Parked cart resumed.', tone: 'done' });
    }
    setDialog(null);
  };
  const voidCart = () => {
    recordVoid(cart.lines);
    dispatchToCart({ type: 'replace', cart: newCart(uuidv4()) });
    setMessage({ text: 'Cart voided: the removal is recorded on the shift.', tone: 'done' });
    refocus();
  };
  const pickCustomer = (picked: CartCustomer) => {
    dispatch({ type: 'customer', customer: picked });
    setDialog(null);
    setMessage({ text: `Selling to ${picked.name}.`, tone: 'done' });
  };
  const paid = (sale: Sale) => {
    dispatch({ type: 'replace', cart: newCart(uuidv4()) });
    setDialog(null);
    setMessage(null);
    setLastSale(sale);
  };
  const { lines, cartDiscountMinor } = saleInputOf(cart);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="wrap">
          <Title order={1} size="h3">
            {register.name}
          </Title>
          <RegisterState register={register} />
        </Group>
        <Group gap="xs" wrap="wrap">
          <Button variant="default" onClick={() => setDialog('parked')}>
            {`Parked carts (${parked.length})`}
          </Button>
          <Button variant="default" color="red" disabled={cart.lines.length === 0} onClick={voidCart}>
            Void cart
          </Button>
          <Button variant="default" onClick={() => setDialog('return')}>
            Return
          </Button>
          <Button variant="default" onClick={() => setDialog('cash')}>
            Cash in/out
          </Button>
          <Button variant="default" onClick={() => setDialog('x-report')}>
            X report
          </Button>
          <Button variant="default" color="red" onClick={() => setDialog('close')}>
            Close register
          </Button>
          <Button variant="subtle" component={Link} to={registersPath(shop.slug)}>
            All registers
          </Button>
        </Group>
      </Group>
      {lastSale ? (
        <SaleDone
          sale={lastSale}
          onNewSale={() => {
            setLastSale(undefined);
            setMessage({ text: 'New sale: scan the first product.', tone: 'done' });
          }}
        />
      ) : (
        <div className="pos">
          {products ? (
            // Once read, a failed poll keeps the search box and the tiles (with the stock last read).
            <ProductPicker
              products={products}
              categories={categories.data ?? []}
              currency={shop.currency}
              inCart={inCart}
              searchRef={searchRef}
              message={message}
              onAdd={add}
              onMessage={setMessage}
            />
          ) : (
            <QueryView query={catalogue} label="the products">
              {() => null}
            </QueryView>
          )}
          <CartPanel
            cart={cart}
            customer={customer}
            totals={totals}
            settings={settings}
            currency={shop.currency}
            products={productsById}
            dispatch={dispatch}
            refocus={refocus}
            onDiscount={setDiscount}
            onAddCustomer={() => setDialog('customer')}
            onPark={park}
            onPay={() => setDialog('pay')}
          />
        </div>
      )}
      <PayDialog
        opened={dialog === 'pay'}
        slug={shop.slug}
        registerId={register.id}
        currency={shop.currency}
        sale={{
          id: cart.id,
          shiftId: shift.id,
          lines: cart.lines.map((line, index) => ({
            productId: line.productId,
            quantity: line.quantity,
            discountMinor: lines[index]!.discountMinor,
          })),
          cartDiscountMinor,
          totalMinor: totals.totalMinor,
          ...(cart.customer ? { customerId: cart.customer.id } : {}),
        }}
        customer={customer}
        approval={
          needsApproval && approvers.data
            ? {
                ...approvers.data,
                share: formatDiscountShare(totals.discountMinor, totals.grossMinor),
              }
            : null
        }
        onPaid={paid}
        onClose={() => setDialog(null)}
      />
      <CustomerDialog
        opened={dialog === 'customer'}
        slug={shop.slug}
        currency={shop.currency}
        onPick={pickCustomer}
        onClose={() => setDialog(null)}
      />
      <ReturnDialog
        opened={dialog === 'return'}
        slug={shop.slug}
        registerId={register.id}
        shiftId={shift.id}
        currency={shop.currency}
        products={products}
        settings={settings}
        onReturned={(sale) => {
          setDialog(null);
          setMessage(null);
          setLastSale(sale);
        }}
        onClose={() => setDialog(null)}
      />
      <DiscountDialog
        target={discount}
        currency={shop.currency}
        approvalNote={approvalNote}
        onDone={() => setDiscount(undefined)}
      />
      <ParkedCartsDialog
        opened={dialog === 'parked'}
        parked={parked}
        currency={shop.currency}
        onResume={resume}
        onClose={() => setDialog(null)}
      />
      <CashMoveDialog
        opened={dialog === 'cash'}
        slug={shop.slug}
        shiftId={shift.id}
        currency={shop.currency}
        onClose={() => setDialog(null)}
      />
      <XReportDialog
        opened={dialog === 'x-report'}
        slug={shop.slug}
        shiftId={shift.id}
        currency={shop.currency}
        onClose={() => setDialog(null)}
      />
      <CloseShiftDialog
        opened={dialog === 'close'}
        slug={shop.slug}
        shiftId={shift.id}
        currency={shop.currency}
        cartLines={cart.lines.length}
        onClose={() => setDialog(null)}
        onClosed={onClosed}
      />
    </Stack>
  );
}

/** After closing: the Z report from the close's answer, to print, then back to the closed register. */
function ZReport({ slug, report, onDone }: { slug: string; report: ShiftReport; onDone: () => void }) {
  const { paper, printOn } = usePaper();
  return (
    <Stack gap="md" align="center">
      <Title order={1} size="h3">
        {report.register.name} closed
      </Title>
      {report.differenceMinor !== null && (
        <Text size="lg" fw={700} c={report.differenceMinor === 0 ? 'green.9' : 'red.8'}>
          Difference: {differenceText(report.differenceMinor, report.currency)}
        </Text>
      )}
      <Group gap="sm" justify="center">
        <PrintButtons what="Z report" printOn={printOn} />
        <EmailShiftReportButton slug={slug} report={report} />
        <Button onClick={onDone}>Done</Button>
      </Group>
      <ShiftReportSheet report={report} paper={paper} />
    </Stack>
  );
}

function RegisterClosed({ register }: { register: Register }) {
  const [opening, setOpening] = useState(false);
  return (
    <>
      <EmptyState
        title={`${register.name} is closed`}
        icon={<IconLock />}
        action={
          <Button size="lg" leftSection={<IconCashRegister aria-hidden />} onClick={() => setOpening(true)}>
            Open register
          </Button>
        }
      >
        Count the cash in the drawer and open the register to sell.
      </EmptyState>
      <OpenRegisterDialog register={opening ? register : undefined} onDone={() => setOpening(false)} />
    </>
  );
}

/**
 * The selling screen of one register: products and the search box on the left, the cart on the right,
 * the shift's cash and reports above. A closed register offers to open.
 */
export function SellPage() {
  const shop = useShop();
  const { registerId = '' } = useParams();
  const registers = useRegisters(shop.slug);
  const [zReport, setZReport] = useState<ShiftReport>();
  if (zReport) {
    return <ZReport slug={shop.slug} report={zReport} onDone={() => setZReport(undefined)} />;
  }
  const show = (all: Register[]) => {
    const register = all.find((each) => each.id === registerId);
    if (!register) {
      return (
        <EmptyState
          title="No such register"
          action={
            <Button component={Link} to={registersPath(shop.slug)}>
              All registers
            </Button>
          }
        >
          This register is not one of {shop.name}’s. Choose one from the list.
        </EmptyState>
      );
    }
    if (register.archivedAt !== null) {
      return (
        <EmptyState title={`${register.name} is archived`} icon={<IconLock />}>
          An archived register sells no more. An owner or a manager can bring it back from the list of
          registers.
        </EmptyState>
      );
    }
    if (register.openShift === null) {
      return <RegisterClosed register={register} />;
    }
    return (
      <SellingScreen
        key={register.openShift.id}
        register={register}
        shift={register.openShift}
        onClosed={setZReport}
      />
    );
  };
  // Once read, a failed poll keeps the screen (and the cart's dialogs) as they are.
  return registers.data ? (
    show(registers.data)
  ) : (
    <QueryView query={registers} label="the register">
      {show}
    </QueryView>
  );
}
