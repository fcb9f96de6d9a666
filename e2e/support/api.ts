/** What the API answered: its status and its JSON body (null when it sent none). */
export interface ApiAnswer<Body> {
  status: number;
  body: Body;
}

/**
 * The product's API as a script calls it beside the browser, to set a scene or act as another person:
 * JSON in and out, a person's session cookie from `signIn`.
 */
export function productApi(baseUrl: string) {
  const call = async <Body = Record<string, unknown>>(
    path: string,
    init: { method?: string; cookie?: string; body?: unknown } = {},
  ): Promise<ApiAnswer<Body>> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Body };
  };
  /** Signs the person in; their session cookie, as a `cookie` header gives it. */
  const signIn = async (person: { email: string; password: string }): Promise<string> => {
    const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: person.email, password: person.password }),
    });
    if (response.status !== 200) {
      throw new Error(`signing ${person.email} in answered ${response.status}`);
    }
    return response.headers.get('set-cookie')!.split(';')[0]!;
  };
  return { call, signIn };
}
