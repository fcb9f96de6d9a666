import type { ShopRole, StaffRole } from '@myb/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Actor } from '../auth/actor';
import { roleFlagsOf, rolesOf, type RoleFlags } from '../auth/users.repository';
import type { MerchantRow } from '../merchants/merchants.repository';

/** What a request presents: a session cookie's token or an API token, as the SHA-256 they are stored by. */
export interface Credential {
  kind: 'session' | 'apiToken';
  tokenHash: string;
}

/** How stale `last_seen_at` (a session) or `last_used_at` (an API token) may get before a request writes it again. */
const LAST_SEEN_RESOLUTION = '1 minute';

/** The relation `credential (n, kind, token_hash)` of one credential, or of none. */
export const oneCredential = (credential: Credential | null) =>
  sql`credential AS (SELECT 1 AS n, ${credential?.kind ?? 'none'}::text AS kind, ${credential?.tokenHash ?? ''}::text AS token_hash)`;

/**
 * The one answer to "is this credential live, and whose is it", by the database's clock, over a
 * relation `credential (n, kind, token_hash)` that the statement defines before it (one credential,
 * or every order's of a batch). CTEs:
 * - `caller (n, user_id, user_name, user_email, user_created_at, is_admin, is_merchant, session_id,
 *   token_id, token_merchant_id, token_role)`: one row per credential that is live — a session not
 *   expired, or an API token not revoked (revoking deletes it) — of a user not disabled (disabling
 *   deletes the sessions too; this keeps the account out even if one slipped through). An API token
 *   acts only as its role in its shop, so it is never an admin or a merchant;
 * - `session_touched` and `token_touched`: `last_seen_at` and `last_used_at` written when stale, one
 *   write a minute per credential at most. A row another transaction is touching is skipped (SKIP
 *   LOCKED) rather than waited for: a statement touching several could otherwise deadlock with another.
 */
export const callerCtes = sql`
  caller AS (
    SELECT credential.n, users.id AS user_id, users.name AS user_name, users.email AS user_email,
      users.created_at AS user_created_at, users.is_admin, users.is_merchant, sessions.id AS session_id,
      NULL::uuid AS token_id, NULL::uuid AS token_merchant_id, NULL::text AS token_role
    FROM credential JOIN sessions ON sessions.token_hash = credential.token_hash JOIN users ON users.id = sessions.user_id
    WHERE credential.kind = 'session' AND sessions.expires_at > now() AND users.disabled_at IS NULL
    UNION ALL
    SELECT credential.n, users.id, users.name, users.email, users.created_at, false, false, NULL::uuid,
      api_tokens.id, api_tokens.merchant_id, api_tokens.role
    FROM credential JOIN api_tokens ON api_tokens.token_hash = credential.token_hash JOIN users ON users.id = api_tokens.created_by
    WHERE credential.kind = 'apiToken' AND users.disabled_at IS NULL
  ),
  session_touched AS (
    UPDATE sessions SET last_seen_at = now()
    WHERE token_hash IN (
      SELECT token_hash FROM sessions
      WHERE token_hash IN (SELECT token_hash FROM credential WHERE kind = 'session') AND expires_at > now()
        AND last_seen_at < now() - ${LAST_SEEN_RESOLUTION}::interval
      FOR UPDATE SKIP LOCKED
    )
  ),
  token_touched AS (
    UPDATE api_tokens SET last_used_at = now()
    WHERE id IN (
      SELECT id FROM api_tokens
      WHERE id IN (SELECT token_id FROM caller)
        AND (last_used_at IS NULL OR last_used_at < now() - ${LAST_SEEN_RESOLUTION}::interval)
      FOR UPDATE SKIP LOCKED
    )
  )`;

/**
 * The caller's role at the shop of a row `shop` (a merchants row), beside `caller`: an API token's
 * own role if it is the shop's token (none if another shop's), 'admin' for an admin, 'owner' for
 * its owner, else the staff role from `merchant_members` (none if they do not work there).
 */
export const roleAtShop = sql<ShopRole | null>`CASE
    WHEN caller.token_id IS NOT NULL THEN CASE WHEN caller.token_merchant_id = shop.id THEN caller.token_role END
    WHEN caller.is_admin THEN 'admin'
    WHEN shop.owner_id = caller.user_id THEN 'owner'
    ELSE (SELECT role FROM merchant_members WHERE merchant_id = shop.id AND user_id = caller.user_id)
  END`;

/** The caller's columns of a row of `callerColumns`, for a live credential. */
export type CallerRow = {
  user_id: string;
  user_name: string;
  user_email: string;
  user_created_at: Date;
  is_admin: boolean;
  is_merchant: boolean;
  session_id: string | null;
  token_id: string | null;
  token_merchant_id: string | null;
  token_role: StaffRole | null;
} & RoleFlags;
/** The columns of `caller`. */
const CALLER_CTE_KEYS = [
  'user_id',
  'user_name',
  'user_email',
  'user_created_at',
  'is_admin',
  'is_merchant',
  'session_id',
  'token_id',
  'token_merchant_id',
  'token_role',
] as const satisfies readonly (keyof CallerRow)[];
const CALLER_KEYS = [...CALLER_CTE_KEYS, 'is_staff', 'is_supplier'] as const;

/** The columns a statement selects to know the caller (`takeCaller` and `actorOf` read them), with `caller` in its FROM. */
export const callerColumns = sql.join([
  ...CALLER_CTE_KEYS.map((key) => sql.ref(`caller.${key}`)),
  ...roleFlagsOf(sql.ref('caller.user_id')),
]);
/** A row of `callerColumns`: all null when the credential is not live (or there was none). */
export type CallerColumns = CallerRow | { [K in keyof CallerRow]: null };

/** `Row` without the caller's columns, each member of a union on its own. */
type WithoutCaller<Row> = Row extends unknown ? Omit<Row, keyof CallerRow> : never;

/** A row's `callerColumns`, and the rest of it. */
export function takeCaller<Row extends CallerColumns>(
  row: Row,
): { caller: CallerColumns; rest: WithoutCaller<Row> } {
  const rest: Record<string, unknown> = { ...row };
  for (const key of CALLER_KEYS) {
    delete rest[key];
  }
  const caller = Object.fromEntries(CALLER_KEYS.map((key) => [key, row[key]])) as CallerColumns;
  return { caller, rest: rest as WithoutCaller<Row> };
}

/** The actor a row of `callerColumns` stands for; an API token acts only in its shop, as its role. */
export function actorOf(row: CallerColumns): Actor | null {
  if (row.user_id === null) {
    return null;
  }
  if (row.token_id !== null) {
    return {
      userId: row.user_id,
      roles: [],
      token: { id: row.token_id, merchantId: row.token_merchant_id!, role: row.token_role! },
    };
  }
  return { userId: row.user_id, roles: rolesOf(row) };
}

/** What `find` answers: the caller (null when the credential is not live), and given a shop's slug the shop and the caller's role there. */
export interface FoundCaller {
  actor: Actor | null;
  /** The caller's columns, for a live credential. */
  caller: CallerRow | null;
  shop: MerchantRow | undefined;
  role: ShopRole | undefined;
}

export function createAccessRepository(db: Kysely<Database>) {
  return {
    /**
     * The caller of `credential`, touched as `callerCtes` does, and given a shop's slug the shop and
     * the caller's role there: one round trip.
     */
    async find(credential: Credential | null, shopSlug?: string): Promise<FoundCaller> {
      const { rows } = await sql<
        CallerColumns & { role: ShopRole | null } & (MerchantRow | { [K in keyof MerchantRow]: null })
      >`
        WITH ${oneCredential(credential)}, ${callerCtes},
        shop AS (SELECT * FROM merchants WHERE slug = ${shopSlug ?? null})
        SELECT ${callerColumns}, ${roleAtShop} AS role, shop.*
        FROM (VALUES (1)) AS one
        LEFT JOIN caller ON true
        LEFT JOIN shop ON true`.execute(db);
      const { role, ...row } = rows[0]!;
      const { caller, rest: shop } = takeCaller(row);
      return {
        actor: actorOf(caller),
        caller: caller.user_id === null ? null : caller,
        shop: shop.id === null ? undefined : shop,
        role: role ?? undefined,
      };
    },
  };
}
export type AccessRepository = ReturnType<typeof createAccessRepository>;
