import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

export interface LoopbackAccount {
  email: string;
  email_verified: boolean;
  name: string;
}

export interface LoopbackOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in, by login; the login is their subject (`sub`). */
  accounts: Map<string, LoopbackAccount>;
  /**
   * Claims to overwrite in the ID tokens the token endpoint returns from now on, re-signed with the
   * provider's own key: a correctly signed token for another audience, issuer or nonce.
   */
  tamper: Partial<Record<'aud' | 'iss' | 'nonce', string>> | null;
  /** A subject to put in the UserInfo answers from now on instead of the signed-in person's: another person's claims. */
  userInfoSubject: string | null;
  /**
   * Plays the browser at the provider: opens the authorization URL, signs in as `login` on the
   * provider's own login form, and returns the address the provider sends the browser back to.
   */
  signIn(authorizationUrl: string, login: string): Promise<URL>;
  close(): Promise<void>;
}

export interface LoopbackOidcOptions {
  redirectUris: string[];
  /**
   * Where the e-mail and name go: `id-token` (the default) puts them in the ID token as Google does;
   * `userinfo` is oidc-provider's own default and OpenID Connect Core §5.4 for the code flow: the ID
   * token carries only the subject, and the claims the scopes ask for come from the UserInfo endpoint.
   */
  claims?: 'id-token' | 'userinfo';
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1, configured like
 * Google unless told otherwise (`claims`): discovery, RS256 ID tokens carrying `email`,
 * `email_verified` and `name`, PKCE required, client_secret_post, and no consent screen for the
 * first-party client.
 */
export async function startOidcProvider(options: LoopbackOidcOptions): Promise<LoopbackOidcProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('OIDC provider has no TCP address');
  }
  const issuer = `http://127.0.0.1:${address.port}`;
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('base64url');
  const accounts = new Map<string, LoopbackAccount>();

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(6).toString('hex');
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // false: like Google, the ID token itself carries the e-mail and name asked for; true (the
    // package's default): only UserInfo does.
    conformIdTokenClaims: options.claims === 'userinfo',
    cookies: { keys: [randomBytes(16).toString('hex')] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    // A first-party client: no consent screen, every scope it asks for is granted.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) {
        return undefined;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  // Loaded on first use: every suite imports this package, few need an OpenID Connect provider.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, configuration);
  const loopback: LoopbackOidcProvider = {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamper: null,
    userInfoSubject: null,
    async signIn(authorizationUrl, login) {
      const jar = new Map<string, string>();
      let url = new URL(authorizationUrl);
      let method: 'GET' | 'POST' = 'GET';
      let body: string | undefined;
      for (let hop = 0; hop < 10; hop += 1) {
        const response = await fetch(url, {
          method,
          redirect: 'manual',
          body,
          headers: {
            cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
            ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair = ''] = cookie.split(';');
          const at = pair.indexOf('=');
          jar.set(pair.slice(0, at), pair.slice(at + 1));
        }
        const location = response.headers.get('location');
        if (location) {
          url = new URL(location, url);
          method = 'GET';
          body = undefined;
          if (url.origin !== issuer) {
            return url;
          }
          continue;
        }
        const page = await response.text();
        if (url.pathname.startsWith('/interaction/') && page.includes('name="login"')) {
          method = 'POST';
          body = new URLSearchParams({ prompt: 'login', login, password: 'any' }).toString();
          continue;
        }
        throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${page.slice(0, 300)}`);
      }
      throw new Error('too many redirects at the provider');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  provider.use(async (ctx, next) => {
    await next();
    const userInfo = ctx.body as { sub?: unknown } | undefined;
    if (loopback.userInfoSubject !== null && ctx.path === '/me' && typeof userInfo?.sub === 'string') {
      ctx.body = { ...userInfo, sub: loopback.userInfoSubject };
    }
    const tamper = loopback.tamper;
    const tokenBody = ctx.body as { id_token?: unknown } | undefined;
    if (tamper && ctx.path === '/token' && typeof tokenBody?.id_token === 'string') {
      const claims = { ...decodeJwt(tokenBody.id_token), ...tamper };
      ctx.body = {
        ...tokenBody,
        id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey),
      };
    }
  });
  const callback = provider.callback();
  handler = (req, res) => void callback(req, res);
  return loopback;
}
