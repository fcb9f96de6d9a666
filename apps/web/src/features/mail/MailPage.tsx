import { Alert, Box, Grid, NavLink, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { MailMessage } from '@myb/contracts';
import { IconInfoCircle, IconMail } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useMail } from '../../api/mail';
import { formatDateTime } from '../../lib/format';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';
import { QueryView } from '../../ui/QueryView';

function MessageView({ message }: { message: MailMessage }) {
  return (
    <Paper withBorder p="md" component="article" aria-labelledby="mail-subject">
      <Stack gap={4} mb="md">
        <Title order={2} size="h4" id="mail-subject">
          {message.subject || '(no subject)'}
        </Title>
        <Text size="sm">
          <b>From</b> {message.from}
        </Text>
        <Text size="sm">
          <b>To</b> {message.to.join(', ')}
        </Text>
        <Text size="sm" c="dimmed">
          {formatDateTime(message.date)}
        </Text>
      </Stack>
      {message.html !== null ? (
        // An empty sandbox: the mail's scripts, forms and links cannot touch this app or its session.
        <iframe
          title={`Message: ${message.subject}`}
          sandbox=""
          srcDoc={message.html}
          style={{
            width: '100%',
            minHeight: 480,
            border: '1px solid var(--mantine-color-gray-3)',
            borderRadius: 8,
            background: '#fff',
          }}
        />
      ) : (
        <Box
          component="pre"
          style={{ whiteSpace: 'pre-wrap', fontFamily: 'var(--mantine-font-family-monospace)', margin: 0 }}
        >
          {message.text}
        </Box>
      )}
    </Paper>
  );
}

export function MailPage() {
  const mail = useMail();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('message');

  return (
    <>
      <PageHeader
        title="Mail"
        description="E-mails the platform sent, newest first, as the recipients see them."
      />
      <QueryView query={mail} label="the mail folder">
        {({ enabled, messages }) => {
          const selected = messages.find((message) => message.id === selectedId) ?? messages[0];
          return (
            <Stack gap="md">
              {!enabled && (
                <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="Real e-mail is on">
                  This server sends e-mail through its mail provider, so nothing is kept here. Check the
                  recipients' inboxes instead.
                </Alert>
              )}
              {messages.length === 0 ? (
                enabled && (
                  <EmptyState title="No mail yet" icon={<IconMail />}>
                    Dispatch an order whose products have suppliers: the e-mails their agents send appear
                    here.
                  </EmptyState>
                )
              ) : (
                <Grid>
                  <Grid.Col span={{ base: 12, md: 4 }}>
                    <Paper withBorder component="nav" aria-label="Messages">
                      <ScrollArea.Autosize mah="70vh">
                        {messages.map((message) => (
                          <NavLink
                            key={message.id}
                            component="button"
                            active={message.id === selected?.id}
                            aria-current={message.id === selected?.id ? 'true' : undefined}
                            onClick={() => setParams({ message: message.id }, { replace: true })}
                            label={message.subject || '(no subject)'}
                            description={
                              <>
                                {message.from} → {message.to.join(', ')}
                                <br />
                                {formatDateTime(message.date)}
                              </>
                            }
                          />
                        ))}
                      </ScrollArea.Autosize>
                    </Paper>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 8 }}>
                    {selected && <MessageView message={selected} />}
                  </Grid.Col>
                </Grid>
              )}
            </Stack>
          );
        }}
      </QueryView>
    </>
  );
}
