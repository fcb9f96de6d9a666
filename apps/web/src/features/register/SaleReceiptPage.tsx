import { Button, Group, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useSale } from '../../api/register';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { useShop } from '../back-office/ShopLayout';
import { PrintButtons, usePaper } from './PrintSheet';
import { Receipt } from './Receipt';

/** A sale's receipt by its address, to print it again. */
export function SaleReceiptPage() {
  const shop = useShop();
  const { saleId = '' } = useParams();
  const sale = useSale(shop.slug, saleId);
  const { paper, printOn } = usePaper();
  return (
    <QueryView query={sale} label="the receipt">
      {(found) => (
        <>
          <PageHeader
            title={`Receipt ${found.receiptNumber}`}
            description={`${found.register.name}, ${found.cashier.name}`}
            actions={
              <Button
                variant="default"
                component={Link}
                to={`/back-office/${shop.slug}/register/${found.register.id}`}
              >
                Back to {found.register.name}
              </Button>
            }
          />
          <Stack align="center" gap="md">
            <Group justify="center">
              <PrintButtons what="receipt" printOn={printOn} />
            </Group>
            <Receipt sale={found} shop={shop} paper={paper} />
          </Stack>
        </>
      )}
    </QueryView>
  );
}
