import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';

export interface FacebookProfile {
  id: string;
  name: string;
  /** Facebook leaves it out when the person has no confirmed address. */
  email?: string;
}

export interface LoopbackFacebook {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  profileUrl: string;
  /** Who the next authorization signs in as: Facebook's own login page is not part of the stand-in. */
  nextProfile: FacebookProfile | null;
  close(): Promise<void>;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

/**
 * Facebook cannot run on loopback, so this stands in for the three endpoints Facebook Login uses,
 * with Facebook's rules: the login dialog (`/dialog/oauth`, redirect URI registered exactly, PKCE
 * S256), the token endpoint (`/oauth/access_token`: client secret, code once, verifier checked)
 * and the Graph API's `/me?fields=id,name,email` with the access token.
 */
export async function startFacebookStandIn(options: { redirectUri: string }): Promise<LoopbackFacebook> {
  const clientId = randomBytes(6).toString('hex');
  const clientSecret = randomBytes(16).toString('hex');
  const codes = new Map<string, { profile: FacebookProfile; challenge: string; redirectUri: string }>();
  const tokens = new Map<string, FacebookProfile>();
  const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
  // The handler reads who signs in next from the object handed back below, once it exists.
  const handle: { standIn?: LoopbackFacebook } = {};

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const answer = async (): Promise<{ status: number; body: string; location?: string }> => {
      if (url.pathname === '/dialog/oauth') {
        const q = url.searchParams;
        if (q.get('client_id') !== clientId || q.get('redirect_uri') !== options.redirectUri) {
          return json(400, { error: { message: 'URL blocked: the redirect URI is not whitelisted for this app' } });
        }
        const profile = handle.standIn?.nextProfile;
        if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !profile) {
          return json(400, { error: { message: 'code_challenge (S256) required, and someone to sign in' } });
        }
        const code = randomBytes(16).toString('hex');
        codes.set(code, { profile, challenge: q.get('code_challenge')!, redirectUri: options.redirectUri });
        const back = new URL(options.redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') ?? '');
        return { status: 302, body: '', location: back.href };
      }
      if (url.pathname === '/oauth/access_token' && request.method === 'POST') {
        const form = await formOf(request);
        const code = form.get('code') ?? '';
        const grant = codes.get(code);
        codes.delete(code);
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
          return json(401, { error: { message: 'Error validating client secret.', type: 'OAuthException' } });
        }
        if (!grant || grant.redirectUri !== form.get('redirect_uri') || grant.challenge !== challenge) {
          return json(400, { error: { message: 'This authorization code has been used or is invalid.', type: 'OAuthException' } });
        }
        const token = randomBytes(24).toString('hex');
        tokens.set(token, grant.profile);
        return json(200, { access_token: token, token_type: 'bearer', expires_in: 5183944 });
      }
      if (url.pathname === '/me') {
        const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        const profile = token ? tokens.get(token) : undefined;
        return profile ? json(200, profile) : json(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException' } });
      }
      return json(404, { error: { message: 'Unknown path' } });
    };
    answer().then(
      ({ status, body, location }) => {
        response.writeHead(status, { 'content-type': 'application/json', ...(location ? { location } : {}) });
        response.end(body);
      },
      () => {
        response.writeHead(500);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('Facebook stand-in has no TCP address');
  }
  const base = `http://127.0.0.1:${address.port}`;
  const standIn: LoopbackFacebook = {
    clientId,
    clientSecret,
    authorizationUrl: `${base}/dialog/oauth`,
    tokenUrl: `${base}/oauth/access_token`,
    profileUrl: `${base}/me?fields=id,name,email`,
    nextProfile: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  handle.standIn = standIn;
  return standIn;
}
