import { API_PREFIX, type User } from '@myb/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import * as oidc from 'openid-client';
import type { FacebookConfig, OidcProviderConfig } from '../../config';
import type { Database } from '../../db/schema';
import { notFound } from '../../http/errors';
import { hasControlCharacters, withoutControlCharacters } from '../../http/text-input';
import type { AuthService, SignedIn, SignInContext } from './auth.service';
import type { ExternalSignInRepository } from './external-sign-in.repository';
import { hashToken } from './tokens';
import { toUser, type UsersRepository } from './users.repository';

const FLOW_LIFETIME_MS = 10 * 60 * 1000;

/** A sign-in refused; the message is for the person, shown on the sign-in page. */
export class ExternalSignInError extends Error {}

/** Only same-site paths, so a crafted `next` cannot send a fresh session elsewhere. */
export const safeNextPath = (next: string | undefined) => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

/** Plain-HTTP issuers are accepted on loopback only (a development or test provider). */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * The issuer's own words, or which check failed: openid-client wraps the precise error (for
 * example `unexpected JWT "aud" (audience) claim value`) as the cause of a general one.
 */
function describeFailure(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
    return error.error_description ?? error.error;
  }
  let innermost: unknown = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) {
    innermost = innermost.cause;
  }
  return innermost instanceof Error ? innermost.message : 'unknown error';
}

/** An issuer people may sign in with: OpenID Connect, or Facebook's OAuth 2.0 with its Graph API profile. */
type Provider = (OidcProviderConfig & { kind: 'oidc' }) | (FacebookConfig & { kind: 'oauth2'; id: 'facebook'; label: string });

/** Who the provider says the person is. */
interface Identity {
  sub: string;
  email: string | null;
  verified: boolean;
  name: string | null;
}

export interface ExternalSignInRepositories {
  users: UsersRepository;
  signIns: ExternalSignInRepository;
}

export interface ExternalSignInOptions {
  providers: OidcProviderConfig[];
  facebook: FacebookConfig | null;
  publicUrl: string;
  log: FastifyBaseLogger;
}

/**
 * Sign-in through OpenID Connect issuers with openid-client: authorization code flow with PKCE
 * (S256), `state` and `nonce`. openid-client checks the ID token's signature, that its issuer is
 * exactly the discovered one and its audience this client, and the nonce; the state must match
 * the cookie of the browser that started the sign-in and is good for one use.
 */
export function createExternalSignIn(
  db: Kysely<Database>,
  { users, signIns }: ExternalSignInRepositories,
  auth: AuthService,
  options: ExternalSignInOptions,
) {
  const configurations = new Map<string, Promise<oidc.Configuration>>();
  const providers: Provider[] = [
    ...options.providers.map((provider) => ({ ...provider, kind: 'oidc' as const })),
    ...(options.facebook ? [{ ...options.facebook, kind: 'oauth2' as const, id: 'facebook' as const, label: 'Facebook' }] : []),
  ];

  function providerOrThrow(providerId: string): Provider {
    const provider = providers.find((candidate) => candidate.id === providerId);
    if (!provider) {
      throw notFound(`sign-in provider "${providerId}"`);
    }
    return provider;
  }

  /** Discovered once and kept (Facebook has no discovery: its endpoints are configured); a failure is retried. */
  function configuration(provider: Provider): Promise<oidc.Configuration> {
    let pending = configurations.get(provider.id);
    if (!pending) {
      if (provider.kind === 'oauth2') {
        const authorization = new URL(provider.authorizationUrl);
        const config = new oidc.Configuration(
          { issuer: authorization.origin, authorization_endpoint: provider.authorizationUrl, token_endpoint: provider.tokenUrl },
          provider.clientId,
          provider.clientSecret,
        );
        if (authorization.protocol === 'http:' && isLoopback(authorization)) {
          oidc.allowInsecureRequests(config);
        }
        pending = Promise.resolve(config);
      } else {
        const issuer = new URL(provider.issuer);
        pending = oidc.discovery(
          issuer,
          provider.clientId,
          provider.clientSecret,
          undefined,
          issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
        );
      }
      pending.catch(() => configurations.delete(provider.id));
      configurations.set(provider.id, pending);
    }
    return pending;
  }

  const redirectUri = (provider: Provider) =>
    `${options.publicUrl.replace(/\/$/, '')}${API_PREFIX}/auth/external/${provider.id}/callback`;

  /** The account of this identity: linked before, or the account of its verified e-mail, or a new customer. */
  async function accountFor(provider: Provider, identity: Identity): Promise<User> {
    const { email, verified } = identity;
    // What the issuer says is stored: a name loses any control characters, an id or address with one is refused.
    if (hasControlCharacters(identity.sub) || (email !== null && hasControlCharacters(email))) {
      throw new ExternalSignInError(`${provider.label} sent an account id or e-mail address with control characters in it, which cannot be used here`);
    }
    const name = withoutControlCharacters(identity.name ?? '').trim() || (email?.split('@')[0] ?? 'New customer');
    return db.transaction().execute(async (trx) => {
      const accounts = users.within(trx);
      const linkedUserId = await signIns.within(trx).findLinkedUserId(provider.id, identity.sub);
      let user = linkedUserId ? await accounts.findById(linkedUserId) : undefined;
      if (!user) {
        if (!email || !verified) {
          throw new ExternalSignInError(
            `${provider.label} did not confirm an e-mail address for this account, so it cannot be linked to one here`,
          );
        }
        user = (await accounts.findByEmail(email)) ?? { ...(await accounts.insert({ email, name, passwordHash: null })), is_staff: false, is_supplier: false };
        await signIns.within(trx).link({ providerId: provider.id, subject: identity.sub, userId: user.id, email });
      }
      if (user.disabled_at) {
        throw new ExternalSignInError('this account is disabled; ask an administrator');
      }
      return toUser(user);
    });
  }

  /**
   * The UserInfo claims of the person the ID token names. openid-client refuses an answer about
   * another subject (OpenID Connect Core §5.3.2: it must not be used then); an issuer without a
   * UserInfo endpoint has given no more than its ID token.
   */
  async function userInfo(
    provider: Provider,
    config: oidc.Configuration,
    accessToken: string,
    subject: string,
  ): Promise<{ email?: unknown; email_verified?: unknown; name?: unknown }> {
    if (!config.serverMetadata().userinfo_endpoint) {
      return {};
    }
    try {
      return await oidc.fetchUserInfo(config, accessToken, subject);
    } catch (error) {
      if (error instanceof oidc.ClientError && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
        throw new ExternalSignInError(
          `${provider.label} described another person (its UserInfo subject is not the ID token's), so the sign-in was refused. Please try again, or ask the issuer's administrator.`,
        );
      }
      throw error;
    }
  }

  /** Exchanges the code (with the PKCE verifier) and reads who signed in: the ID token (or UserInfo), or Facebook's Graph API. */
  async function identify(
    provider: Provider,
    currentUrl: URL,
    state: string,
    flow: { code_verifier: string; nonce: string },
  ): Promise<Identity> {
    const config = await configuration(provider);
    if (provider.kind === 'oidc') {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: flow.code_verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) {
        throw new ExternalSignInError(`${provider.label} sent no ID token`);
      }
      // Google puts the e-mail in the ID token; the code flow of OpenID Connect Core (§5.4) puts it
      // in the UserInfo answer, which is then asked for, about the ID token's subject only.
      const fromIdToken = 'email' in claims && 'email_verified' in claims;
      const profile = fromIdToken ? claims : await userInfo(provider, config, tokens.access_token, claims.sub);
      return {
        sub: claims.sub,
        email: typeof profile.email === 'string' ? profile.email : null,
        verified: profile.email_verified === true || profile.email_verified === 'true',
        name: typeof claims.name === 'string' ? claims.name : typeof profile.name === 'string' ? profile.name : null,
      };
    }
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, { pkceCodeVerifier: flow.code_verifier, expectedState: state });
    const response = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(provider.profileUrl), 'GET');
    if (!response.ok) {
      throw new ExternalSignInError(`${provider.label} did not give the profile (HTTP ${response.status})`);
    }
    const profile = (await response.json()) as { id?: unknown; name?: unknown; email?: unknown };
    if (typeof profile.id !== 'string' || profile.id === '') {
      throw new ExternalSignInError(`${provider.label} sent a profile without an id`);
    }
    const email = typeof profile.email === 'string' && profile.email !== '' ? profile.email : null;
    return {
      sub: profile.id,
      email,
      // Facebook returns only a confirmed primary address, and none at all otherwise.
      verified: email !== null,
      name: typeof profile.name === 'string' ? profile.name : null,
    };
  }

  return {
    providers: providers.map((provider) => ({ id: provider.id, kind: provider.kind, label: provider.label })),

    /** Where to send the browser, and the state its cookie must carry back. */
    async start(providerId: string, next: string | undefined): Promise<{ url: string; state: string }> {
      const provider = providerOrThrow(providerId);
      const config = await configuration(provider);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      // Sign-ins abandoned at the issuer leave their row; each new one sweeps the expired ones away.
      await signIns.deleteExpiredFlows();
      await signIns.insertFlow({
        state_hash: hashToken(state),
        provider_id: provider.id,
        code_verifier: codeVerifier,
        nonce,
        next_path: safeNextPath(next),
        expires_at: new Date(Date.now() + FLOW_LIFETIME_MS),
      });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(provider),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        ...(provider.kind === 'oidc' ? { scope: 'openid email profile', nonce } : { scope: 'email public_profile' }),
      });
      return { url: url.href, state };
    },

    /** Finishes the sign-in the issuer sent the browser back from; refuses it with a reason otherwise. */
    async complete(
      providerId: string,
      callbackPathAndQuery: string,
      cookieState: string | undefined,
      context: SignInContext,
    ): Promise<{ session: SignedIn; next: string }> {
      const provider = providerOrThrow(providerId);
      const currentUrl = new URL(callbackPathAndQuery, options.publicUrl);
      const state = currentUrl.searchParams.get('state');
      if (!state || !cookieState || state !== cookieState) {
        throw new ExternalSignInError('this sign-in was not started in this browser, or has expired; please try again');
      }
      const flow = await signIns.takeFlow(hashToken(state));
      if (!flow || flow.provider_id !== provider.id || flow.expires_at.getTime() < Date.now()) {
        throw new ExternalSignInError('this sign-in has expired or was already used; please try again');
      }
      let identity: Identity;
      try {
        identity = await identify(provider, currentUrl, state, flow);
      } catch (error) {
        if (error instanceof ExternalSignInError) {
          throw error;
        }
        options.log.warn({ err: error, provider: provider.id }, 'external sign-in refused');
        throw new ExternalSignInError(`${provider.label} sign-in failed: ${describeFailure(error)}`);
      }
      const user = await accountFor(provider, identity);
      return { session: await auth.startSession(user, context), next: flow.next_path };
    },
  };
}
export type ExternalSignIn = ReturnType<typeof createExternalSignIn>;
