import { Button, Stack } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { usePurchaseOrder } from '../../api/purchasing';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { ReceiptNote } from './ReceiptNote';

/** A receipt's note by its address, to print it (on A4) and file it with the supplier's delivery note. */
export function ReceiptNotePage() {
  const shop = useShop();
  const { purchaseOrderId = '', receiptId = '' } = useParams();
  const order = usePurchaseOrder(shop.slug, purchaseOrderId);
  const back = `/back-office/${shop.slug}/purchase-orders/${purchaseOrderId}`;
  return (
    <QueryView query={order} label="the purchase order">
      {(found) => {
        const receipt = found.receipts.find((each) => each.id === receiptId);
        if (!receipt) {
          return (
            <EmptyState title="No such receipt">
              {`${found.number} has no receipt at this address. Open ${found.number} to see what was received against it.`}
            </EmptyState>
          );
        }
        return (
          <>
            <PageHeader
              title={`Receipt note for ${found.number}`}
              description={`${found.supplier.name}, received ${formatDateTime(receipt.at)} by ${receipt.by.name}`}
              actions={
                <Button variant="default" component={Link} to={back}>
                  Back to {found.number}
                </Button>
              }
            />
            <Stack align="center" gap="md">
              <Button
                variant="default"
                leftSection={<IconPrinter aria-hidden size={18} />}
                onClick={() => window.print()}
              >
                Print
              </Button>
              <ReceiptNote order={found} receipt={receipt} shop={shop} />
            </Stack>
          </>
        );
      }}
    </QueryView>
  );
}
