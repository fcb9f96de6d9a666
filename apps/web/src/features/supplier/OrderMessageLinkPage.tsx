import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { useAcknowledgeOrderMessageByLink, useOrderMessageLink } from '../../api/supplier';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';
import { MessageAcknowledgementStatus } from '../orders/MessageAcknowledgementStatus';
import { itemsOf } from './SupplierInboxPage';

/**
 * The page the link in a dispatched order's e-mail opens, without signing in: the order's items for
 * the supplier, and Acknowledge. The link works once; after acknowledging, the answer stays on the page.
 */
export function OrderMessageLinkPage() {
  const { token = '' } = useParams();
  const message = useOrderMessageLink(token);
  const acknowledge = useAcknowledgeOrderMessageByLink(token);
  return (
    <QueryView query={message} label="the order">
      {(sent) => (
        <>
          <PageHeader
            title={`Order ${sent.order?.number ?? ''}`}
            description={`${sent.merchant.name} has dispatched this order and needs these from ${sent.supplier.name}`}
          />
          <Stack gap="md" align="flex-start">
            <Stack gap={2}>
              {itemsOf(sent.payload).map((item) => (
                <Text key={item.sku}>
                  {item.quantity} × {item.product} ({item.sku})
                </Text>
              ))}
            </Stack>
            {sent.acknowledgement && <MessageAcknowledgementStatus acknowledgement={sent.acknowledgement} />}
            {sent.acknowledgement && !sent.acknowledgement.acknowledged && (
              <Button
                size="md"
                loading={acknowledge.isPending}
                onClick={() =>
                  acknowledge.mutate(undefined, {
                    onSuccess: () =>
                      notifications.show({
                        color: 'green',
                        message: `Acknowledged: ${sent.merchant.name} sees it.`,
                      }),
                    onError: (error) =>
                      notifications.show({
                        color: 'red',
                        title: 'Not acknowledged',
                        message: errorMessage(error),
                      }),
                  })
                }
              >
                Acknowledge
              </Button>
            )}
          </Stack>
        </>
      )}
    </QueryView>
  );
}
